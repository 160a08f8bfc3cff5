// Vaults for the audit screen with a peer, built with the core's own functions before the app starts
// (generated images only): a field office ("Field office", ana) ingests two images and categorises one;
// the team's vault ("Audit team", ana the admin and sue a supervisor), each on the other's roster, ingests one
// image and imports the field office's real sync bundle, so it holds the field office's verified entries.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { addUser, Vault } from '../../main/core/identity';
import { ingestPaths } from '../../main/core/media';
import { categorizeItems } from '../../main/core/review';
import { addToRoster, exportBundle, importBundle, syncCard } from '../../main/core/sync';
import { shapesImage } from '../support/media';
import type { VaultSeed } from './fixtures';

export const auditTeam = {
  ana: { user: 'ana', passphrase: 'correct horse battery staple' },
  sue: { user: 'sue', passphrase: 'sue supervisor passphrase' },
} as const;

export const auditPeersSeed: VaultSeed = {
  async run(folders) {
    const field = await Vault.create(join(folders.vaultsRoot, 'Field office'), auditTeam.ana, {
      stateDir: folders.stateDir,
    });
    const team = await Vault.create(join(folders.vaultsRoot, 'Audit team'), auditTeam.ana, {
      stateDir: folders.stateDir,
    });
    const source = await mkdtemp(join(folders.userData, 'audit-peers-'));
    try {
      await addUser(team, auditTeam.sue.user, auditTeam.sue.passphrase, 'supervisor');
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
    } finally {
      field.lock();
      team.lock();
      await rm(source, { recursive: true, force: true });
    }
  },
};
