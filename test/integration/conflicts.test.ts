// Conflicts between workstations: a categorisation, a report decision and a preservation (a hold released
// on one side, the retention extended on the other) that differ between two real vaults are all kept and
// listed, nothing overwritten; a supervisor resolves one with a signed entry citing both sides, and the
// resolution syncs and resolves it on the other side too. An analyst cannot resolve, and a resolution that
// cites an entry otherwise than it was written, or comes from a role that may not resolve, is refused.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { recordDecision } from '../../main/core/decisions';
import { ForbiddenError } from '../../main/core/errors';
import { addUser, Vault } from '../../main/core/identity';
import { ingestPaths } from '../../main/core/media';
import { extendRetention, placeHold, releaseHold } from '../../main/core/preservation';
import { categorizeItems, itemProjection } from '../../main/core/review';
import { listConflicts, resolveConflict } from '../../main/core/sync/merge';
import { verifyVault } from '../../main/core/verify';
import { patternImage } from '../support/media';
import { mergeFrom } from '../support/sync-peers';
import { createTestVault, passphrases, useTempDirs } from '../support/temp';

const tempDir = useTempDirs();

async function reopen(root: string, user: string, passphrase: string): Promise<Vault> {
  return Vault.unlock(join(root, 'vault'), { user, passphrase }, { stateDir: join(root, 'state') });
}

function bySha(vault: Vault, sha256: string): string {
  const item = itemProjection(vault).find((i) => i.sha256 === sha256);
  if (!item) throw new Error(`no item ${sha256}`);
  return item.id;
}

describe('conflicts between workstations', () => {
  it('keeps both sides, lists them, and resolves by a supervisor on both workstations', async () => {
    const a = await createTestVault(tempDir);
    const b = await createTestVault(tempDir);
    await addUser(a.vault, 'sue', passphrases.ben, 'supervisor');
    await addUser(a.vault, 'al', passphrases.ben, 'analyst');
    await addUser(b.vault, 'bo', passphrases.ben, 'analyst');
    const src = join(a.root, 'src');
    await mkdir(src);
    for (const seed of [1, 2]) await writeFile(join(src, `image-${seed}.png`), await patternImage(seed));
    const ingested = await ingestPaths(a.vault, [src]);
    const [first, second] = ingested.outcomes.map((o) => (o.kind === 'ingested' ? o : null));
    if (!first || !second) throw new Error('two items were not ingested');
    categorizeItems(a.vault, [first.itemId], 'B1', []);
    recordDecision(a.vault, 'item', second.itemId, {
      outcome: { category: 'A1', report: 'report', action: 'remove-content', annotations: [] },
      rationale: 'Clear match with the known bank; report it.',
    });
    const hold = placeHold(a.vault, { matter: 'Matter 7', scope: [{ kind: 'item', target: first.itemId }] });
    releaseHold(a.vault, hold.id, 'The matter is closed.');

    // B takes A's entries, then decides otherwise on both items and extends the first one's retention.
    await mergeFrom(a.vault, b.vault);
    const bFirst = bySha(b.vault, first.hashes.sha256);
    const bSecond = bySha(b.vault, second.hashes.sha256);
    expect(itemProjection(b.vault).find((i) => i.id === bFirst)?.category).toEqual({
      category: 'B1',
      annotations: [],
    });
    categorizeItems(b.vault, [bFirst], 'none', []);
    recordDecision(b.vault, 'item', bSecond, {
      outcome: { category: 'A1', report: 'no-report', action: 'none', annotations: [] },
      rationale: 'Not enough to report.',
    });
    extendRetention(b.vault, {
      kind: 'item',
      target: bFirst,
      agency: 'Police',
      reference: 'REF-1',
      requestedOn: '2026-01-01',
      until: '2030-01-01',
    });
    // Both sides are kept: B's own categorisation stays in its row; the conflicts are listed on both sides.
    await mergeFrom(a.vault, b.vault);
    const onB = listConflicts(b.vault, { open: true });
    expect(onB.map((c) => c.kind).sort()).toEqual(['category', 'hold', 'report']);
    expect(itemProjection(b.vault).find((i) => i.id === bFirst)?.category?.category).toBe('none');
    const summary = await mergeFrom(b.vault, a.vault);
    expect(summary.conflicts).toBe(3);
    const onA = listConflicts(a.vault, { open: true });
    expect(onA.map((c) => c.kind).sort()).toEqual(['category', 'hold', 'report']);
    const category = onA.find((c) => c.kind === 'category');
    if (!category) throw new Error('no category conflict');
    expect(category.sides.map((s) => s.decision).sort()).toEqual(['B1', 'none']);
    expect(category.sides.find((s) => s.local)?.actorName).toBe('ana');
    expect(category.sides.find((s) => !s.local)?.actorName).toBe(`ana (${b.vault.ledger.origin})`);
    expect(itemProjection(a.vault).find((i) => i.id === first.itemId)?.category?.category).toBe('B1');
    expect((await verifyVault(a.vault)).problems).toEqual([]);

    // An analyst cannot resolve; a supervisor chooses B's side, with a reason.
    const bSide = category.sides.find((s) => !s.local);
    if (!bSide) throw new Error('no side of B');
    a.vault.lock();
    const al = await reopen(a.root, 'al', passphrases.ben);
    expect(() =>
      resolveConflict(al, { id: category.id, origin: bSide.origin, seq: bSide.seq, reason: 'mine' }),
    ).toThrow(ForbiddenError);
    al.lock();
    const sue = await reopen(a.root, 'sue', passphrases.ben);
    const resolved = resolveConflict(sue, {
      id: category.id,
      origin: bSide.origin,
      seq: bSide.seq,
      reason: 'The second look on B is right: nothing illegal.',
    });
    expect(resolved.resolution?.chosen).toMatchObject({ origin: bSide.origin, seq: bSide.seq });
    const [entry] = sue.ledger.entriesFor(category.id, 'conflict.resolve');
    // Every side is cited (in the store's order, whatever order the screen shows them in).
    expect(entry?.details.cites).toEqual(
      expect.arrayContaining(category.sides.map(({ origin, seq, leafHash }) => ({ origin, seq, leafHash }))),
    );
    expect(entry?.details.cites).toHaveLength(category.sides.length);
    expect(itemProjection(sue).find((i) => i.id === first.itemId)?.category?.category).toBe('none');
    expect(
      listConflicts(sue, { open: true })
        .map((c) => c.kind)
        .sort(),
    ).toEqual(['hold', 'report']);
    expect((await verifyVault(sue)).problems).toEqual([]);

    // The resolution travels: B's conflict is resolved by it too.
    await mergeFrom(sue, b.vault);
    expect(
      listConflicts(b.vault, { open: true })
        .map((c) => c.kind)
        .sort(),
    ).toEqual(['hold', 'report']);
    const onBResolved = listConflicts(b.vault).find((c) => c.kind === 'category');
    expect(onBResolved?.resolution?.reason).toBe('The second look on B is right: nothing illegal.');
    expect(itemProjection(b.vault).find((i) => i.id === bFirst)?.category?.category).toBe('none');

    // A resolution citing an entry otherwise than written, or made by an analyst, resolves nothing on B.
    const report = listConflicts(sue, { open: true }).find((c) => c.kind === 'report');
    if (!report) throw new Error('no report conflict');
    const [chosen, other] = report.sides;
    if (!chosen || !other) throw new Error('the report conflict has not two sides');
    const forge = (vault: Vault, leafHash: string) =>
      vault.db.transaction(() =>
        vault.record('conflict.resolve', [report.id, report.itemId], {
          kind: 'report',
          subject: report.itemId,
          conflict: report.id,
          cites: [
            { origin: chosen.origin, seq: chosen.seq, leafHash: chosen.leafHash },
            { origin: other.origin, seq: other.seq, leafHash },
          ],
          choice: { origin: chosen.origin, seq: chosen.seq, leafHash: chosen.leafHash },
          value: JSON.stringify({ category: 'A1', report: 'report', action: 'remove-content' }),
          reason: 'forged',
        }),
      )();
    forge(sue, 'f'.repeat(64));
    sue.lock();
    const al2 = await reopen(a.root, 'al', passphrases.ben);
    forge(al2, other.leafHash);
    // Neither waits for anything (both are refused outright) and neither resolves anything.
    expect((await mergeFrom(al2, b.vault)).waiting).toBe(0);
    expect(
      listConflicts(b.vault, { open: true })
        .map((c) => c.kind)
        .sort(),
    ).toEqual(['hold', 'report']);
    al2.lock();
    b.vault.lock();
  }, 400_000);
});
