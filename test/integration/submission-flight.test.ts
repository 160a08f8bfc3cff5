// One submission at a time per case, against the local NCMEC stand-in: two `custody report submit`
// processes started together, two `cases.submit` calls at once (a double click), the outbox drain racing a
// manual submit, and two runs of one submission each open exactly one report and upload each file once.
// A holder whose lease lapsed is taken over; one whose lease holds is not.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { configureNcmec, resolveSubmission } from '../../main/core/cybertip';
import { CyberTipClient } from '../../main/core/cybertip/api/client';
import { drainOutbox } from '../../main/core/cybertip/submission/outbox';
import { runSubmission } from '../../main/core/cybertip/submission/run';
import { SubmissionStoppedError } from '../../main/core/cybertip/submission/steps';
import { loadSubmission, SubmissionBusyError } from '../../main/core/cybertip/submission/store';
import { startSubmission, submitCase } from '../../main/core/cybertip/submission/submit';
import type { Vault } from '../../main/core/identity';
import { importCase } from '../../main/core/media';
import { writeExampleCase } from '../../main/core/review/case-example';
import { startNcmecServer, type NcmecServer } from '../ncmec-server/server';
import { runCli, type CliResult } from '../support/cli';
import { testCore } from '../support/core';
import { createTestVault, passphrases, useTempDirs } from '../support/temp';

const tempDir = useTempDirs();
const user = { username: 'esp-test', password: 'stand-in password' };
const servers: NcmecServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

/** A stand-in whose /submit answers after `delayMs`, so a second runner arrives while it is in flight. */
async function slowSubmitServer(delayMs: number): Promise<NcmecServer> {
  const started = await startNcmecServer({
    users: [user],
    failures: [{ endpoint: 'submit', kind: 'slow', delayMs }],
  });
  servers.push(started);
  return started;
}

function expectOneReport(ncmec: NcmecServer): void {
  expect([...ncmec.reportsOpened.values()], 'reports opened for the case').toEqual([1]);
  expect([...ncmec.uploads.values()], 'uploads of each file').toEqual([1, 1, 1, 1]);
  expect([...ncmec.reports.values()].filter((r) => r.state === 'finished')).toHaveLength(1);
}

async function caseInVault() {
  const { root, vault } = await createTestVault(tempDir);
  const imported = await importCase(vault, await writeExampleCase(join(root, 'case')));
  return { root, vault, caseId: imported.caseId };
}

/** Makes a run on another workstation (sharing the vault's folder) hold the submission until `leaseUntil`. */
function heldElsewhere(vault: Vault, id: string, leaseUntil: number, state?: 'submitting'): void {
  vault.db
    .prepare(
      `UPDATE submissions SET flight_owner = 'run-elsewhere', flight_pid = 4242, flight_host = 'elsewhere.example',
       flight_lease_until = ?, state = coalesce(?, state) WHERE id = ?`,
    )
    .run(new Date(leaseUntil).toISOString(), state ?? null, id);
}

describe('two `custody report submit` processes for one case, started together', () => {
  /** A vault with one case, whose NCMEC settings point at `ncmec`; locked again for the CLI. */
  async function vaultForCli(ncmec: NcmecServer) {
    const { root, vault, caseId } = await caseInVault();
    configureNcmec(vault, { environment: 'local', endpoint: ncmec.baseUrl, ...user });
    vault.lock();
    const env = { CUSTODY_STATE_DIR: join(root, 'state') };
    const args = ['report', 'submit', '--vault', join(root, 'vault'), '--case', caseId];
    return { root, env, args };
  }

  function expectOneWinner(results: CliResult[], loser: RegExp): void {
    const codes = results.map((r) => r.code).sort();
    expect(codes, results.map((r) => r.stderr).join('\n')).toEqual([0, 1]);
    const lost = results.find((r) => r.code === 1);
    expect(lost?.stderr).toMatch(loser);
    expect(lost?.stdout).toBe('');
  }

  it('on one workstation: one sends, the other is refused', async () => {
    const ncmec = await slowSubmitServer(4000);
    const { env, args } = await vaultForCli(ncmec);
    const results = await Promise.all([
      runCli(args, { env, passphrase: passphrases.ana }),
      runCli(args, { env, passphrase: passphrases.ana }),
    ]);
    expectOneWinner(results, /another (Custody )?process/);
    expectOneReport(ncmec);
    const won = results.find((r) => r.code === 0);
    expect(won?.stdout.trim()).toBe(String([...ncmec.reports.keys()][0]));
  }, 120_000);

  it("on two workstations sharing the vault folder, the second is refused by the first one's lease", async () => {
    // The vault lock of a live holder on another host is judged by its lease, not its pid, so the second
    // workstation is refused before it opens the vault (the submission's hold in the database stays the
    // line behind it, tested below). It is started while the first one's /submit is in flight at the
    // stand-in, which holds that call until the second has exited.
    const other: { start?: () => Promise<CliResult>; result?: Promise<CliResult> } = {};
    const ncmec = await startNcmecServer({
      users: [user],
      beforeProcessing: async (call) => {
        if (call.endpoint !== 'submit') return;
        other.result ??= other.start?.();
        await other.result;
      },
    });
    servers.push(ncmec);
    const { root, env, args } = await vaultForCli(ncmec);
    const preload = join(root, 'other-host.mjs');
    await writeFile(
      preload,
      "import os from 'node:os';\nimport { syncBuiltinESMExports } from 'node:module';\n" +
        "os.hostname = () => 'custody-other-workstation';\nsyncBuiltinESMExports();\n",
    );
    const elsewhere = { ...env, NODE_OPTIONS: `--import ${pathToFileURL(preload).href}` };
    other.start = () => runCli(args, { env: elsewhere, passphrase: passphrases.ana });
    const first = await runCli(args, { env, passphrase: passphrases.ana });
    const second = await other.result;
    if (!second) throw new Error('The second process never ran: the first sent no /submit.');
    const results = [first, second];
    expect(first.code, first.stderr).toBe(0);
    expectOneWinner(results, /open in another Custody process \(.*pid \d+.*\)/);
    expectOneReport(ncmec);
  }, 120_000);
});

describe('one submission at a time in one process', () => {
  it('two cases.submit calls at once (a double click) share one submission and one report', async () => {
    const ncmec = await slowSubmitServer(800);
    const { core, root, call } = await testCore(tempDir);
    await call('vault.create', { vault: 'Flight', user: 'ana', passphrase: passphrases.ana });
    const imported = await importCase(core.workstation.vault(), await writeExampleCase(join(root, 'case')));
    await call('ncmec.configure', { environment: 'local', endpoint: ncmec.baseUrl, ...user });
    const [first, second] = await Promise.all([
      call('cases.submit', { id: imported.caseId }),
      call('cases.submit', { id: imported.caseId }),
    ]);
    expect(first).toMatchObject({ state: 'finished' });
    expect(second).toMatchObject({ id: first.id, state: 'finished', reportId: first.reportId });
    expectOneReport(ncmec);
    core.workstation.lock();
  });

  it('the outbox drain racing a manual submit sends the report once', async () => {
    const ncmec = await slowSubmitServer(800);
    const { vault, caseId } = await caseInVault();
    const client = new CyberTipClient({ baseUrl: ncmec.baseUrl, ...user });
    const started = await startSubmission(vault, caseId, ncmec.baseUrl);
    const [drain, manual] = await Promise.all([
      drainOutbox(vault, client),
      submitCase(vault, caseId, { client }),
    ]);
    expect(drain).toEqual({ finished: 1, unreachable: false });
    expect(manual.status).toMatchObject({ id: started.id, state: 'finished' });
    expectOneReport(ncmec);
    vault.lock();
  });

  it('a second run of one submission, past the in-process join, is refused by the database', async () => {
    const ncmec = await slowSubmitServer(800);
    const { vault, caseId } = await caseInVault();
    const client = new CyberTipClient({ baseUrl: ncmec.baseUrl, ...user });
    const started = await startSubmission(vault, caseId, ncmec.baseUrl);
    const [a, b] = await Promise.allSettled([
      runSubmission(vault, started.id, client),
      runSubmission(vault, started.id, client),
    ]);
    expect(a).toMatchObject({ status: 'fulfilled', value: { state: 'finished' } });
    expect(b.status).toBe('rejected');
    expect(b.status === 'rejected' && b.reason).toBeInstanceOf(SubmissionBusyError);
    expectOneReport(ncmec);
    expect(loadSubmission(vault, started.id).flight_owner, 'released when the run ended').toBeNull();
    vault.lock();
  });
});

describe('a submission held by a run elsewhere', () => {
  it('is left alone while its lease holds, and taken over once it lapsed', async () => {
    const ncmec = await slowSubmitServer(0);
    const { vault, caseId } = await caseInVault();
    const client = new CyberTipClient({ baseUrl: ncmec.baseUrl, ...user });
    const started = await startSubmission(vault, caseId, ncmec.baseUrl);
    heldElsewhere(vault, started.id, Date.now() + 60_000);
    await expect(submitCase(vault, caseId, { client })).rejects.toThrow(
      /being sent by another process \(pid 4242 on elsewhere\.example\)/,
    );
    expect(await drainOutbox(vault, client)).toEqual({ finished: 0, unreachable: false });
    expect(() =>
      resolveSubmission(vault, caseId, { abandon: true }, 'decided while another run sends it'),
    ).toThrow(SubmissionBusyError);
    expect(ncmec.calls, 'nothing was sent').toHaveLength(0);
    expect(loadSubmission(vault, started.id).state).toBe('ready');
    heldElsewhere(vault, started.id, Date.now() - 1);
    const taken = await submitCase(vault, caseId, { client });
    expect(taken.status.state).toBe('finished');
    expectOneReport(ncmec);
    vault.lock();
  });

  it('whose /submit was in flight when its lease lapsed stops for a person: it is not sent again', async () => {
    const ncmec = await slowSubmitServer(0);
    const { vault, caseId } = await caseInVault();
    const client = new CyberTipClient({ baseUrl: ncmec.baseUrl, ...user });
    const started = await startSubmission(vault, caseId, ncmec.baseUrl);
    heldElsewhere(vault, started.id, Date.now() - 1, 'submitting');
    const outcome = await submitCase(vault, caseId, { client });
    expect(outcome.stopped).toBeInstanceOf(SubmissionStoppedError);
    expect(outcome.status.state).toBe('ambiguous');
    expect(ncmec.calls, 'no /submit was sent').toHaveLength(0);
    vault.lock();
  });

  it('a run that lost its hold while /submit was in flight saves nothing more', async () => {
    const { vault, caseId } = await caseInVault();
    let id = '';
    const ncmec = await startNcmecServer({
      users: [user],
      beforeAnswer: (call) => {
        if (call.endpoint === 'submit') heldElsewhere(vault, id, Date.now() + 60_000);
      },
    });
    servers.push(ncmec);
    const client = new CyberTipClient({ baseUrl: ncmec.baseUrl, ...user });
    id = (await startSubmission(vault, caseId, ncmec.baseUrl)).id;
    await expect(submitCase(vault, caseId, { client })).rejects.toBeInstanceOf(SubmissionBusyError);
    const row = loadSubmission(vault, id);
    expect({ state: row.state, owner: row.flight_owner }).toEqual({
      state: 'submitting',
      owner: 'run-elsewhere',
    });
    expect(ncmec.calls.map((c) => c.endpoint)).toEqual(['submit']);
    vault.lock();
  });
});
