// Vaults for the audit screen with a peer, built with the core's own functions before the app starts
// (generated images only): a field office ("Field office", ana) ingests two images and categorises one;
// the team's vault ("Audit team", ana the admin and sue a supervisor), each on the other's roster, ingests one
// image and imports the field office's real sync bundle, so it holds the field office's verified entries.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ingestPaths } from '../../main/core/media';
import { categorizeItems } from '../../main/core/review';
import { addToRoster, exportBundle, importBundle, syncCard } from '../../main/core/sync';
import { shapesImage } from '../support/media';
import type { VaultSeed } from './fixtures';
import { withFieldAndTeam } from './peer-team';

export const auditPeersSeed: VaultSeed = {
  run: (folders) =>
    withFieldAndTeam(folders, 'Audit team', async ({ field, team, source }) => {
      addToRoster(team, (await syncCard(field)).card, 'supervisor');
      addToRoster(field, (await syncCard(team)).card, 'supervisor');
      await writeFile(join(source, 'field-1.png'), await shapesImage(51));
      await writeFile(join(source, 'field-2.png'), await shapesImage(52));
      const ingested = await ingestPaths(field, [join(source, 'field-1.png'), join(source, 'field-2.png')]);
      const [first] = ingested.outcomes.flatMap((o) => (o.kind === 'ingested' ? [o.itemId] : []));
      if (!first) throw new Error('The field office did not ingest its images.');
      categorizeItems(field, [first], 'B1', ['infant']);
      await writeFile(join(source, 'team-1.png'), await shapesImage(53));
      await ingestPaths(team, [join(source, 'team-1.png')]);
      const bundle = join(source, 'field.age');
      await exportBundle(field, bundle, {});
      await importBundle(team, bundle);
    }),
};
