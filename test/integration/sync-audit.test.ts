// The audit screen's ledger query with peers: after one bundle, a peer's verified entries are listed with
// their origin and workstation, the origin filter picks own, one peer or all, the other filters and
// paging keep working across origins.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { LedgerEntryView } from '../../shared/desk';
import { ledgerPage } from '../../main/core/audit';
import { exportBundle, importBundle, syncStatus } from '../../main/core/sync';
import { runCli } from '../support/cli';
import { ingestImages, makeTeam, type Member } from '../support/sync';
import { passphrases, useTempDirs } from '../support/temp';

const tempDir = useTempDirs();

const own = { origin: 'own', before: null, offset: 0 } as const;

describe("the audit ledger query with a peer's entries", () => {
  it('labels them with their origin and filters and pages by origin', async () => {
    const [a, b] = (await makeTeam(tempDir, ['a', 'b'])) as [Member, Member];
    const aItems = await ingestImages(tempDir, a, [3, 4]);
    await ingestImages(tempDir, b, [5]);
    const bundle = join(a.root, 'bundle.age');
    await exportBundle(a.vault, bundle, {});
    await importBundle(b.vault, bundle);
    const aOrigin = a.vault.ledger.origin;
    const bOrigin = b.vault.ledger.origin;
    const held = syncStatus(b.vault).origins.find((o) => o.origin === aOrigin)?.entries ?? 0;
    expect(held).toBeGreaterThan(2);

    const mine = ledgerPage(b.vault, {}, own, 500);
    expect(mine.total).toBe(b.vault.ledger.size);
    expect(new Set(mine.entries.map((e) => [e.origin, e.peer].join()))).toEqual(new Set([`${bOrigin},`]));
    expect(mine.peers).toEqual([{ origin: aOrigin, workstation: a.vault.workstationId }]);

    const peer = { origin: { peer: aOrigin }, before: null, offset: 0 } as const;
    const theirs = ledgerPage(b.vault, {}, peer, 500);
    expect(theirs.total).toBe(held);
    expect(theirs.entries.map((e) => e.seq)).toEqual([...Array(held).keys()].reverse());
    for (const e of theirs.entries) {
      expect([e.origin, e.peer, e.signature]).toEqual([aOrigin, a.vault.workstationId, 'valid']);
    }

    // The other filters apply to the peer's entries: action, actor (by name), subject.
    const ingests = ledgerPage(b.vault, { action: 'item.ingest' }, peer, 500);
    expect(ingests.entries.map((e) => e.subjects[0]).sort()).toEqual([...aItems].sort());
    expect(ledgerPage(b.vault, { actor: 'ana', action: 'item.ingest' }, peer, 500).total).toBe(2);
    // A peer's entry about an item opens the item it merged into here, never the peer's own id.
    const localIngests = ledgerPage(b.vault, { action: 'item.ingest' }, own, 500).entries;
    for (const e of localIngests) expect([e.subjectId, e.subjectKind]).toEqual([e.subjects[0], 'item']);
    const opened = ingests.entries.map((e) => [e.subjectId, e.subjectKind]);
    expect(opened.map(([, kind]) => kind)).toEqual(['item', 'item']);
    for (const [id] of opened) {
      expect(aItems).not.toContain(id);
      expect(localIngests.map((e) => e.subjectId)).toContain(id);
    }
    expect(ledgerPage(b.vault, { actor: 'nobody' }, peer, 500).total).toBe(0);
    expect(ledgerPage(b.vault, { subject: aItems[0] ?? '' }, peer, 500).entries.length).toBeGreaterThan(0);
    expect(
      ledgerPage(b.vault, { subject: aItems[0] ?? '' }, own, 500).entries.map((e) => e.origin),
    ).not.toContain(aOrigin);
    expect(
      ledgerPage(b.vault, {}, { origin: { peer: 'nobody/else' }, before: null, offset: 0 }, 500).total,
    ).toBe(0);

    // Paging one peer by sequence number.
    const first = ledgerPage(b.vault, {}, { ...peer }, 2);
    const second = ledgerPage(b.vault, {}, { ...peer, before: first.entries.at(-1)?.seq ?? 0 }, 2);
    expect([...first.entries, ...second.entries].map((e) => e.seq)).toEqual(
      theirs.entries.slice(0, 4).map((e) => e.seq),
    );

    // All origins merged by time, paged by offset: every entry exactly once, newest first.
    const all = ledgerPage(b.vault, {}, { origin: 'all', before: null, offset: 0 }, 500);
    expect(all.total).toBe(mine.total + held);
    const walked: LedgerEntryView[] = [];
    for (let offset = 0; offset < all.total; offset += 3) {
      walked.push(...ledgerPage(b.vault, {}, { origin: 'all', before: null, offset }, 3).entries);
    }
    const key = (e: LedgerEntryView) => `${e.origin}#${e.seq}`;
    expect(walked.map(key).sort()).toEqual(all.entries.map(key).sort());
    expect(new Set(walked.map(key)).size).toBe(all.total);
    const times = walked.map((e) => e.time);
    expect(times).toEqual([...times].sort().reverse());
    expect(new Set(all.entries.map((e) => e.origin))).toEqual(new Set([aOrigin, bOrigin]));
    const allIngests = ledgerPage(
      b.vault,
      { action: 'item.ingest' },
      { origin: 'all', before: null, offset: 0 },
      500,
    );
    expect(allIngests.total).toBe(ledgerPage(b.vault, { action: 'item.ingest' }, own, 500).total + 2);
    b.vault.lock();
    const opts = { env: { CUSTODY_STATE_DIR: join(b.root, 'state') }, passphrase: passphrases.ana };
    const show = (...more: string[]) =>
      runCli(
        [
          'log',
          'show',
          '--vault',
          join(b.root, 'vault'),
          '--user',
          'ana',
          '--item',
          aItems[0] ?? '',
          ...more,
        ],
        opts,
      );
    const plain = await show();
    expect(plain.code).toBe(0);
    expect(plain.stdout).not.toContain(aOrigin);
    const lines = (out: string) => out.split('\n').filter((l) => l !== '');
    const peerLines = lines((await show('--origin', aOrigin)).stdout);
    expect(peerLines.length).toBeGreaterThan(0);
    expect(peerLines.every((l) => l.startsWith(`${aOrigin} `))).toBe(true);
    expect(peerLines.some((l) => / ana item\.ingest /.test(l))).toBe(true);
    const everything = lines((await show('--origin', 'all')).stdout);
    expect(everything).toEqual([...lines(plain.stdout).map((l) => `${bOrigin} ${l}`), ...peerLines]);
  });
});
