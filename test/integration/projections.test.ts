// `verify` replays the ledger against the tables: a vault used normally verifies with no difference, and
// one row changed behind the ledger's back (raw SQL on the unlocked vault) is named by table, row and what
// the ledger says, in the core and through `custody verify`. Report drafts are hashed into case.update and
// refused once a submission of the case exists.
import { createHash } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CyberTipClient } from '../../main/core/cybertip/api/client';
import { runSubmission } from '../../main/core/cybertip/submission/run';
import { startSubmission } from '../../main/core/cybertip/submission/submit';
import { startNcmecServer, type NcmecServer } from '../ncmec-server/server';
import type { ReportDraft } from '../../shared/cybertip';
import { ReportSubmittedError, saveReportDraft } from '../../main/core/cybertip/report-view';
import type { Vault } from '../../main/core/identity';
import { addUser, removeUser } from '../../main/core/identity';
import { importBank, removeBank } from '../../main/core/matching';
import { importCase, ingestPaths } from '../../main/core/media';
import {
  caseReport,
  categorizeItems,
  draftHash,
  ReviewSession,
  shredItem,
  writeExampleCase,
} from '../../main/core/review';
import { verifyVault } from '../../main/core/verify';
import { runCli } from '../support/cli';
import { patternImage } from '../support/media';
import { createTestVault, passphrases, useTempDirs } from '../support/temp';

const tempDir = useTempDirs();
const servers: NcmecServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function usedVault() {
  const { root, vault } = await createTestVault(tempDir);
  const src = join(root, 'src');
  await mkdir(src);
  for (const seed of [1, 2, 3]) await writeFile(join(src, `${seed}.png`), await patternImage(seed));
  const ingested = await ingestPaths(vault, [src]);
  const items = ingested.outcomes.flatMap((o) => (o.kind === 'ingested' ? [o.itemId] : []));
  const [kept, categorised, shredded] = items;
  if (!kept || !categorised || !shredded) throw new Error('Three items were not ingested.');
  categorizeItems(vault, [kept, categorised], 'B1', []);
  categorizeItems(vault, [categorised], 'A2', ['infant']);
  new ReviewSession(vault).reveal(kept, 'categorise');
  const ben = await addUser(vault, 'ben', passphrases.ben, 'analyst');
  await addUser(vault, 'cy', 'cy passphrase for the projection test', 'analyst');
  await removeUser(vault, 'cy');
  const list = (name: string, value: string) =>
    importBank(
      vault,
      (async function* () {
        yield { entry: { algorithm: 'md5' as const, value, line: 1 } };
      })(),
      { name, version: '1', source: 'generated', kind: 'known', format: 'md5sum' },
    );
  const bank = await list('live-list', createHash('md5').update('a').digest('hex'));
  const gone = await list('old-list', createHash('md5').update('b').digest('hex'));
  removeBank(vault, gone.bank.id, 'superseded');
  await shredItem(vault, shredded, 'retention expired');
  const caseFile = await writeExampleCase(join(root, 'case'));
  const { caseId } = await importCase(vault, caseFile);
  const draft: ReportDraft = { ...caseReport(vault, caseId).report, additionalInfo: 'Edited in the test.' };
  saveReportDraft(vault, caseId, draft);
  return { root, vault, ids: { kept, categorised, shredded, ben: ben.id, bank: bank.bank.id, caseId } };
}

function tamper(vault: Vault, sql: string, ...params: unknown[]): void {
  vault.db.prepare(sql).run(...params);
}

/** What verify says with `statements` applied behind the ledger's back; they are undone afterwards. */
async function problemsAfter(vault: Vault, statements: string[], params: unknown[]): Promise<string[]> {
  vault.db.exec('SAVEPOINT tamper');
  try {
    for (const statement of statements) tamper(vault, statement, ...params);
    return (await verifyVault(vault)).problems;
  } finally {
    vault.db.exec('ROLLBACK TO tamper; RELEASE tamper');
  }
}

describe('tables agree with the ledger', () => {
  it("finds no difference in a vault used normally, and records the saved draft's hash", async () => {
    const { vault, ids } = await usedVault();
    expect((await verifyVault(vault)).problems).toEqual([]);
    const updates = vault.ledger.entriesFor(ids.caseId, 'case.update');
    expect(updates.at(-1)?.details.draft).toBe(draftHash(caseReport(vault, ids.caseId).report));
    vault.lock();
  });

  it("names each row changed behind the ledger's back, with what the ledger says", async () => {
    const { vault, ids } = await usedVault();
    const original = vault.db.prepare('SELECT original_blob FROM items WHERE id = ?').pluck().get(ids.kept);
    const cases: Array<[string, unknown[], RegExp]> = [
      [
        "UPDATE users SET role = 'admin' WHERE id = ?",
        [ids.ben],
        /^users \S+: the table says role admin, the ledger says role analyst\.$/,
      ],
      [
        'UPDATE users SET removed_at = NULL WHERE name = ?',
        ['cy'],
        /^users \S+: the table says active, the ledger says removed\.$/,
      ],
      [
        "UPDATE banks SET version = '2' WHERE id = ?",
        [ids.bank],
        /^banks \S+: the table says version "2", the ledger says version "1"\.$/,
      ],
      [
        "UPDATE banks SET removed_at = NULL WHERE name = 'old-list'",
        [],
        /^banks \S+: the table says live, the ledger says removed\.$/,
      ],
      [
        "UPDATE items SET md5 = '00' WHERE id = ?",
        [ids.kept],
        /^items \S+: the table says md5 00, the ledger says md5 [0-9a-f]{32}\.$/,
      ],
      [
        'UPDATE items SET shredded_at = NULL WHERE id = ?',
        [ids.shredded],
        /^items \S+: the table says not shredded, the ledger says shredded\.$/,
      ],
      [
        'UPDATE blobs SET wrapped_key = NULL WHERE id = ?',
        [original],
        /^blobs \S+: the table says its key destroyed \(item \S+\), the ledger says the item was never shredded\.$/,
      ],
      [
        "UPDATE item_categories SET category = 'none' WHERE item_id = ?",
        [ids.categorised],
        /^item_categories \S+: the table says none \["infant"\], the ledger says A2 \["infant"\]\.$/,
      ],
      [
        'DELETE FROM item_categories WHERE item_id = ?',
        [ids.kept],
        /^item_categories \S+: the table says no category, the ledger says B1 \[\]\.$/,
      ],
      [
        "UPDATE cases SET report = json_set(report, '$.additionalInfo', 'changed') WHERE id = ?",
        [ids.caseId],
        /^cases \S+: the table says a draft with SHA-256 [0-9a-f]{64}, the ledger says the last saved draft had SHA-256 [0-9a-f]{64}\.$/,
      ],
    ];
    for (const [sql, params, expected] of cases) {
      // Some changes also break other checks (a removed user made active has no key slot, an item made
      // live again has no key): the projection's own line must be among them, exactly once.
      const problems = await problemsAfter(vault, [sql], params);
      expect(
        problems.filter((p) => expected.test(p)),
        `${sql}: ${problems.join(' | ')}`,
      ).toHaveLength(1);
    }
    expect((await verifyVault(vault)).problems).toEqual([]);
    vault.lock();
  });

  it('ties a submission to the saved draft, verifies clean after it and refuses later edits', async () => {
    const user = { username: 'esp-test', password: 'stand-in password' };
    const ncmec = await startNcmecServer({ users: [user], failures: [] });
    servers.push(ncmec);
    const { vault, ids } = await usedVault();
    const started = await startSubmission(vault, ids.caseId, ncmec.baseUrl);
    const done = await runSubmission(
      vault,
      started.id,
      new CyberTipClient({ baseUrl: ncmec.baseUrl, ...user }),
      {
        retry: { policy: { initialDelayMs: 5, maxDelayMs: 20 } },
      },
    );
    expect(done.state).toBe('finished');
    const saved = vault.ledger.entriesFor(ids.caseId, 'case.update').at(-1)?.details.draft;
    const created = vault.ledger
      .entriesFor(started.id, 'report.submission')
      .find((e) => e.details.step === 'created');
    expect(created?.details.draft).toBe(saved);
    expect(saved).toBe(draftHash(caseReport(vault, ids.caseId).report));
    expect((await verifyVault(vault)).problems).toEqual([]);
    // The submission's row changed behind the ledger's back is named, state and report id alike.
    const tampered: Array<[string, RegExp]> = [
      [
        "UPDATE submissions SET state = 'ambiguous' WHERE id = ?",
        /^submissions \S+: the table says state ambiguous, the ledger says state finished\.$/,
      ],
      [
        'UPDATE submissions SET report_id = report_id + 1 WHERE id = ?',
        /^submissions \S+: the table says CyberTipline report \d+, the ledger says CyberTipline report \d+\.$/,
      ],
      [
        'DELETE FROM submission_files WHERE submission_id = ?; DELETE FROM submissions WHERE id = ?',
        /^submissions \S+: the table says no such row, the ledger says a submission of case \S+\.$/,
      ],
    ];
    for (const [sql, expected] of tampered) {
      const problems = await problemsAfter(vault, sql.split('; '), [started.id]);
      expect(
        problems.filter((p) => expected.test(p)),
        `${sql}: ${problems.join(' | ')}`,
      ).toHaveLength(1);
    }
    const before = caseReport(vault, ids.caseId).report;
    expect(() => saveReportDraft(vault, ids.caseId, { ...before, additionalInfo: 'after' })).toThrow(
      /can no longer be edited: submission .+ was made from it/,
    );
    vault.lock();
  });

  it('refuses to edit a report once a submission of the case exists', async () => {
    const { vault, ids } = await usedVault();
    tamper(
      vault,
      `INSERT INTO submissions (id, case_id, endpoint, state, report_xml, created_at, created_by)
       VALUES ('s1', ?, 'http://127.0.0.1', 'finished', '<report/>', ?, ?)`,
      ids.caseId,
      new Date().toISOString(),
      vault.user.id,
    );
    const before = caseReport(vault, ids.caseId).report;
    expect(() => saveReportDraft(vault, ids.caseId, { ...before, additionalInfo: 'after' })).toThrow(
      ReportSubmittedError,
    );
    expect(caseReport(vault, ids.caseId).report).toEqual(before);
    vault.lock();
  });

  it('`custody verify` prints the difference and exits 1', async () => {
    const { root, vault, ids } = await usedVault();
    tamper(vault, "UPDATE users SET role = 'admin' WHERE id = ?", ids.ben);
    vault.lock();
    const run = await runCli(['verify', '--vault', join(root, 'vault'), '--user', 'ana'], {
      env: { CUSTODY_STATE_DIR: join(root, 'state') },
      passphrase: passphrases.ana,
    });
    expect(run.stderr.trim().split('\n')).toEqual([
      `custody verify: users ${ids.ben}: the table says role admin, the ledger says role analyst.`,
    ]);
    expect(run.code).toBe(1);
  });
});
