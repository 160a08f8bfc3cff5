// Peers' cases, case membership and report decisions through real bundles between real vaults: B's case
// of items and its closing are visible on A with B's origin, B's report decision on an item stands beside
// A's own with each origin, B's hold over its case blocks A's shred of the case's items and B's extension
// of its case keeps them, B's shred is
// shown on A and never carried out there, a case from an author whose role here may not create cases is
// refused with the reason, three workstations converge on the same cases, and verify agrees.
import { describe, expect, it } from 'vitest';
import { recordDecision } from '../../main/core/decisions';
import {
  extendRetention,
  itemRetention,
  placeHold,
  releaseHold,
  RetentionRefusedError,
} from '../../main/core/preservation';
import { closeCase, createCaseFromItems, itemProjection, peerCases, shredItem } from '../../main/core/review';
import { importBundle } from '../../main/core/sync';
import { peerRecordsFor } from '../../main/core/sync/merge';
import { verifyVault } from '../../main/core/verify';
import { seededRandom } from '../support/random';
import { bundleFrom, ingestImages, itemBySha, makeTeam, send, shaOf, type Member } from '../support/sync';
import { useTempDirs } from '../support/temp';

const tempDir = useTempDirs();

const detectedAt = '2026-11-30T09:00:00.000Z';

describe("peers' cases and report decisions", () => {
  it('are visible here with their origin; a peer case hold reaches its items; a peer shred is only shown', async () => {
    const [a, b] = (await makeTeam(tempDir, ['a', 'b'], 'admin')) as [Member, Member];
    const [x, y] = await ingestImages(tempDir, b, [31, 32]);
    if (!x || !y) throw new Error('nothing ingested');
    const bCase = createCaseFromItems(b.vault, { title: 'Upload burst 30 Nov', itemIds: [x, y], detectedAt });
    recordDecision(b.vault, 'item', x, {
      outcome: { category: 'A1', report: 'report', action: 'remove-content', annotations: [] },
      rationale: 'Matches the known bank.',
    });
    const hold = placeHold(b.vault, {
      matter: 'Case-wide hold',
      scope: [{ kind: 'case', target: bCase.id }],
    });
    await send(b, a);

    const onX = itemBySha(a, shaOf(b, x));
    const onY = itemBySha(a, shaOf(b, y));
    const [seen] = peerCases(a.vault);
    expect(seen).toMatchObject({
      id: `peer:${b.vault.ledger.origin}:${bCase.id}`,
      origin: b.vault.ledger.origin,
      title: 'Upload burst 30 Nov',
      status: 'open',
    });
    expect(seen?.itemIds).toEqual([onX, onY].sort());
    // A decides otherwise on x: both decisions stand, each with its origin (and the conflict is listed).
    recordDecision(a.vault, 'item', onX, {
      outcome: { category: 'A1', report: 'no-report', action: 'none', annotations: [] },
      rationale: 'Already reported by the platform.',
    });
    const records = peerRecordsFor(a.vault, onX);
    expect(records.decisions.map((d) => [d.origin, d.local, d.decision])).toEqual([
      [a.vault.ledger.origin, true, 'do not report; category A1; action none'],
      [b.vault.ledger.origin, false, 'report; category A1; action remove-content'],
    ]);
    expect(records.cases.map((c) => [c.origin, c.title])).toEqual([
      [b.vault.ledger.origin, 'Upload burst 30 Nov'],
    ]);
    // B's hold over its case blocks A's shred of the case's items, naming B.
    await expect(shredItem(a.vault, onY, 'Not evidence.')).rejects.toThrow(RetentionRefusedError);
    await expect(shredItem(a.vault, onY, 'Not evidence.')).rejects.toThrow(
      `placed on workstation ${b.vault.ledger.origin}`,
    );

    // B closes its case, releases its hold and shreds y: A sees the case closed and y shredded on B, and
    // still holds y itself (a peer never destroys evidence here).
    closeCase(b.vault, bCase.id, true, 'Reported and removed.');
    releaseHold(b.vault, hold.id, 'Matter over.');
    await shredItem(b.vault, y, 'Removed after the report.');
    // And extends its case's retention on a police request: the case's items here are kept that long.
    extendRetention(b.vault, {
      kind: 'case',
      target: bCase.id,
      agency: 'County Police',
      reference: 'CP-88',
      requestedOn: '2026-12-01',
      until: '2098-01-01',
    });
    await send(b, a);
    expect(itemRetention(a.vault, onX)).toMatchObject({
      status: 'retained',
      deletableFrom: '2098-01-01T00:00:00.000Z',
    });
    expect(itemRetention(a.vault, onX)?.rule.name).toContain('CP-88');
    expect(peerCases(a.vault)[0]?.status).toBe('closed');
    const afterShred = peerRecordsFor(a.vault, onY);
    expect(afterShred.shreds).toEqual([
      expect.objectContaining({ origin: b.vault.ledger.origin, reason: 'Removed after the report.' }),
    ]);
    expect(itemProjection(a.vault).find((i) => i.id === onY)?.shredded).toBe(false);
    expect((await verifyVault(a.vault)).problems).toEqual([]);
  }, 120_000);

  it("refuses a case whose author's role on this roster may not create cases, saying why", async () => {
    // B's admin is counsel on A's roster: counsel may not create cases.
    const [a, b] = (await makeTeam(tempDir, ['a', 'b'], 'counsel')) as [Member, Member];
    const [x] = await ingestImages(tempDir, b, [33]);
    if (!x) throw new Error('nothing ingested');
    createCaseFromItems(b.vault, { title: 'Not allowed here', itemIds: [x], detectedAt });
    const summary = await send(b, a);
    expect(summary.refused).toEqual([
      expect.objectContaining({
        action: 'case.create',
        reason: expect.stringContaining('holds the role counsel'),
      }),
    ]);
    expect(peerCases(a.vault)).toEqual([]);
    expect((await verifyVault(a.vault)).problems).toEqual([]);
  }, 120_000);

  it('converge on three workstations in shuffled orders', async () => {
    const team = (await makeTeam(tempDir, ['a', 'b', 'c'], 'admin')) as [Member, Member, Member];
    const [a, b, c] = team;
    const [x] = await ingestImages(tempDir, a, [34]);
    const [y] = await ingestImages(tempDir, c, [35]);
    if (!x || !y) throw new Error('nothing ingested');
    for (const from of team) for (const to of team) if (from !== to) await send(from, to);
    createCaseFromItems(a.vault, { title: 'A case', itemIds: [x], detectedAt });
    const onB = createCaseFromItems(b.vault, {
      title: 'B case',
      itemIds: [itemBySha(b, shaOf(a, x)), itemBySha(b, shaOf(c, y))],
      detectedAt,
    });
    closeCase(b.vault, onB.id, true, 'Nothing to report.');
    createCaseFromItems(c.vault, { title: 'C case', itemIds: [y], detectedAt });
    const random = seededRandom(3131);
    const deliveries: Array<{ file: string; to: Member }> = [];
    for (const m of team) {
      const file = await bundleFrom(m);
      for (const peer of team) if (peer !== m) deliveries.push({ file, to: peer });
      if (random.next() < 0.5) deliveries.push({ file, to: team.find((p) => p !== m) as Member });
    }
    for (let i = deliveries.length - 1; i > 0; i--) {
      const j = random.int(0, i + 1);
      [deliveries[i], deliveries[j]] = [
        deliveries[j] as (typeof deliveries)[number],
        deliveries[i] as (typeof deliveries)[number],
      ];
    }
    for (const { file, to } of deliveries) await importBundle(to.vault, file);
    // Every case of the team, this workstation's own from its board, peers' from the merge.
    const cases = (m: Member) => {
      const own = m.vault.db
        .prepare(
          `SELECT c.title, c.status, group_concat(ci.item_id) AS items FROM cases c
           JOIN case_items ci ON ci.case_id = c.id GROUP BY c.id`,
        )
        .all() as Array<{ title: string; status: string; items: string }>;
      return [
        ...own.map((c) => ({
          origin: m.vault.ledger.origin,
          title: c.title,
          status: c.status,
          items: c.items.split(','),
        })),
        ...peerCases(m.vault).map((c) => ({
          origin: c.origin,
          title: c.title,
          status: c.status,
          items: c.itemIds,
        })),
      ]
        .map(
          (c) =>
            `${c.origin} | ${c.title} | ${c.status} | ${c.items
              .map((i) => shaOf(m, i).slice(0, 12))
              .sort()
              .join(', ')}`,
        )
        .sort();
    };
    expect(cases(a)).toHaveLength(3);
    expect(cases(b)).toEqual(cases(a));
    expect(cases(c)).toEqual(cases(a));
    expect(cases(a).filter((line) => line.includes('| closed |'))).toHaveLength(1);
    for (const m of team) expect((await verifyVault(m.vault)).problems).toEqual([]);
  }, 300_000);
});
