// Submitting a case's report to the local NCMEC stand-in: the whole state machine, retries, refusals and an
// ambiguous /submit (kill -9 at every call, then a resume: submission-kill.test.ts).
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { currentSubmission, SubmissionStoppedError, SubmissionWaitingError } from '../../main/core/cybertip';
import { CyberTipClient } from '../../main/core/cybertip/api/client';
import { drainOutbox } from '../../main/core/cybertip/submission/outbox';
import { runSubmission } from '../../main/core/cybertip/submission/run';
import { submissionReceipt } from '../../main/core/cybertip/submission/store';
import { startSubmission } from '../../main/core/cybertip/submission/submit';
import { verifyDetached } from '../../main/core/identity/cms';
import { generateSelfSignedIdentity } from '../../main/core/identity/organisation';
import { installIdentity } from '../../main/core/identity/store';
import { verifyAnchors } from '../../main/core/ledger';
import { parseEntry } from '../../main/core/ledger/entry';
import { writeExampleCase } from '../../main/core/review/case-example';
import { importCase } from '../../main/core/media';
import type { Vault } from '../../main/core/identity';
import { startNcmecServer, type NcmecFailureRule, type NcmecServer } from '../ncmec-server/server';
import { testCore } from '../support/core';
import { createTestVault, passphrases, useTempDirs } from '../support/temp';

const tempDir = useTempDirs();
const user = { username: 'esp-test', password: 'stand-in password' };
const fastRetry = { policy: { initialDelayMs: 5, maxDelayMs: 20 } };
const servers: NcmecServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function server(failures: NcmecFailureRule[] = [], port?: number): Promise<NcmecServer> {
  const started = await startNcmecServer({
    users: [user],
    failures,
    ...(port === undefined ? {} : { port }),
  });
  servers.push(started);
  return started;
}

async function caseInVault() {
  const { root, vault } = await createTestVault(tempDir);
  const imported = await importCase(vault, await writeExampleCase(join(root, 'case')));
  return { root, vault, caseId: imported.caseId };
}

const finished = (s: NcmecServer) => [...s.reports.values()].filter((r) => r.state === 'finished');

describe('CyberTipline submission', () => {
  it('opens, uploads and describes every file, finishes, and never submits the case again', async () => {
    const ncmec = await server();
    const { vault, caseId } = await caseInVault();
    const client = new CyberTipClient({ baseUrl: ncmec.baseUrl, ...user });
    const started = await startSubmission(vault, caseId, ncmec.baseUrl);
    const done = await runSubmission(vault, started.id, client, { retry: fastRetry });
    expect(done.state).toBe('finished');
    const [report] = finished(ncmec);
    expect(report?.reportId).toBe(done.reportId);
    expect(report?.files).toHaveLength(4);
    expect(report?.files.every((f) => f.details.length === 1)).toBe(true);
    expect(done.files.map((f) => f.ncmecMd5)).toEqual(done.files.map((f) => f.md5));
    expect(vault.db.prepare('SELECT status FROM cases WHERE id = ?').pluck().get(caseId)).toBe('reported');
    await expect(startSubmission(vault, caseId, ncmec.baseUrl)).rejects.toThrow(/never submitted twice/);
    const steps = vault.ledger
      .leaves(0, vault.ledger.size)
      .map((l) => parseEntry(l))
      .filter((e) => e.action === 'report.submission')
      .map((e) => e.details.step);
    expect(steps).toEqual([
      'created',
      'submitting',
      'opened',
      ...Array<string[]>(4).fill(['uploading', 'uploaded']).flat(),
      'described',
      'described',
      'described',
      'described',
      'finished',
    ]);
    vault.lock();
  });

  it.each([
    {
      title: 'retries flaky uploads and finishes',
      failures: [{ endpoint: 'upload', calls: [1, 2], kind: 'status', status: 503 }],
      password: user.password,
      check: (outcome: unknown, ncmec: NcmecServer, vault: Vault, caseId: string) => {
        expect(outcome).toMatchObject({ state: 'finished' });
        expect(ncmec.calls.filter((c) => c.endpoint === 'upload')).toHaveLength(6);
        expect(currentSubmission(vault, caseId)).toMatchObject({ state: 'finished' });
      },
    },
    {
      title: 'refuses wrong credentials without retrying',
      failures: [],
      password: 'wrong',
      check: (outcome: unknown, ncmec: NcmecServer) => {
        expect(outcome).toBeInstanceOf(SubmissionStoppedError);
        expect((outcome as Error).message).toMatch(/credentials/i);
        expect(ncmec.calls.filter((c) => c.endpoint === 'submit')).toHaveLength(1);
      },
    },
    {
      title: 'stops an ambiguous submit for a person without sending it again',
      failures: [{ endpoint: 'submit', kind: 'drop' }],
      password: user.password,
      check: (outcome: unknown, ncmec: NcmecServer, vault: Vault, caseId: string) => {
        expect(outcome).toMatchObject({ state: 'ambiguous' });
        expect(ncmec.calls.filter((c) => c.endpoint === 'submit')).toHaveLength(1);
        expect(currentSubmission(vault, caseId)).toMatchObject({ state: 'ambiguous', submitAttempts: 1 });
      },
    },
  ] satisfies {
    title: string;
    failures: NcmecFailureRule[];
    password: string;
    check: (outcome: unknown, ncmec: NcmecServer, vault: Vault, caseId: string) => void;
  }[])('$title', async ({ failures, password, check }) => {
    const ncmec = await server(failures);
    const { vault, caseId } = await caseInVault();
    const client = new CyberTipClient({ baseUrl: ncmec.baseUrl, username: user.username, password });
    const outcome = await runSubmission(
      vault,
      (await startSubmission(vault, caseId, ncmec.baseUrl)).id,
      client,
      { retry: fastRetry },
    ).catch((e: unknown) => e);
    check(outcome, ncmec, vault, caseId);
    vault.lock();
  });
});

describe('CyberTipline settings, the submit channel and the receipt', () => {
  it('keeps credentials sealed, guards production, submits through the router and signs the receipt', async () => {
    const ncmec = await server();
    const { core, root, call } = await testCore(tempDir);
    await call('vault.create', { vault: 'Reports', user: 'ana', passphrase: passphrases.ana });
    const vault = core.workstation.vault();
    installIdentity(
      vault,
      await generateSelfSignedIdentity({ commonName: 'Example signing', organisation: 'Example' }),
      'test',
    );
    const imported = await importCase(vault, await writeExampleCase(join(root, 'case')));

    const production = await core.router.call('ncmec.configure', {
      environment: 'production',
      username: 'esp',
      password: 'x',
    });
    expect(production).toMatchObject({ ok: false, error: { message: expect.stringMatching(/confirm/) } });
    const settings = await call('ncmec.configure', {
      environment: 'local',
      endpoint: ncmec.baseUrl,
      ...user,
    });
    expect(settings).toEqual({
      environment: 'local',
      endpoint: ncmec.baseUrl,
      username: user.username,
      productionConfirmedAt: null,
    });
    expect(JSON.stringify(await call('ncmec.settings', {}))).not.toContain(user.password);

    const submitted = await call('cases.submit', { id: imported.caseId });
    expect(submitted).toMatchObject({ state: 'finished', reportId: finished(ncmec)[0]?.reportId });
    expect(await call('outbox.list', {})).toEqual({ submissions: [] });
    const receipt = submissionReceipt(vault, submitted.id as string);
    const parsed = JSON.parse(receipt?.receipt ?? '{}');
    expect(parsed).toMatchObject({ format: 'custody-cybertip-receipt/1', reportId: submitted.reportId });
    expect(parsed.files).toHaveLength(4);
    // The receipt carries the ledger's signed checkpoint covering its entries, and is a witness for verify.
    const checkpointSize = Number(String(parsed.checkpoint).split('\n')[1]);
    expect(checkpointSize).toBeGreaterThan(Math.max(...(parsed.ledgerEntries as number[])));
    const receiptFile = join(root, 'receipt.json');
    await writeFile(receiptFile, receipt?.receipt ?? '');
    const witnessed = await verifyAnchors(vault.ledger, join(root, 'state'), vault.id, [receiptFile]);
    expect(witnessed.problems).toEqual([]);
    expect(
      verifyDetached(Buffer.from(receipt?.receipt ?? ''), receipt?.signature as Buffer).signer.subject,
    ).toContain('Example');
    const ledger = vault.ledger.leaves(0, vault.ledger.size).map((l) => l.toString());
    expect(ledger.some((l) => l.includes(user.password))).toBe(false);
    core.workstation.lock();
  });
});

describe('outbox and follow-ups', () => {
  it('keeps a submission waiting while NCMEC is unreachable and sends it when it can', async () => {
    const { vault, caseId } = await caseInVault();
    const closed = await server();
    const endpoint = closed.baseUrl;
    const port = Number(new URL(endpoint).port);
    await closed.close();
    servers.splice(servers.indexOf(closed), 1);
    const unreachable = new CyberTipClient({ baseUrl: endpoint, ...user });
    const started = await startSubmission(vault, caseId, endpoint);
    await expect(runSubmission(vault, started.id, unreachable, { retry: fastRetry })).rejects.toBeInstanceOf(
      SubmissionWaitingError,
    );
    expect(currentSubmission(vault, caseId)).toMatchObject({ state: 'ready', reportId: null });
    const ncmec = await server([], port);
    const reachable = new CyberTipClient({ baseUrl: ncmec.baseUrl, ...user });
    expect(await drainOutbox(vault, reachable, { retry: fastRetry })).toEqual({
      finished: 1,
      unreachable: false,
    });
    expect(finished(ncmec)).toHaveLength(1);
    expect(currentSubmission(vault, caseId)?.state).toBe('finished');
    vault.lock();
  });

  it('lists earlier reports about the same account in priorCTReports', async () => {
    const ncmec = await server();
    const client = new CyberTipClient({ baseUrl: ncmec.baseUrl, ...user });
    const { root, vault, caseId } = await caseInVault();
    const first = await runSubmission(
      vault,
      (await startSubmission(vault, caseId, ncmec.baseUrl)).id,
      client,
      { retry: fastRetry },
    );
    const followUp = await importCase(vault, await writeExampleCase(join(root, 'follow-up')));
    await runSubmission(vault, (await startSubmission(vault, followUp.caseId, ncmec.baseUrl)).id, client, {
      retry: fastRetry,
    });
    const second = [...ncmec.reports.values()].find((r) => r.reportId !== first.reportId);
    expect(second?.reportXml).toContain(`<priorCTReports>${first.reportId}</priorCTReports>`);
    vault.lock();
  });
});

describe('the workstation outbox', () => {
  it('sends a waiting submission in the background once NCMEC answers again', async () => {
    const probe = await server();
    const port = Number(new URL(probe.baseUrl).port);
    const endpoint = probe.baseUrl;
    await probe.close();
    servers.splice(servers.indexOf(probe), 1);
    const { core, root, call } = await testCore(tempDir, { outboxIntervalMs: 100 });
    await call('vault.create', { vault: 'Outbox', user: 'ana', passphrase: passphrases.ana });
    const imported = await importCase(core.workstation.vault(), await writeExampleCase(join(root, 'case')));
    await call('ncmec.configure', { environment: 'local', endpoint, ...user });
    const waiting = await call('cases.submit', { id: imported.caseId });
    expect(waiting).toMatchObject({ state: 'ready', error: expect.stringMatching(/.+/) });
    expect((await call('outbox.list', {})).submissions).toHaveLength(1);
    const ncmec = await server([], port);
    // Each background pass reports when it ends; one that started before the stand-in listened may still
    // find NCMEC unreachable, so wait for the pass that finishes the report.
    for (;;) {
      const pass = await core.outbox.nextDrain();
      if (!pass.ok) throw pass.error;
      if (pass.drain.finished > 0) break;
    }
    expect(finished(ncmec)).toHaveLength(1);
    expect((await call('outbox.list', {})).submissions).toHaveLength(0);
    core.workstation.lock();
  });
});
