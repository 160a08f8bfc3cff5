// Peers' legal holds and retention extensions through real bundles between real vaults: a hold placed on
// B blocks shredding on A (the refusal names B), B's release lifts only B's hold, no peer can release A's
// own hold, a peer's extension lengthens A's retention, a peer author whose role on A's roster may not
// hold is refused with the reason, three workstations converge on the same holds, and verify agrees.
import { describe, expect, it } from 'vitest';
import { ForbiddenError } from '../../main/core/errors';
import {
  extendRetention,
  itemRetention,
  listHolds,
  placeHold,
  releaseHold,
  RetentionRefusedError,
} from '../../main/core/preservation';
import { shredItem } from '../../main/core/review';
import { importBundle } from '../../main/core/sync';
import { verifyVault } from '../../main/core/verify';
import { seededRandom } from '../support/random';
import { bundleFrom, ingestImages, itemBySha, makeTeam, send, shaOf, type Member } from '../support/sync';
import { useTempDirs } from '../support/temp';

const tempDir = useTempDirs();

describe("peers' legal holds", () => {
  it("block shredding here until the peer releases them, and never release this workstation's own", async () => {
    const [a, b] = (await makeTeam(tempDir, ['a', 'b'], 'admin')) as [Member, Member];
    const [onA] = await ingestImages(tempDir, a, [21]);
    if (!onA) throw new Error('nothing ingested');
    await send(a, b);
    const onB = itemBySha(b, shaOf(a, onA));
    const bHold = placeHold(b.vault, { matter: 'Doe v. Example', scope: [{ kind: 'item', target: onB }] });
    await send(b, a);

    // A keeps B's hold with B's origin; it blocks A's shred, naming the hold and B's workstation.
    const peerHold = listHolds(a.vault).find((h) => h.matter === 'Doe v. Example');
    expect(peerHold).toMatchObject({ origin: b.vault.ledger.origin, releasedAt: null });
    expect(peerHold?.scope).toEqual([{ kind: 'item', target: onA }]);
    expect(itemRetention(a.vault, onA)?.holds).toEqual([
      { id: peerHold?.id, matter: 'Doe v. Example', origin: b.vault.ledger.origin },
    ]);
    const refusal = shredItem(a.vault, onA, 'Duplicate upload, not evidence.');
    await expect(refusal).rejects.toThrow(RetentionRefusedError);
    await expect(refusal).rejects.toThrow(`placed on workstation ${b.vault.ledger.origin}`);
    // A's counsel cannot release (or link) B's hold: only B can.
    expect(() => releaseHold(a.vault, peerHold?.id ?? '', 'Not our matter.')).toThrow(ForbiddenError);

    // A holds the item too; B releases its own hold: the item stays held on A by A's hold.
    const aHold = placeHold(a.vault, { matter: 'Roe inquiry', scope: [{ kind: 'item', target: onA }] });
    releaseHold(b.vault, bHold.id, 'The matter settled.');
    // B also signs a release naming A's hold: it must never release it.
    b.vault.record('hold.release', [aHold.id], { matter: 'Roe inquiry', reason: 'Forged release.' });
    const summary = await send(b, a);
    expect(summary.refused).toEqual([
      expect.objectContaining({
        origin: b.vault.ledger.origin,
        action: 'hold.release',
        reason: expect.stringContaining(`hold ${aHold.id}, placed on this workstation`) as unknown,
      }),
    ]);
    const holds = new Map(listHolds(a.vault).map((h) => [h.id, h]));
    expect(holds.get(peerHold?.id ?? '')?.releasedAt).not.toBeNull();
    expect(holds.get(peerHold?.id ?? '')?.releaseReason).toBe('The matter settled.');
    expect(holds.get(aHold.id)?.releasedAt).toBeNull();
    await expect(shredItem(a.vault, onA, 'Duplicate upload, not evidence.')).rejects.toThrow(
      `under legal hold ${aHold.id} (matter "Roe inquiry")`,
    );
    expect((await verifyVault(a.vault)).problems).toEqual([]);

    // Once A releases its own hold, nothing holds the item: A may shred it.
    releaseHold(a.vault, aHold.id, 'The inquiry closed.');
    await expect(shredItem(a.vault, onA, 'Duplicate upload, not evidence.')).resolves.toMatchObject({
      sha256: shaOf(a, onA),
    });
    expect((await verifyVault(a.vault)).problems).toEqual([]);
    // verify checks B's hold against B's entries: un-releasing it in the table is a difference.
    a.vault.db.prepare('UPDATE legal_holds SET released_at = NULL WHERE id = ?').run(peerHold?.id);
    expect((await verifyVault(a.vault)).problems).toContainEqual(
      expect.stringContaining(
        `legal_holds ${peerHold?.id}: the table says standing, the ledger says released`,
      ),
    );
  }, 120_000);

  it("apply a peer's extension of retention: the longest period wins", async () => {
    const [a, b] = (await makeTeam(tempDir, ['a', 'b'], 'counsel')) as [Member, Member];
    const [onA] = await ingestImages(tempDir, a, [22]);
    if (!onA) throw new Error('nothing ingested');
    await send(a, b);
    extendRetention(b.vault, {
      kind: 'item',
      target: itemBySha(b, shaOf(a, onA)),
      agency: 'Metropolitan Police',
      reference: 'MP-2026-17',
      requestedOn: '2026-11-01',
      until: '2099-01-01',
    });
    await send(b, a);
    const retention = itemRetention(a.vault, onA);
    expect(retention?.status).toBe('retained');
    expect(retention?.deletableFrom).toBe('2099-01-01T00:00:00.000Z');
    expect(retention?.rule.name).toContain('MP-2026-17');
    await expect(shredItem(a.vault, onA, 'Duplicate upload, not evidence.')).rejects.toThrow(
      'must be kept until 2099-01-01T00:00:00.000Z',
    );
    expect((await verifyVault(a.vault)).problems).toEqual([]);
    // A shortened peer extension is a difference verify names.
    a.vault.db.prepare("UPDATE retention_extensions SET until = '2027-01-01T00:00:00.000Z'").run();
    expect((await verifyVault(a.vault)).problems).toContainEqual(
      expect.stringContaining('retention_extensions peer:'),
    );
  }, 120_000);

  it("refuses, with the reason, a hold whose author's role on this roster may not hold", async () => {
    // B's admin is a supervisor on A's roster: supervisors may not place or release holds.
    const [a, b] = (await makeTeam(tempDir, ['a', 'b'], 'supervisor')) as [Member, Member];
    const [onA] = await ingestImages(tempDir, a, [23]);
    if (!onA) throw new Error('nothing ingested');
    await send(a, b);
    placeHold(b.vault, {
      matter: 'Unauthorised',
      scope: [{ kind: 'item', target: itemBySha(b, shaOf(a, onA)) }],
    });
    const summary = await send(b, a);
    expect(summary.refused).toEqual([
      expect.objectContaining({
        action: 'hold.add',
        reason: expect.stringContaining('holds the role supervisor') as unknown,
      }),
    ]);
    expect(summary.refused[0]?.reason).toContain('place or release legal holds');
    expect(listHolds(a.vault)).toEqual([]);
    expect(itemRetention(a.vault, onA)?.status).toBe('unregulated');
    expect((await verifyVault(a.vault)).problems).toEqual([]);
  }, 120_000);

  it('converge on three workstations through shuffled, duplicated and relayed bundles', async () => {
    const team = (await makeTeam(tempDir, ['a', 'b', 'c'], 'admin')) as [Member, Member, Member];
    const [a, b, c] = team;
    const [x, y] = await ingestImages(tempDir, a, [24, 25]);
    const [z] = await ingestImages(tempDir, c, [26]);
    if (!x || !y || !z) throw new Error('nothing ingested');
    // Everyone gets every item first, then holds are placed and released on all three.
    for (const from of team) for (const to of team) if (from !== to) await send(from, to);
    const shaX = shaOf(a, x);
    const shaY = shaOf(a, y);
    const shaZ = shaOf(c, z);
    placeHold(a.vault, { matter: 'A on x', scope: [{ kind: 'item', target: x }] });
    const released = placeHold(b.vault, {
      matter: 'B on y and z',
      scope: [
        { kind: 'item', target: itemBySha(b, shaY) },
        { kind: 'item', target: itemBySha(b, shaZ) },
      ],
    });
    releaseHold(b.vault, released.id, 'Withdrawn.');
    placeHold(b.vault, { matter: 'B on z', scope: [{ kind: 'item', target: itemBySha(b, shaZ) }] });
    placeHold(c.vault, { matter: 'C on x', scope: [{ kind: 'item', target: itemBySha(c, shaX) }] });
    const random = seededRandom(2727);
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
    // A relay: A's latest reaches C through B as well (a duplicate there changes nothing).
    await send(a, b);
    await send(b, c);

    const view = (m: Member) =>
      listHolds(m.vault)
        .map((h) => {
          const scope = h.scope
            .map((s) =>
              s.kind === 'item' ? `item ${shaOf(m, s.target).slice(0, 12)}` : `${s.kind} ${s.target}`,
            )
            .sort()
            .join(', ');
          return `${h.origin ?? m.vault.ledger.origin} | ${h.matter} | ${scope} | ${h.releasedAt ? 'released' : 'standing'}`;
        })
        .sort();
    expect(view(a)).toHaveLength(4);
    expect(view(b)).toEqual(view(a));
    expect(view(c)).toEqual(view(a));
    const held = (m: Member) =>
      [shaX, shaY, shaZ].map((sha) => itemRetention(m.vault, itemBySha(m, sha))?.status ?? 'absent');
    expect(held(a)).toEqual(['held', 'unregulated', 'held']);
    expect(held(b)).toEqual(held(a));
    expect(held(c)).toEqual(held(a));
    for (const m of team) expect((await verifyVault(m.vault)).problems).toEqual([]);
  }, 300_000);
});
