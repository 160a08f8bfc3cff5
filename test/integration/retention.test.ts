// Retention and legal holds: the statutory year after a report, policies where the longest period wins,
// law-enforcement extensions, holds that block every deletion, and expiry that shreds only a confirmed list
// with a ledger entry naming the rule.
import { describe, expect, it } from 'vitest';
import { addUser, Vault } from '../../main/core/identity';
import { parseEntry } from '../../main/core/ledger/entry';
import {
  expiryList,
  extendRetention,
  installPolicy,
  itemRetention,
  listHolds,
  placeHold,
  releaseHold,
  retentionOverview,
  runExpiry,
} from '../../main/core/preservation';
import { shredItem } from '../../main/core/review';
import { backdateReports, exampleVault, reportedExampleVault } from '../support/preservation';
import { passphrases, useTempDirs } from '../support/temp';

const tempDir = useTempDirs();

const entries = (vault: Vault, action: string) =>
  vault.ledger
    .leaves(0, vault.ledger.size)
    .map((l) => parseEntry(l))
    .filter((e) => e.action === action);

describe('retention', () => {
  it('keeps reported content one year from the report /finish time and names the statute', async () => {
    const { vault, itemIds } = await reportedExampleVault(tempDir);
    backdateReports(vault, '2026-01-10T12:00:00.000Z');
    const state = itemRetention(vault, itemIds[0] as string, new Date('2026-06-01T00:00:00Z'));
    expect(state).toMatchObject({
      status: 'retained',
      deletableFrom: '2027-01-10T12:00:00.000Z',
      rule: { kind: 'statute', id: 'us-2258a-h' },
    });
    await expect(shredItem(vault, itemIds[0] as string, 'no longer needed')).rejects.toThrow(
      /must be kept until .* under rule us-2258a-h/,
    );
    vault.lock();
  });

  it('lets the longest applicable period win and names the winning rule', async () => {
    const { vault, itemIds, caseId } = await reportedExampleVault(tempDir);
    backdateReports(vault, '2026-01-10T12:00:00.000Z');
    installPolicy(
      vault,
      JSON.stringify({
        format: 'custody-retention-policy/1',
        version: 2,
        name: 'UK and US',
        jurisdictions: ['US', 'UK'],
        rules: [
          {
            id: 'uk-reported-2y',
            name: 'UK policy: reported material kept 2 years',
            jurisdiction: 'UK',
            applies: 'reported',
            from: 'report-finished',
            days: 730,
          },
          {
            id: 'eu-all-5y',
            name: 'EU policy (not applicable here)',
            jurisdiction: 'EU',
            applies: 'all',
            from: 'ingested',
            days: 1825,
          },
        ],
      }),
    );
    const at = new Date('2026-06-01T00:00:00Z');
    expect(itemRetention(vault, itemIds[0] as string, at)?.rule.id).toBe('uk-reported-2y');
    const extension = extendRetention(vault, {
      kind: 'case',
      target: caseId,
      agency: 'Metropolitan Police',
      reference: 'OP-4471',
      requestedOn: '2026-05-01',
      until: '2029-05-01',
    });
    const state = itemRetention(vault, itemIds[0] as string, at);
    expect(state?.rule).toMatchObject({ kind: 'extension', id: extension.id });
    expect(state?.deletableFrom).toBe('2029-05-01T00:00:00.000Z');
    expect(state?.periods.map((p) => p.rule.id)).toEqual([extension.id, 'uk-reported-2y', 'us-2258a-h']);
    expect(entries(vault, 'retention.policy')).toHaveLength(1);
    expect(entries(vault, 'retention.extend')[0]?.details).toMatchObject({ reference: 'OP-4471' });
    expect(retentionOverview(vault, at).cases[0]).toMatchObject({ status: 'retained', items: 4 });
    vault.lock();
  });

  it('refuses to shred an item under a hold, naming it, until the hold is released with a reason', async () => {
    const { vault, itemIds, caseId } = await exampleVault(tempDir);
    const hold = placeHold(vault, { matter: 'Doe v. Example', scope: [{ kind: 'case', target: caseId }] });
    const item = itemIds[1] as string;
    await expect(shredItem(vault, item, 'duplicate')).rejects.toThrow(
      new RegExp(`under legal hold ${hold.id} \\(matter "Doe v. Example"\\)`),
    );
    expect(() => releaseHold(vault, hold.id, '')).toThrow(/Say why/);
    releaseHold(vault, hold.id, 'matter settled');
    await shredItem(vault, item, 'duplicate');
    expect(listHolds(vault)[0]).toMatchObject({ releaseReason: 'matter settled', releasedBy: 'ana' });
    expect(entries(vault, 'hold.add')[0]?.subjects).toEqual([hold.id, caseId]);
    expect(entries(vault, 'hold.release')[0]?.details).toMatchObject({ reason: 'matter settled' });
    vault.lock();
  });

  it('holds a reported account: every case whose report names it', async () => {
    const { vault, itemIds } = await exampleVault(tempDir);
    const account = vault.db.prepare('SELECT report FROM cases').pluck().get() as string;
    const screenName = JSON.stringify(account).match(/screenName\\":\\"([^\\]+)/)?.[1];
    expect(screenName).toBeTruthy();
    placeHold(vault, {
      matter: 'Account review',
      scope: [{ kind: 'account', target: screenName as string }],
    });
    expect(itemRetention(vault, itemIds[0] as string)?.status).toBe('held');
    expect(() =>
      placeHold(vault, { matter: 'Nobody', scope: [{ kind: 'account', target: 'no-such-account' }] }),
    ).toThrow(/no account no-such-account/);
    vault.lock();
  });

  it('shreds expired items only with the confirmed digest of the list, each entry citing the rule', async () => {
    const { vault, itemIds, caseId } = await reportedExampleVault(tempDir);
    backdateReports(vault, '2024-01-10T12:00:00.000Z');
    const held = placeHold(vault, {
      matter: 'Keep one',
      scope: [{ kind: 'item', target: itemIds[0] as string }],
    });
    const list = expiryList(vault);
    expect(list.items.map((i) => i.itemId).sort()).toEqual(itemIds.slice(1).sort());
    await expect(runExpiry(vault, '0'.repeat(64))).rejects.toThrow(/does not match the expiry list/);
    await expect(runExpiry(vault, list.digest, new Date(Date.now() + 86_400_000))).rejects.toThrow(
      /only previews/,
    );
    const run = await runExpiry(vault, list.digest);
    expect(run.shredded).toHaveLength(3);
    const shreds = entries(vault, 'item.shred');
    expect(shreds.map((e) => e.details.rule)).toEqual(['us-2258a-h', 'us-2258a-h', 'us-2258a-h']);
    expect(shreds[0]?.details.confirmedList).toBe(list.digest);
    expect(entries(vault, 'retention.run')[0]?.details).toMatchObject({ digest: list.digest, items: 3 });
    expect(itemRetention(vault, itemIds[0] as string)?.status).toBe('held');
    expect(retentionOverview(vault).cases.find((c) => c.caseId === caseId)?.status).toBe('held');
    expect(held.id).toBeTruthy();
    vault.lock();
  });

  it('lets only counsel and admins place holds and confirm expiry', async () => {
    const { root, vault, caseId } = await exampleVault(tempDir);
    await addUser(vault, 'sam', passphrases.ben, 'supervisor');
    await addUser(vault, 'cleo', passphrases.ben, 'counsel');
    vault.lock();
    const dir = `${root}/vault`;
    const supervisor = await Vault.unlock(
      dir,
      { user: 'sam', passphrase: passphrases.ben },
      { stateDir: `${root}/state` },
    );
    expect(() =>
      placeHold(supervisor, { matter: 'x matter', scope: [{ kind: 'case', target: caseId }] }),
    ).toThrow(/cannot place or release legal holds/);
    await expect(runExpiry(supervisor, 'x')).rejects.toThrow(/cannot confirm the shredding/);
    supervisor.lock();
    const counsel = await Vault.unlock(
      dir,
      { user: 'cleo', passphrase: passphrases.ben },
      { stateDir: `${root}/state` },
    );
    const hold = placeHold(counsel, { matter: 'Counsel matter', scope: [{ kind: 'case', target: caseId }] });
    expect(hold.counsel).toBe('cleo');
    counsel.lock();
  });
});
