// Vaults for the conflict-queue end-to-end test, built with the core's own functions before the app starts
// (generated images only): a field office's vault ("Field office", ana) ingests two images, categorises
// one B1 and decides to report the other; the team's vault ("Conflicts", ana the admin and sue a
// supervisor) takes the field office's entries and originals as the sync importer hands them over,
// decides otherwise on both, and takes the field office's entries again: two conflicts are open.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { recordDecision } from '../../main/core/decisions';
import { ingestPaths } from '../../main/core/media';
import { categorizeItems, itemProjection } from '../../main/core/review';
import { shapesImage } from '../support/media';
import { mergeFrom } from '../support/sync-peers';
import type { VaultSeed } from './fixtures';
import { withFieldAndTeam } from './peer-team';

export const conflictsSeed: VaultSeed = {
  run: (folders) =>
    withFieldAndTeam(folders, 'Conflicts', async ({ field, team, source }) => {
      await writeFile(join(source, 'scene-1.png'), await shapesImage(41));
      await writeFile(join(source, 'scene-2.png'), await shapesImage(42));
      const ingested = await ingestPaths(field, [source]);
      const ids = ingested.outcomes.flatMap((o) => (o.kind === 'ingested' ? [o.itemId] : []));
      const [first, second] = ids;
      if (!first || !second) throw new Error('The field office did not ingest two images.');
      categorizeItems(field, [first], 'B1', ['infant']);
      recordDecision(field, 'item', second, {
        outcome: { category: 'A1', report: 'report', action: 'remove-content', annotations: [] },
        rationale: 'Matches the known series; report it.',
      });
      await mergeFrom(field, team);
      const byName = new Map(itemProjection(team).map((i) => [i.sha256, i.id]));
      const facts = itemProjection(field);
      const teamFirst = byName.get(facts.find((i) => i.id === first)?.sha256 ?? '');
      const teamSecond = byName.get(facts.find((i) => i.id === second)?.sha256 ?? '');
      if (!teamFirst || !teamSecond) throw new Error('The team vault did not take both items.');
      categorizeItems(team, [teamFirst], 'none', []);
      recordDecision(team, 'item', teamSecond, {
        outcome: { category: 'none', report: 'no-report', action: 'none', annotations: [] },
        rationale: 'A drawing of shapes: nothing to report.',
      });
      const summary = await mergeFrom(field, team);
      if (summary.conflicts !== 2) throw new Error(`The seed made ${summary.conflicts} conflicts, not 2.`);
    }),
};
