// The ways out of a stopped submission, against the local NCMEC stand-in: recording that NCMEC did open a
// report (the submission finishes that one), abandoning an attempt (the case can be sent anew), retracting
// what NCMEC still holds; each recorded in the ledger. Also the one-owner guard, progress after every saved
// step, and the error codes a stopped or waiting submission carries.
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  currentSubmission,
  latestSubmission,
  resolveSubmission,
  retractReport,
  submitCase,
  SubmissionStoppedError,
  SubmissionWaitingError,
  type SubmissionStatus,
} from '../../main/core/cybertip';
import { CyberTipClient } from '../../main/core/cybertip/api/client';
import { drainOutbox, driveSubmission, isInFlight } from '../../main/core/cybertip/submission/outbox';
import { startSubmission } from '../../main/core/cybertip/submission/submit';
import { parseEntry } from '../../main/core/ledger/entry';
import { writeExampleCase } from '../../main/core/review/case-example';
import { importCase } from '../../main/core/media';
import type { Vault } from '../../main/core/identity';
import { startNcmecServer, type NcmecFailureRule, type NcmecServer } from '../ncmec-server/server';
import { runCli } from '../support/cli';
import { testCore } from '../support/core';
import { createTestVault, passphrases, useTempDirs } from '../support/temp';

const tempDir = useTempDirs();
const user = { username: 'esp-test', password: 'stand-in password' };
const retry = { policy: { maxAttempts: 2, initialDelayMs: 5, maxDelayMs: 10 } };
const servers: NcmecServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function server(failures: NcmecFailureRule[] = [], now?: () => number): Promise<NcmecServer> {
  const started = await startNcmecServer({ users: [user], failures, ...(now ? { now } : {}) });
  servers.push(started);
  return started;
}

async function caseInVault() {
  const { root, vault } = await createTestVault(tempDir);
  const imported = await importCase(vault, await writeExampleCase(join(root, 'case')));
  return { root, vault, caseId: imported.caseId };
}

function clientFor(ncmec: NcmecServer, password = user.password): CyberTipClient {
  return new CyberTipClient({ baseUrl: ncmec.baseUrl, username: user.username, password });
}

/** The `report.submission` steps the ledger holds, with their details. */
function recorded(vault: Vault): Array<Record<string, unknown>> {
  return vault.ledger
    .leaves(0, vault.ledger.size)
    .map((leaf) => parseEntry(leaf))
    .filter((entry) => entry.action === 'report.submission')
    .map((entry) => entry.details);
}

const submits = (ncmec: NcmecServer) => ncmec.calls.filter((c) => c.endpoint === 'submit').length;

/** A case whose /submit reached the stand-in twice without an answer: stopped as ambiguous. */
async function ambiguousCase() {
  const ncmec = await server([{ endpoint: 'submit', kind: 'drop' }]);
  const { root, vault, caseId } = await caseInVault();
  const outcome = await submitCase(vault, caseId, { client: clientFor(ncmec), retry });
  expect(outcome.status.state).toBe('ambiguous');
  return { root, vault, caseId, ncmec };
}

describe('an ambiguous submission', () => {
  it('continues the report NCMEC says it opened, once a person records it, and never submits again', async () => {
    const { vault, caseId, ncmec } = await ambiguousCase();
    expect(submits(ncmec)).toBe(1);
    // The stand-in processed the dropped submit; the person asks NCMEC and is told its number.
    const [opened] = [...ncmec.reports.keys()];
    await expect(retractReport(vault, caseId, clientFor(ncmec))).rejects.toThrow(/custody report resolve/);
    expect(() => resolveSubmission(vault, caseId, { reportId: opened as number }, '  ')).toThrow(/Say why/);

    const resolved = resolveSubmission(
      vault,
      caseId,
      { reportId: opened as number },
      'NCMEC confirmed by phone',
    );
    expect(resolved).toMatchObject({ state: 'opened', reportId: opened, error: null });
    expect(resolved.openedAt).not.toBeNull();
    expect(recorded(vault).at(-1)).toEqual({
      step: 'resolved',
      outcome: 'opened',
      reportId: opened,
      reason: 'NCMEC confirmed by phone',
      previousState: 'ambiguous',
    });

    ncmec.inject({ endpoint: 'submit', kind: 'status', status: 503 });
    const outcome = await submitCase(vault, caseId, { client: clientFor(ncmec), retry });
    expect(outcome).toMatchObject({ stopped: null, status: { state: 'finished', reportId: opened } });
    expect(submits(ncmec)).toBe(1);
    expect(ncmec.reports.get(opened as number)?.state).toBe('finished');
    expect(ncmec.reports.get(opened as number)?.files).toHaveLength(4);
    vault.lock();
  });

  it('is abandoned with a recorded reason, and the case can then be submitted anew', async () => {
    const { vault, caseId, ncmec } = await ambiguousCase();
    const abandoned = resolveSubmission(vault, caseId, { abandon: true }, 'NCMEC has no report for it');
    expect(abandoned).toMatchObject({
      state: 'failed',
      error: 'Abandoned by ana: NCMEC has no report for it',
    });
    expect(recorded(vault).at(-1)).toEqual({
      step: 'abandoned',
      reason: 'NCMEC has no report for it',
      previousState: 'ambiguous',
    });
    expect(currentSubmission(vault, caseId)).toBeNull();
    expect(latestSubmission(vault, caseId)?.id).toBe(abandoned.id);
    expect(() => resolveSubmission(vault, caseId, { abandon: true }, 'again')).toThrow(/over \(failed\)/);

    const again = await submitCase(vault, caseId, {
      client: new CyberTipClient({ baseUrl: ncmec.baseUrl, ...user }),
    });
    expect(again.status.id).not.toBe(abandoned.id);
    expect(again.status.state).toBe('ambiguous');
    vault.lock();
  });

  it('is resolved through the IPC channel by a role the policy allows', async () => {
    const ncmec = await server([{ endpoint: 'submit', kind: 'drop' }]);
    const { core, root } = await testCore(tempDir, { outboxIntervalMs: 0 });
    await core.router.call('vault.create', { vault: 'Resolve', user: 'ana', passphrase: passphrases.ana });
    const vault = core.workstation.vault();
    const { caseId } = await importCase(vault, await writeExampleCase(join(root, 'case')));
    await core.router.call('ncmec.configure', { environment: 'local', endpoint: ncmec.baseUrl, ...user });
    expect(await core.router.call('cases.submit', { id: caseId })).toMatchObject({
      ok: true,
      value: { state: 'ambiguous' },
    });
    expect(await core.router.call('outbox.list', {})).toMatchObject({
      ok: true,
      value: { submissions: [{ state: 'ambiguous', caseId }] },
    });
    expect(
      await core.router.call('cases.resolveSubmission', {
        id: caseId,
        abandon: true,
        reportId: 1,
        reason: 'x',
      }),
    ).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    expect(
      await core.router.call('cases.resolveSubmission', { id: caseId, abandon: true, reason: 'none' }),
    ).toMatchObject({ ok: true, value: { state: 'failed' } });
    expect(await core.router.call('outbox.list', {})).toEqual({ ok: true, value: { submissions: [] } });
    core.workstation.lock();
  });
});

describe('retracting and continuing a report NCMEC holds', () => {
  it('retracts an opened report waiting in the outbox, and refuses what is not at NCMEC', async () => {
    const ncmec = await server([{ endpoint: 'upload', kind: 'status', status: 503 }]);
    const { vault, caseId } = await caseInVault();
    await expect(retractReport(vault, caseId, clientFor(ncmec))).rejects.toThrow(/never been submitted/);
    const waiting = await submitCase(vault, caseId, { client: clientFor(ncmec), retry });
    expect(waiting.stopped).toBeInstanceOf(SubmissionWaitingError);
    expect(waiting.stopped?.code).toBe('REMOTE_UNAVAILABLE');
    expect(waiting.status.state).toBe('opened');
    expect(() => resolveSubmission(vault, caseId, { abandon: true }, 'no')).toThrow(/retract it/);

    const retracted = await retractReport(vault, caseId, clientFor(ncmec));
    expect(retracted).toMatchObject({ state: 'retracted', reportId: waiting.status.reportId });
    expect(ncmec.reports.get(waiting.status.reportId as number)?.state).toBe('retracted');
    expect(recorded(vault).at(-1)).toMatchObject({ step: 'retracted', outcome: 'retracted' });
    expect(currentSubmission(vault, caseId)).toBeNull();
    await expect(retractReport(vault, caseId, clientFor(ncmec))).rejects.toThrow(/already retracted/);
    vault.lock();
  });

  it('records a report NCMEC has already deleted as expired instead of failing to retract it', async () => {
    let now = Date.now();
    const ncmec = await server([{ endpoint: 'upload', kind: 'status', status: 503 }], () => now);
    const { vault, caseId } = await caseInVault();
    const waiting = await submitCase(vault, caseId, { client: clientFor(ncmec), retry });
    now += 25 * 3600_000;
    const retracted = await retractReport(vault, caseId, clientFor(ncmec));
    expect(retracted).toMatchObject({ state: 'expired', reportId: waiting.status.reportId });
    expect(retracted.error).toMatch(/no longer knows report/);
    vault.lock();
  });

  it('continues a report stopped by a refusal after it was opened, once the cause is fixed', async () => {
    const ncmec = await server([{ endpoint: 'upload', kind: 'status', status: 503, calls: [1, 2] }]);
    const second = await caseInVault();
    const wrong = clientFor(ncmec, 'wrong password');
    const waiting = await submitCase(second.vault, second.caseId, { client: clientFor(ncmec), retry });
    expect(waiting.status.state).toBe('opened');
    const refused = await submitCase(second.vault, second.caseId, { client: wrong, retry });
    expect(refused.stopped).toBeInstanceOf(SubmissionStoppedError);
    expect(refused.stopped?.code).toBe('STOPPED');
    const reportId = refused.status.reportId as number;
    expect(refused.status).toMatchObject({ state: 'failed', reportId });
    expect(refused.status.error).toMatch(/custody report retract .*custody report resolve .*--report-id/s);
    expect(() => resolveSubmission(second.vault, second.caseId, { reportId: reportId + 1 }, 'typo')).toThrow(
      new RegExp(`report is ${reportId}`),
    );

    resolveSubmission(second.vault, second.caseId, { reportId }, 'credentials fixed');
    const done = await submitCase(second.vault, second.caseId, { client: clientFor(ncmec), retry });
    expect(done.status).toMatchObject({ state: 'finished', reportId });
    expect(submits(ncmec)).toBe(1);
    second.vault.lock();
  });
});

describe('one owner per submission', () => {
  it('joins a run under way instead of starting a second, and keeps resolving and draining away from it', async () => {
    const ncmec = await server([{ endpoint: 'upload', kind: 'slow', delayMs: 300, calls: [1] }]);
    const { vault, caseId } = await caseInVault();
    const client = clientFor(ncmec);
    const started = await startSubmission(vault, caseId, client.baseUrl);
    const first: SubmissionStatus[] = [];
    const second: SubmissionStatus[] = [];
    const running = driveSubmission(vault, started.id, client, { retry, onProgress: (s) => first.push(s) });
    expect(isInFlight(started.id)).toBe(true);
    const joined = driveSubmission(vault, started.id, client, { retry, onProgress: (s) => second.push(s) });
    expect(await drainOutbox(vault, client, { retry })).toEqual({ finished: 0, unreachable: false });
    expect(() => resolveSubmission(vault, caseId, { abandon: true }, 'x')).toThrow(/being sent right now/);
    const [a, b] = await Promise.all([running, joined]);
    expect(a).toEqual(b);
    expect(a.state).toBe('finished');
    expect(isInFlight(started.id)).toBe(false);
    expect(submits(ncmec)).toBe(1);
    expect(ncmec.calls.filter((c) => c.endpoint === 'upload')).toHaveLength(4);
    // Progress after every saved step: each reaches the first caller; the joiner hears the rest.
    expect(first.map((s) => s.state)).toEqual([
      'submitting',
      'opened',
      ...Array<string>(8).fill('opened'),
      ...Array<string>(4).fill('opened'),
      'finished',
    ]);
    expect(second.length).toBeGreaterThan(0);
    expect(second.at(-1)?.state).toBe('finished');
    expect(first.at(-1)).toEqual(a);
    vault.lock();
  });
});

describe('custody report resolve and status', () => {
  it('records the way out from the command line and shows the latest submission whatever its state', async () => {
    const { root, vault, caseId, ncmec } = await ambiguousCase();
    vault.lock();
    const options = { env: { CUSTODY_STATE_DIR: join(root, 'state') }, passphrase: passphrases.ana };
    const dir = join(root, 'vault');
    const args = ['report', 'resolve', '--vault', dir, '--case', caseId];
    const usage = await runCli([...args, '--abandon', '--report-id', '3', '--reason', 'x'], options);
    expect(usage.code).toBe(2);
    const abandoned = await runCli([...args, '--abandon', '--reason', 'NCMEC has none'], options);
    expect(abandoned.code, abandoned.stderr).toBe(0);
    expect(abandoned.stdout).toMatch(/abandoned; the case can be submitted again/);
    const status = await runCli(['report', 'status', '--vault', dir, '--case', caseId], options);
    expect(JSON.parse(status.stdout)).toMatchObject({
      state: 'failed',
      error: 'Abandoned by ana: NCMEC has none',
    });
    const retract = await runCli(['report', 'retract', '--vault', dir, '--case', caseId], options);
    expect(retract.code).toBe(2);
    expect(retract.stderr.trim().split('\n')).toHaveLength(1);
    expect(retract.stderr).toMatch(/nothing to retract/);
    expect(submits(ncmec)).toBe(1);
  });
});
