import { copyFile, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { categorizeItems, itemProjection } from '../../main/core/review';
import {
  importBundle,
  listRoster,
  removeFromRoster,
  syncStatus,
  witnessesOfOwnLog,
  replicaEntriesFor,
} from '../../main/core/sync';
import { verifyVault } from '../../main/core/verify';
import { seededRandom } from '../support/random';
import { bundleFrom, folderPrint, ingestImages as ingestTo, makeTeam, type Member } from '../support/sync';
import { useTempDirs } from '../support/temp';

const tempDir = useTempDirs();

const ingestImages = (member: Member, seeds: readonly number[]) => ingestTo(tempDir, member, seeds);

function replicaHeads(member: Member): Record<string, { entries: number; root: string }> {
  return Object.fromEntries(
    syncStatus(member.vault)
      .origins.filter((o) => !o.own)
      .map((o) => [o.origin, { entries: o.entries, root: o.checkpoint?.root ?? '' }]),
  );
}

describe('sync bundles between three workstations', () => {
  it('converge on the same replicas through shuffled, duplicated and relayed bundles', async () => {
    const team = await makeTeam(tempDir, ['a', 'b', 'c']);
    const [a, b, c] = team as [Member, Member, Member];
    const [first1] = await ingestImages(a, [1, 2]);
    const [ofB] = await ingestImages(b, [3]);
    await ingestImages(c, [4]);
    categorizeItems(a.vault, [first1 ?? ''], 'A1', []);
    categorizeItems(b.vault, [ofB ?? ''], 'B2', []);
    const random = seededRandom(1515);
    // Three rounds: each member writes a bundle to a random subset; the bundles (some twice) arrive in a
    // shuffled order; A's entries reach C only through B in the first round.
    const first = [
      { from: a, file: await bundleFrom(a, [b]), to: [b] },
      { from: c, file: await bundleFrom(c), to: [a, b] },
    ];
    for (const { file, to } of first) for (const m of to) await importBundle(m.vault, file);
    const relay = await bundleFrom(b, [c]);
    await importBundle(c.vault, relay);
    expect(Object.keys(replicaHeads(c))).toContain(a.vault.ledger.origin);
    for (let round = 0; round < 3; round++) {
      const deliveries: Array<{ file: string; member: Member }> = [];
      for (const m of team) {
        const file = await bundleFrom(m);
        for (const peer of team) if (peer !== m) deliveries.push({ file, member: peer });
        if (random.next() < 0.5) deliveries.push({ file, member: team.find((p) => p !== m) as Member });
      }
      for (let i = deliveries.length - 1; i > 0; i--) {
        const j = random.int(0, i + 1);
        [deliveries[i], deliveries[j]] = [
          deliveries[j] as (typeof deliveries)[number],
          deliveries[i] as (typeof deliveries)[number],
        ];
      }
      for (const { file, member } of deliveries) await importBundle(member.vault, file);
    }
    // A last exchange in a fixed order settles every head.
    for (const m of team) {
      const file = await bundleFrom(m);
      for (const peer of team) if (peer !== m) await importBundle(peer.vault, file);
    }
    const of = (m: Member) => replicaHeads(m);
    expect(of(b)[a.vault.ledger.origin]).toEqual(of(c)[a.vault.ledger.origin]);
    expect(of(a)[b.vault.ledger.origin]).toEqual(of(c)[b.vault.ledger.origin]);
    expect(of(a)[c.vault.ledger.origin]).toEqual(of(b)[c.vault.ledger.origin]);
    // Each replica is a prefix of the origin's own ledger (same root at that size).
    for (const m of team) {
      for (const peer of team.filter((p) => p !== m)) {
        const head = of(m)[peer.vault.ledger.origin];
        expect(head?.entries).toBeGreaterThan(2);
        const root = Buffer.from(peer.vault.ledger.subtrees().subtreeHash(0, head?.entries ?? 0)).toString(
          'base64',
        );
        expect(head?.root).toBe(root);
      }
    }
    // The same items, by content, with the same categories, on every workstation.
    const items = (m: Member) =>
      itemProjection(m.vault)
        .map((item) => `${item.sha256} ${item.category?.category ?? '-'}`)
        .sort();
    expect(items(a)).toHaveLength(4);
    expect(items(b)).toEqual(items(a));
    expect(items(c)).toEqual(items(a));
    expect(items(a).filter((line) => line.endsWith(' A1') || line.endsWith(' B2'))).toHaveLength(2);
    // Everyone witnessed everyone else's log.
    for (const m of team) expect(witnessesOfOwnLog(m.vault).length).toBe(2);
  }, 300_000);

  it('importing the same bundle twice, or an older one after a newer, changes nothing', async () => {
    const [a, b] = (await makeTeam(tempDir, ['a', 'b'])) as [Member, Member];
    await ingestImages(a, [5]);
    const older = await bundleFrom(a);
    await ingestImages(a, [6]);
    const newer = await bundleFrom(a);
    const first = await importBundle(b.vault, newer);
    expect(first.unchanged).toBe(false);
    expect(first.blobs).toBe(2);
    const print = await folderPrint(join(b.root, 'vault'));
    const again = await importBundle(b.vault, newer);
    expect(again.unchanged).toBe(true);
    const old = await importBundle(b.vault, older);
    expect(old.unchanged).toBe(true);
    expect(await folderPrint(join(b.root, 'vault'))).toEqual(print);
  });

  it("shows peers' entries about an item with their origin", async () => {
    const [a, b] = (await makeTeam(tempDir, ['a', 'b'])) as [Member, Member];
    const [item] = await ingestImages(a, [7]);
    await importBundle(b.vault, await bundleFrom(a));
    const entries = replicaEntriesFor(b.vault, item ?? '');
    expect(entries.map((e) => [e.origin, e.entry.action])).toEqual([[a.vault.ledger.origin, 'item.ingest']]);
    // B's cosignature comes back to A: verify lists it and finds nothing wrong on either side.
    await importBundle(a.vault, await bundleFrom(b, [a]));
    const report = await verifyVault(a.vault);
    expect(report.problems).toEqual([]);
    expect(report.witnesses.map((w) => w.witness)).toEqual([`custody/${b.vault.workstationId}/witness`]);
    expect((await verifyVault(b.vault)).problems).toEqual([]);
  });
});

describe('roster changes travel in bundles', () => {
  it("takes a peer admin's roster additions, so relayed entries of the new member verify", async () => {
    const [a, b] = (await makeTeam(tempDir, ['a', 'b'], 'admin')) as [Member, Member];
    const c = (await makeTeam(tempDir, ['c']))[0] as Member;
    const { syncCard, addToRoster } = await import('../../main/core/sync');
    // B and C know each other; A knows only B, and B's admin adds C: A learns C from B's bundle.
    addToRoster(b.vault, (await syncCard(c.vault)).card, 'supervisor');
    addToRoster(c.vault, (await syncCard(b.vault)).card, 'admin');
    await ingestImages(c, [12]);
    await importBundle(b.vault, await bundleFrom(c, [b]));
    const summary = await importBundle(a.vault, await bundleFrom(b, [a]));
    expect(summary.rosterChanges).toBe(1);
    expect(summary.byOrigin[c.vault.ledger.origin]).toBeGreaterThan(0);
    expect(listRoster(a.vault).map((m) => m.workstation)).toContain(c.vault.workstationId);
  });
});

describe('a bundle that fails any check is refused and the vault stays byte for byte as it was', () => {
  async function refusedUnchanged(member: Member, file: string, message: RegExp): Promise<void> {
    const before = await folderPrint(join(member.root, 'vault'));
    await expect(importBundle(member.vault, file)).rejects.toThrow(message);
    expect(await folderPrint(join(member.root, 'vault'))).toEqual(before);
  }

  it('refuses a tampered, truncated or wrongly addressed bundle', async () => {
    const [a, b, c] = (await makeTeam(tempDir, ['a', 'b', 'c'])) as [Member, Member, Member];
    await ingestImages(a, [8]);
    const file = await bundleFrom(a, [b]);
    const bytes = await readFile(file);
    const flipped = Buffer.from(bytes);
    flipped[flipped.length - 100] = (flipped[flipped.length - 100] ?? 0) ^ 1;
    await writeFile(join(b.root, 'flipped.age'), flipped);
    await refusedUnchanged(b, join(b.root, 'flipped.age'), /refused.*(truncated or damaged|does not)/);
    await writeFile(join(b.root, 'cut.age'), bytes.subarray(0, Math.floor(bytes.length / 2)));
    await refusedUnchanged(b, join(b.root, 'cut.age'), /refused.*truncated/);
    await refusedUnchanged(c, file, /refused.*does not open it/);
  });

  it('refuses a bundle from a removed member', async () => {
    const [a, b] = (await makeTeam(tempDir, ['a', 'b'], 'admin')) as [Member, Member];
    const file = await bundleFrom(a);
    removeFromRoster(b.vault, a.vault.workstationId);
    expect(listRoster(b.vault)[0]?.removedAt).not.toBeNull();
    await refusedUnchanged(b, file, /was removed from the roster/);
  });

  it('catches a workstation rolled back to an older copy by the cosigned checkpoint a peer holds', async () => {
    const [a, b] = (await makeTeam(tempDir, ['a', 'b'])) as [Member, Member];
    await ingestImages(a, [9]);
    // An older copy of A (vault and state, as someone holding both would restore them).
    a.vault.lock();
    const copy = await tempDir();
    for (const f of Object.keys(await folderPrint(a.root))) {
      if (f.endsWith('/')) continue;
      await import('node:fs/promises').then((fs) => fs.mkdir(join(copy, f, '..'), { recursive: true }));
      await copyFile(join(a.root, f), join(copy, f));
    }
    const reopened = await reopen(a.root);
    await ingestImages({ ...a, vault: reopened }, [10]);
    await importBundle(b.vault, await bundleFrom({ ...a, vault: reopened }));
    const witnessBundle = await bundleFrom(b, [a]);
    reopened.lock();
    const rolledBack = await reopen(copy);
    await ingestImages({ name: 'a', root: copy, vault: rolledBack }, [11]);
    const rolled: Member = { name: 'a', root: copy, vault: rolledBack };
    await refusedUnchanged(rolled, witnessBundle, /rolled back|forked/);
    const forked = await bundleFrom(rolled);
    await refusedUnchanged(b, forked, /rolled back or forked|forked|not consistent/);
  });
});

async function reopen(root: string) {
  const { Vault } = await import('../../main/core/identity');
  const { passphrases } = await import('../support/temp');
  return Vault.unlock(
    join(root, 'vault'),
    { user: 'ana', passphrase: passphrases.ana },
    { stateDir: join(root, 'state') },
  );
}
