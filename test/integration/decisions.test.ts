// Decisions through the core on a real vault: a PDQ-only case is refused by the fairness gate until a blind
// second reviewer agrees; the second reviewer cannot see the first decision before recording their own;
// disagreement goes to a supervisor; a revealed near match stands alone; appeals are refused to anyone who
// took part, and a reversed, reported decision records its follow-up and puts the legal holds linked to it in
// front of counsel without releasing them (only counsel releases, with a reason); sampling
// picks decisions by the seeded hash, and agreement is counted per reviewer and category.
import { createHash, randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { DecisionOutcome } from '../../shared/decisions';
import { currentSubmission, submitCase } from '../../main/core/cybertip';
import { CyberTipClient } from '../../main/core/cybertip/api/client';
import { reportDraftFromCase } from '../../main/core/cybertip/from-case';
import {
  agreementRates,
  configureGate,
  configureSampling,
  decisionsFor,
  gateCheck,
  GateNotSatisfiedError,
  listAppeals,
  recordAppeal,
  recordDecision,
  resolveDispute,
  reviewAppeal,
  reviewDecision,
  reviewQueues,
} from '../../main/core/decisions';
import { ForbiddenError, InvalidInputError, NotFoundError } from '../../main/core/errors';
import { addUser, Vault } from '../../main/core/identity';
import { readBankFile, importBank } from '../../main/core/matching';
import { importCase } from '../../main/core/media';
import { linkDecision, listHolds, placeHold, releaseHold } from '../../main/core/preservation';
import { ReviewSession } from '../../main/core/review';
import { startNcmecServer, type NcmecServer } from '../ncmec-server/server';
import { pdqOnlyFile, writePdqOnlyCase } from '../support/decisions';
import { createTestVault, passphrases, useTempDirs } from '../support/temp';

const tempDir = useTempDirs();
const team = {
  ben: { passphrase: 'ben analyst passphrase', role: 'analyst' },
  cy: { passphrase: 'cy analyst passphrase!', role: 'analyst' },
  dee: { passphrase: 'dee supervisor passphrase', role: 'supervisor' },
  eve: { passphrase: 'eve supervisor passphrase', role: 'supervisor' },
  cal: { passphrase: 'cal counsel passphrase!', role: 'counsel' },
} as const;
type Member = 'ana' | keyof typeof team;

const report: DecisionOutcome = {
  category: 'A2',
  report: 'report',
  action: 'suspend-account',
  annotations: [],
};
const noReport: DecisionOutcome = { category: 'none', report: 'no-report', action: 'none', annotations: [] };

const servers: NcmecServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

/** A vault holding the PDQ-only example case (distance `bits`), with the team; `as` switches users. */
async function pdqCase(bits = 8) {
  const { root, vault: admin } = await createTestVault(tempDir);
  const { caseFile, bankFile } = await writePdqOnlyCase(root, bits);
  await importBank(admin, readBankFile(bankFile, { format: 'pdq' }), {
    name: 'near-copies',
    version: '1',
    source: 'generated for tests',
    kind: 'known',
    format: 'pdq',
  });
  const { caseId, items } = await importCase(admin, caseFile);
  for (const [name, { passphrase, role }] of Object.entries(team))
    await addUser(admin, name, passphrase, role);
  admin.lock();
  let current: Vault | null = null;
  const as = async (who: Member) => {
    current?.lock();
    current = await Vault.unlock(
      join(root, 'vault'),
      { user: who, passphrase: who === 'ana' ? passphrases.ana : team[who].passphrase },
      { stateDir: join(root, 'state') },
    );
    return current;
  };
  const itemOf = (vault: Vault) => {
    const found = decisionsItems(vault, caseId).find((i) => i.fileName === pdqOnlyFile);
    if (!found) throw new Error(`the case has no ${pdqOnlyFile}`);
    return found.itemId;
  };
  return { root, caseId, items, as, itemOf, lock: () => current?.lock() };
}

function decisionsItems(vault: Vault, caseId: string) {
  return reportDraftFromCase(vault, caseId).files.map((f) => ({ itemId: f.itemId, fileName: f.fileName }));
}

describe('the fairness gate and four-eyes review', () => {
  it('refuses a PDQ-only case until a blind second reviewer agrees', async () => {
    const { caseId, as, lock } = await pdqCase();
    const ana = await as('ana');
    const before = gateCheck(ana, caseId);
    expect(before.satisfied).toBe(false);
    expect(before.missing).toEqual([
      expect.stringMatching(new RegExp(`Item ${pdqOnlyFile}: matched only by PDQ`)),
    ]);
    const unreachable = new CyberTipClient({
      baseUrl: 'http://127.0.0.1:9/ispws',
      username: 'x',
      password: 'y',
    });
    await expect(submitCase(ana, caseId, { client: unreachable })).rejects.toBeInstanceOf(
      GateNotSatisfiedError,
    );
    expect(currentSubmission(ana, caseId)).toBeNull();

    const ben = await as('ben');
    const first = recordDecision(ben, 'case', caseId, {
      outcome: report,
      rationale: 'Near copy of a known image.',
    });
    expect(first).toMatchObject({ state: 'awaiting-second', alone: false });
    expect(first.aloneReason).toMatch(
      /only a PDQ match at distance 8 in near-copies 1, not revealed by the decider/,
    );
    expect(first.evidence.items.find((i) => i.fileName === pdqOnlyFile)?.matches).toEqual([
      expect.objectContaining({ algorithm: 'pdq', distance: 8, bank: 'near-copies', bankVersion: '1' }),
    ]);
    const recorded = ben.ledger.entriesFor(first.id, 'decision.record');
    expect(recorded).toHaveLength(1);
    expect(recorded[0]?.details).toMatchObject({ outcome: report, rationale: 'Near copy of a known image.' });
    expect(gateCheck(ben, caseId).missing).toEqual([
      expect.stringMatching(/needs a second reviewer who agrees/),
    ]);
    expect(() => reviewDecision(ben, first.id, { outcome: report, rationale: 'me again' })).toThrow(
      ForbiddenError,
    );
    expect(decisionsFor(ben, caseId)[0]).toMatchObject({ blind: false, outcome: report });

    // Blind: the second reviewer's read verb and queue withhold the first decision.
    const cy = await as('cy');
    const [hidden] = decisionsFor(cy, caseId);
    expect(hidden).toMatchObject({ id: first.id, blind: true, outcome: null, rationale: null });
    const queue = reviewQueues(cy);
    expect(queue.second.map((q) => q.decisionId)).toEqual([first.id]);
    expect(JSON.stringify(queue.second)).not.toContain('Near copy of a known image');
    const { review, first: after } = reviewDecision(cy, first.id, {
      outcome: report,
      rationale: 'Same image, resized.',
    });
    expect(review).toMatchObject({ kind: 'second', agreed: true });
    expect(after.state).toBe('stands');
    expect(decisionsFor(cy, caseId).map((d) => d.blind)).toEqual([false, false]);
    expect(gateCheck(cy, caseId)).toMatchObject({ satisfied: true, missing: [] });
    lock();
  });

  it('sends a disagreement to a supervisor who took no part, and lets a revealed near match stand alone', async () => {
    const { caseId, as, itemOf, lock } = await pdqCase();
    const ben = await as('ben');
    const item = itemOf(ben);
    const first = recordDecision(ben, 'item', item, {
      outcome: report,
      rationale: 'Looks like the bank image.',
    });
    const cy = await as('cy');
    const { first: disputed } = reviewDecision(cy, first.id, {
      outcome: noReport,
      rationale: 'A different scene.',
    });
    expect(disputed.state).toBe('disputed');
    expect(gateCheck(cy, caseId).missing).toEqual([
      expect.stringMatching(/reviewers disagree .* a supervisor must resolve it/),
    ]);
    expect(() => resolveDispute(cy, first.id, { outcome: report, rationale: 'x' })).toThrow(ForbiddenError);
    const dee = await as('dee');
    expect(reviewQueues(dee).disputed.map((d) => d.id)).toEqual([first.id]);
    expect(decisionsFor(dee, item).every((d) => !d.blind)).toBe(true);
    resolveDispute(dee, first.id, {
      outcome: { ...report, annotations: ['potentialMeme'] },
      rationale: 'Compared both at full size.',
    });
    expect(gateCheck(dee, caseId).satisfied).toBe(true);
    // The report carries the resolved category and every annotation recorded.
    const file = reportDraftFromCase(dee, caseId).files.find((f) => f.fileName === pdqOnlyFile);
    expect(file?.details).toMatchObject({
      industryClassification: 'A2',
      fileAnnotations: { potentialMeme: true },
    });
    expect(file?.details.fileViewedByEsp).toBe(false);

    // A reviewer who revealed the item at distance 8 (≤ 16) may decide alone; the reveal is evidence.
    const revealer = await as('cy');
    new ReviewSession(revealer).reveal(item, 'verify-match');
    const alone = recordDecision(revealer, 'item', item, {
      outcome: report,
      rationale: 'Revealed and compared.',
    });
    expect(alone).toMatchObject({ state: 'stands', alone: true });
    expect(alone.evidence.items[0]?.reveals).toHaveLength(1);
    expect(
      reportDraftFromCase(revealer, caseId).files.find((f) => f.fileName === pdqOnlyFile)?.details
        .fileViewedByEsp,
    ).toBe(true);

    // A stricter policy version (an admin's, recorded) takes that away for the next decision.
    const ana = await as('ana');
    const v1 = configureGate(
      ana,
      { exactMatchAlone: true, pdqRevealedMaxDistance: 4, everyItemNeedsDecision: false },
      'tighter',
    );
    expect(v1.version).toBe(1);
    expect(ana.ledger.entriesFor('gate-policy:1', 'gate.configure')).toHaveLength(1);
    const supervisor = await as('dee');
    expect(() => configureGate(supervisor, v1.policy, 'again')).toThrow(ForbiddenError);
    lock();
  });
});

describe('appeals', () => {
  it('refuses the original decider, and a reversal of a reported decision records the follow-up', async () => {
    const ncmec = await startNcmecServer({ users: [{ username: 'esp', password: 'pw' }] });
    servers.push(ncmec);
    const { caseId, as, itemOf, lock } = await pdqCase();
    const dee = await as('dee');
    const item = itemOf(dee);
    new ReviewSession(dee).reveal(item, 'verify-match');
    const decision = recordDecision(dee, 'item', item, {
      outcome: report,
      rationale: 'Revealed: same image.',
    });
    expect(decision.state).toBe('stands');
    const client = new CyberTipClient({ baseUrl: ncmec.baseUrl, username: 'esp', password: 'pw' });
    const sent = await submitCase(dee, caseId, { client });
    expect(sent.status.state).toBe('finished');

    const ben = await as('ben');
    const appeal = recordAppeal(ben, decision.id, 'The account holder says the image is their own artwork.');
    expect(() => reviewAppeal(ben, appeal.id, 'reversed', 'x')).toThrow(ForbiddenError);
    const original = await as('dee');
    expect(() => reviewAppeal(original, appeal.id, 'upheld', 'I stand by it.')).toThrow(
      /took part in the decision/,
    );

    // Counsel places one hold because of the decision, links a second one later, and releases a third
    // linked one before the appeal is reviewed; a fourth hold has nothing to do with the decision.
    const cal = await as('cal');
    const scope = [{ kind: 'case' as const, target: caseId }];
    const placed = placeHold(cal, { matter: 'Account suspension', scope, decisions: [decision.id] });
    expect(placed.decisions.map((d) => d.id)).toEqual([decision.id]);
    const later = linkDecision(cal, placeHold(cal, { matter: 'Civil claim', scope }).id, decision.id);
    const gone = placeHold(cal, { matter: 'Old request', scope, decisions: [decision.id] });
    releaseHold(cal, gone.id, 'The request was withdrawn.');
    const unrelated = placeHold(cal, { matter: 'Another matter', scope });
    expect(() => linkDecision(cal, later.id, decision.id)).toThrow(InvalidInputError);
    expect(() => linkDecision(cal, gone.id, decision.id)).toThrow(InvalidInputError);
    expect(() => linkDecision(cal, unrelated.id, randomUUID())).toThrow(NotFoundError);
    expect(() => placeHold(cal, { matter: 'x matter', scope, decisions: [item] })).toThrow(NotFoundError);

    // A supervisor can neither place, link nor release a hold.
    const dee2 = await as('dee');
    expect(() => placeHold(dee2, { matter: 'Mine', scope })).toThrow(ForbiddenError);
    expect(() => linkDecision(dee2, unrelated.id, decision.id)).toThrow(ForbiddenError);

    const eve = await as('eve');
    const reviewed = reviewAppeal(eve, appeal.id, 'reversed', 'The match is a false positive.');
    expect(reviewed).toMatchObject({ state: 'reversed', reviewedBy: 'eve' });
    expect(reviewed.followUp).toMatchObject({ kind: 'supplemental', reportId: sent.status.reportId });
    expect(reviewed.followUp?.note).toContain(placed.id);
    const [followUp] = eve.ledger.entriesFor(decision.id, 'decision.followup');
    expect(followUp?.details).toMatchObject({ kind: 'supplemental', reportId: sent.status.reportId, caseId });
    expect(new Set(followUp?.details.holdsForCounsel as string[])).toEqual(new Set([placed.id, later.id]));
    expect(followUp?.subjects).toEqual(expect.arrayContaining([placed.id, later.id]));

    // The reversal released nothing: the linked holds are active and flagged for counsel, who releases.
    const holds = new Map(listHolds(eve).map((h) => [h.id, h]));
    for (const id of [placed.id, later.id]) {
      expect(holds.get(id)).toMatchObject({ releasedAt: null, review: expect.stringContaining(decision.id) });
      expect(holds.get(id)?.decisions[0]).toMatchObject({ id: decision.id, appealId: appeal.id });
    }
    expect(holds.get(unrelated.id)).toMatchObject({ releasedAt: null, review: null });
    expect(holds.get(gone.id)?.review).toBeNull();
    expect(eve.ledger.entriesFor(placed.id, 'hold.release')).toEqual([]);
    expect(() => releaseHold(eve, placed.id, 'The decision was reversed.')).toThrow(ForbiddenError);
    expect(gateCheck(eve, caseId).missing).toEqual([expect.stringMatching(/reversed on appeal/)]);
    expect(listAppeals(eve)[0]?.state).toBe('reversed');

    const counsel = await as('cal');
    const released = releaseHold(counsel, placed.id, 'The decision behind it was reversed on appeal.');
    expect(released).toMatchObject({ releasedBy: 'cal', review: null });
    lock();
  });
});

describe('what a new decision cannot set aside', () => {
  it('refuses to replace a disputed decision or one under an open appeal, recording nothing', async () => {
    const { as, itemOf, lock } = await pdqCase();
    const ben = await as('ben');
    const item = itemOf(ben);
    const first = recordDecision(ben, 'item', item, {
      outcome: report,
      rationale: 'Looks like the bank image.',
    });
    const cy = await as('cy');
    reviewDecision(cy, first.id, { outcome: noReport, rationale: 'A different scene.' });
    // The first decider, shopping for another second reviewer, is refused: the supervisor resolves it.
    const again = await as('ben');
    const size = again.ledger.size;
    expect(() => recordDecision(again, 'item', item, { outcome: report, rationale: 'Once more.' })).toThrow(
      /a supervisor who took no part resolves it/,
    );
    expect(again.ledger.size).toBe(size);
    const dee = await as('dee');
    resolveDispute(dee, first.id, { outcome: report, rationale: 'Compared both at full size.' });
    const appeal = recordAppeal(dee, first.id, 'The account holder disputes the match.');
    // With the appeal open, a reviewer who revealed the item (who could decide alone) is refused too.
    const revealer = await as('cy');
    new ReviewSession(revealer).reveal(item, 'verify-match');
    const before = revealer.ledger.size;
    expect(() => recordDecision(revealer, 'item', item, { outcome: noReport, rationale: 'Fine.' })).toThrow(
      ForbiddenError,
    );
    expect(revealer.ledger.size).toBe(before);
    expect(decisionsFor(revealer, item).find((d) => d.id === first.id)?.state).toBe('resolved');
    // Once the appeal is reviewed, a new decision may follow as before.
    const eve = await as('eve');
    reviewAppeal(eve, appeal.id, 'upheld', 'The match holds.');
    expect(() => reviewAppeal(eve, appeal.id, 'reversed', 'Changed my mind.')).toThrow(InvalidInputError);
    const later = await as('cy');
    expect(recordDecision(later, 'item', item, { outcome: report, rationale: 'Revealed again.' }).state).toBe(
      'stands',
    );
    lock();
  });
});

describe('appeals on a report NCMEC still holds open', () => {
  it('records a retraction as the follow-up when the report was opened but not finished', async () => {
    const ncmec = await startNcmecServer({
      users: [{ username: 'esp', password: 'pw' }],
      failures: [{ endpoint: 'finish', kind: 'status', status: 503 }],
    });
    servers.push(ncmec);
    const { caseId, as, itemOf, lock } = await pdqCase();
    const dee = await as('dee');
    const item = itemOf(dee);
    new ReviewSession(dee).reveal(item, 'verify-match');
    const decision = recordDecision(dee, 'item', item, {
      outcome: report,
      rationale: 'Revealed: same image.',
    });
    const client = new CyberTipClient({ baseUrl: ncmec.baseUrl, username: 'esp', password: 'pw' });
    const sent = await submitCase(dee, caseId, {
      client,
      retry: { policy: { initialDelayMs: 5, maxDelayMs: 20 } },
    });
    expect(sent.status.state).not.toBe('finished');
    expect(sent.status.reportId).toBeGreaterThan(0);
    const appeal = recordAppeal(dee, decision.id, 'The account holder disputes the match.');
    const ana = await as('ana');
    const reviewed = reviewAppeal(ana, appeal.id, 'reversed', 'Not the banked image.');
    expect(reviewed.followUp).toMatchObject({ kind: 'retraction', reportId: sent.status.reportId });
    expect(reviewed.followUp?.note).toContain(`custody report retract --case ${caseId}`);
    expect(ana.ledger.entriesFor(decision.id, 'decision.followup')[0]?.details).toMatchObject({
      kind: 'retraction',
      holdsForCounsel: [],
    });
    lock();
  });
});

describe('quality sampling', () => {
  it('picks decisions by the seeded hash and counts agreement per reviewer and category', async () => {
    const { items, as, itemOf, lock } = await pdqCase();
    const dee = await as('dee');
    configureSampling(dee, { percent: 50, seed: 'stable-seed' });
    const point = (id: string) =>
      createHash('sha256').update(`stable-seed:${id}`).digest().readUInt32BE(0) / 2 ** 32;
    const ben = await as('ben');
    const session = new ReviewSession(ben);
    const near = itemOf(ben);
    const others = items.map((i) => i.itemId).filter((id) => id !== near);
    session.reveal(near, 'verify-match');
    // Decisions that stand alone (a revealed near match), each replacing the last: sampled exactly when
    // the seeded hash of its id falls below 50%.
    const standing = Array.from({ length: 20 }, () =>
      recordDecision(ben, 'item', near, { outcome: report, rationale: 'Revealed near match.' }),
    );
    for (const d of standing) expect(d.sampled).toBe(point(d.id) < 0.5);
    expect(new Set(standing.map((d) => d.sampled))).toEqual(new Set([true, false]));
    const last = standing.at(-1);
    const awaiting = others.map(
      (id) => recordDecision(ben, 'item', id, { outcome: report, rationale: 'No match, categorised.' }).id,
    );
    const cy = await as('cy');
    const queue = reviewQueues(cy);
    expect(queue.second.map((q) => q.decisionId).sort()).toEqual([...awaiting].sort());
    expect(queue.sample.map((q) => q.decisionId)).toEqual(last?.sampled ? [last.id] : []);
    const reviewed = [...awaiting, ...(last?.sampled ? [last.id] : [])];
    reviewed.forEach((id, n) =>
      reviewDecision(cy, id, { outcome: n === 0 ? noReport : report, rationale: 'Blind re-review.' }),
    );
    const rows = agreementRates(cy).filter((r) => r.by === 'reviewer');
    expect(rows).toEqual([
      expect.objectContaining({ key: 'ben', reviews: reviewed.length, agreed: reviewed.length - 1 }),
    ]);
    expect(agreementRates(cy).find((r) => r.by === 'category')).toMatchObject({
      key: 'A2',
      reviews: reviewed.length,
    });
    lock();
  });
});
