// The merge of a peer's verified ledger entries into this vault's projections, with two and three real
// vaults: A ingests generated images and categorises them; B receives A's entries and originals and shows
// the items with display copies its own core rendered, their sources and categories; applying the same
// entries again changes nothing, and any order (in any batches, through a hop) gives the same projections.
// Peer users exist here for their rows and can never unlock or act.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { addUser, listUsers, userNames, Vault } from '../../main/core/identity';
import type { LedgerEntry } from '../../main/core/ledger';
import { ingestPaths } from '../../main/core/media';
import {
  categorizeItems,
  derivativeBlobs,
  itemDetail,
  itemProjection,
  listItems,
} from '../../main/core/review';
import { ensurePeerUsers } from '../../main/core/sync/merge';
import { verifyVault } from '../../main/core/verify';
import { seededRandom } from '../support/random';
import { ledgerEntries, mergeFrom, peerUsersOf } from '../support/sync-peers';
import { patternImage } from '../support/media';
import { createTestVault, passphrases, useTempDirs } from '../support/temp';

const tempDir = useTempDirs();

async function ingestImages(
  vault: Vault,
  root: string,
  seeds: readonly number[],
): Promise<Map<number, string>> {
  const src = join(root, `src-${seeds.join('-')}`);
  await mkdir(src, { recursive: true });
  for (const seed of seeds) await writeFile(join(src, `image-${seed}.png`), await patternImage(seed));
  const summary = await ingestPaths(vault, [src]);
  const ids = new Map<number, string>();
  for (const o of summary.outcomes) {
    if (o.kind === 'failed') throw new Error(o.reason);
    ids.set(Number(/image-(\d+)/.exec(o.path)?.[1]), o.itemId);
  }
  return ids;
}

/** The projections by content: each item's SHA-256 with its category and source paths. */
function projections(vault: Vault) {
  return itemProjection(vault)
    .map((item) => {
      const detail = itemDetail(vault, item.id, false);
      return {
        sha256: item.sha256,
        size: item.size,
        mime: item.mime,
        category: item.category,
        sources: detail.sources.map((s) => s.path).sort(),
      };
    })
    .sort((a, b) => (a.sha256 < b.sha256 ? -1 : 1));
}

async function vaultA() {
  const a = await createTestVault(tempDir);
  const ids = await ingestImages(a.vault, a.root, [1, 2, 3]);
  categorizeItems(a.vault, [ids.get(1) as string, ids.get(2) as string], 'B1', []);
  categorizeItems(a.vault, [ids.get(2) as string], 'A2', ['infant']);
  return { ...a, ids };
}

function shuffled<T>(items: readonly T[], seed: number): T[] {
  const random = seededRandom(seed);
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random.next() * (i + 1));
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

describe('sync merge', () => {
  it("shows a peer's items with this core's own display copies, sources and categories, once", async () => {
    const a = await vaultA();
    const b = await createTestVault(tempDir);
    const summary = await mergeFrom(a.vault, b.vault);
    expect(summary.newItems).toBe(3);
    expect(summary.conflicts).toBe(0);
    expect(summary.waiting).toBe(0);
    expect(summary.byOrigin).toEqual({ [a.vault.ledger.origin]: ledgerEntries(a.vault).length });

    const grid = listItems(b.vault, 'all', 0, 50);
    expect(grid.total).toBe(3);
    expect(projections(b.vault)).toEqual(projections(a.vault));
    // Display copies are B's own blobs, rendered by B's core: none of A's blob ids.
    const aBlobs = new Set(derivativeBlobs(a.vault).map((d) => d.blobId));
    const bCopies = derivativeBlobs(b.vault);
    expect(bCopies).toHaveLength(9);
    expect(bCopies.some((d) => aBlobs.has(d.blobId))).toBe(false);
    // Who ingested and categorised is A's user, shown with A's origin, never B's "ana".
    const anaOfA = peerUsersOf(a.vault)[0];
    const detail = itemDetail(b.vault, grid.items[0]?.id as string, false);
    expect(detail.sources[0]?.ingestedBy).toBe(`ana (${a.vault.ledger.origin})`);
    expect(userNames(b.vault, [anaOfA?.id as string]).get(anaOfA?.id as string)).toBe(
      `ana (${a.vault.ledger.origin})`,
    );
    expect(listItems(b.vault, 'categorised', 0, 50).total).toBe(2);

    // The same entries again, and again with their originals: nothing changes.
    const before = {
      items: projections(b.vault),
      size: b.vault.ledger.size,
      copies: derivativeBlobs(b.vault),
    };
    const again = await mergeFrom(a.vault, b.vault);
    expect(again).toMatchObject({ entries: 0, newItems: 0, conflicts: 0 });
    expect({
      items: projections(b.vault),
      size: b.vault.ledger.size,
      copies: derivativeBlobs(b.vault),
    }).toEqual(before);
    // verify names nothing: merged items have B's own ingest entries, merged categories the merge's account.
    expect((await verifyVault(b.vault)).problems).toEqual([]);
  });

  it('converges whatever the order, the batches and the hops', async () => {
    const a = await vaultA();
    const entries = ledgerEntries(a.vault);
    const reference = await createTestVault(tempDir);
    await mergeFrom(a.vault, reference.vault);
    for (const seed of [7, 8]) {
      const c = await createTestVault(tempDir);
      const order = shuffled(entries, seed);
      const cut = [0, Math.floor(order.length / 3), Math.floor((2 * order.length) / 3), order.length];
      for (let i = 0; i < 3; i++) {
        const batch: LedgerEntry[] = order.slice(cut[i], cut[i + 1]);
        await mergeFrom(a.vault, c.vault, batch);
      }
      expect(projections(c.vault)).toEqual(projections(reference.vault));
    }
    // A → B → C: B's bundle carries A's entries and B's own (its record of the items it took from A).
    const b = await createTestVault(tempDir);
    await mergeFrom(a.vault, b.vault);
    const bIds = itemProjection(b.vault).map((i) => i.id);
    categorizeItems(b.vault, [bIds[0] as string], 'none', []);
    const c = await createTestVault(tempDir);
    c.vault.db.transaction(() => ensurePeerUsers(c.vault, peerUsersOf(a.vault)))();
    const hop = [...shuffled(ledgerEntries(b.vault), 3), ...shuffled(entries, 4)];
    await mergeFrom(b.vault, c.vault, hop);
    const sha = itemProjection(b.vault)[0]?.sha256;
    const onC = itemProjection(c.vault).find((i) => i.sha256 === sha);
    const onA = itemProjection(a.vault).find((i) => i.sha256 === sha);
    expect(itemProjection(c.vault)).toHaveLength(3);
    // B's categorisation of an item A categorised differently is a conflict on C, not an overwrite.
    if (onA?.category) expect(onC?.category).toEqual(onA.category);
    else expect(onC?.category).toEqual({ category: 'none', annotations: [] });
  }, 300_000);

  it('keeps peer users from ever unlocking or acting, even with the name of a local user', async () => {
    const a = await vaultA();
    const b = await createTestVault(tempDir);
    await mergeFrom(a.vault, b.vault);
    const origin = a.vault.ledger.origin;
    // B's own "ana" is untouched and still the only user who may unlock; A's ana is listed as a peer.
    expect(listUsers(b.vault).map((u) => u.name)).toEqual(['ana']);
    const dir = join(b.root, 'vault');
    const state = join(b.root, 'state');
    b.vault.lock();
    await expect(
      Vault.unlock(dir, { user: `ana (${origin})`, passphrase: passphrases.ana }, { stateDir: state }),
    ).rejects.toThrow();
    const again = await Vault.unlock(dir, { user: 'ana', passphrase: passphrases.ana }, { stateDir: state });
    expect(again.user.name).toBe('ana');
    // Acting on a peer user as an admin: no role change, removal or passphrase reset reaches them.
    const { changeRole, removeUser, changePassphrase } = await import('../../main/core/identity');
    expect(() => changeRole(again, `ana (${origin})`, 'analyst')).toThrow(/no active user/);
    await expect(removeUser(again, `ana (${origin})`)).rejects.toThrow(/no active user/);
    await expect(changePassphrase(again, `ana (${origin})`, 'a new passphrase for them')).rejects.toThrow(
      /no active user/,
    );
    // A local user may not take a peer user's qualified name, and a peer may not take a local user's id.
    await expect(addUser(again, `ana (${origin})`, passphrases.ben, 'analyst')).rejects.toThrow(
      /already exists/,
    );
    expect(() =>
      again.db.transaction(() =>
        ensurePeerUsers(again, [{ id: again.user.id, name: 'mallory', role: 'admin', origin }]),
      )(),
    ).toThrow(/belongs to a user of this vault/);
    again.lock();
  });
});
