// kill -9 during `custody report submit`, at fail-points the NCMEC stand-in holds so the kill lands exactly
// there: at each of a run's 10 calls (submit, 4 uploads, 4 file details, finish), once before NCMEC acts
// on the call and once after it acted but before its answer reaches Custody; then at seeded random moments
// while Custody records an answer. After each kill a resume must finish exactly one report holding every
// file, and never open a second report: a /submit whose answer was lost is never sent again but stops for a
// person, who asks NCMEC and records the answer (`report resolve`), as NCMEC requires. An upload whose answer
// was lost is repeated (NCMEC allows it and has no call to list a report's files), and the ledger says so;
// nothing else is ever sent twice. CUSTODY_KILL_SEED=<seed> replays a run.
import type { ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { configureNcmec } from '../../main/core/cybertip';
import { Vault } from '../../main/core/identity';
import { importCase } from '../../main/core/media';
import { writeExampleCase } from '../../main/core/review/case-example';
import {
  startNcmecServer,
  type NcmecServer,
  type NcmecServerOptions,
  type ServerCall,
} from '../ncmec-server/server';
import { runCli, startCli, type CliResult } from '../support/cli';
import { seededRandom, testSeed } from '../support/random';
import { passphrases } from '../support/temp';

const user = { username: 'esp-test', password: 'stand-in password' };
/** The calls of one run, in order. */
const CALLS = ['submit', ...Array<string>(4).fill('upload'), ...Array<string>(4).fill('fileinfo'), 'finish'];
const RANDOM_RUNS = 4;
const seed = testSeed('CUSTODY_KILL_SEED');
const random = seededRandom(seed);

type Moment = 'before NCMEC acts' | 'after NCMEC acted';
/** The stand-in's number for the run's call `call` (1-based): the n-th call to its endpoint. */
const endpointCall = (call: number) => CALLS.slice(0, call).filter((e) => e === CALLS[call - 1]).length;
/** Whether the stand-in's `record` is the run's call `call`. */
const isCall = (record: ServerCall, call: number) =>
  record.endpoint === CALLS[call - 1] && record.call === endpointCall(call);

const points = CALLS.flatMap((endpoint, index) =>
  (['before NCMEC acts', 'after NCMEC acted'] as const).map((moment: Moment) => ({
    call: index + 1,
    endpoint,
    moment,
  })),
);
const randomRuns = Array.from({ length: RANDOM_RUNS }, () => ({
  call: random.int(1, CALLS.length),
  delayMs: random.int(0, 10),
}));

let root: string;
let dir: string;
let env: Record<string, string>;
/** The example case imported once per kill (its files are stored once), up front with a single unlock. */
const cases: string[] = [];

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'custody-test-'));
  dir = join(root, 'vault');
  const stateDir = join(root, 'state');
  env = { CUSTODY_STATE_DIR: stateDir };
  const vault = await Vault.create(dir, { user: 'ana', passphrase: passphrases.ana }, { stateDir });
  try {
    const example = await writeExampleCase(join(root, 'case'));
    for (let i = 0; i < points.length + randomRuns.length; i++)
      cases.push((await importCase(vault, example)).caseId);
  } finally {
    vault.lock();
  }
}, 120_000);

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

const servers: NcmecServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

interface Killed {
  server: NcmecServer;
  /** The call the kill landed in; undefined when the run ended before any kill. */
  landedIn: ServerCall | undefined;
  /** How the killed run ended: a kill shows as signal SIGKILL with no exit code. */
  exit: { code: number | null; signal: NodeJS.Signals | null };
  /** The stand-in's calls when the run died. */
  callsAtKill: number;
}

/** The kill: the hooks a stand-in gets, given `kill()` which kills the CLI and resolves once it is dead. */
type KillHooks = (kill: (call: ServerCall) => Promise<void>) => Partial<NcmecServerOptions>;

const submitArgs = (caseId: string) => ['report', 'submit', '--vault', dir, '--case', caseId];

/** Points the vault's stored NCMEC settings (which `report submit` uses) at a fresh stand-in. */
async function sendTo(server: NcmecServer): Promise<void> {
  const vault = await Vault.unlock(
    dir,
    { user: 'ana', passphrase: passphrases.ana },
    { stateDir: env.CUSTODY_STATE_DIR },
  );
  try {
    configureNcmec(vault, { environment: 'local', endpoint: server.baseUrl, ...user });
  } finally {
    vault.lock();
  }
}

/** Runs `report submit` against a fresh stand-in whose hooks kill it, and returns once it is dead. */
async function submitAndKill(caseId: string, hooks: KillHooks): Promise<Killed> {
  let landedIn: ServerCall | undefined;
  let callsAtKill = -1;
  // Set once the CLI runs, which needs the stand-in's address first.
  const cli: { child?: ChildProcess; exited?: Promise<Killed['exit']> } = {};
  const server = await startNcmecServer({
    users: [user],
    ...hooks(async (call) => {
      landedIn = call;
      callsAtKill = server.calls.length;
      cli.child?.kill('SIGKILL');
      await cli.exited;
    }),
  });
  servers.push(server);
  await sendTo(server);
  const child = await startCli(submitArgs(caseId), { env, passphrase: passphrases.ana });
  cli.child = child;
  cli.exited = new Promise((resolve) => child.on('close', (code, signal) => resolve({ code, signal })));
  const exit = await cli.exited;
  return { server, landedIn, exit, callsAtKill };
}

const asAna = () => ({ env, passphrase: passphrases.ana });

interface Resumed {
  /** The last `report submit`, which must have finished the report. */
  result: CliResult;
  /** Whether the first resume stopped for a person (a /submit whose answer was lost). */
  stoppedForAPerson: boolean;
}

/**
 * The second `report submit`, which must finish what the killed one started. When it stops because NCMEC
 * may hold a report, a person asks NCMEC (here: the stand-in) and records the answer, then submits again.
 */
async function resume(caseId: string, server: NcmecServer): Promise<Resumed> {
  const first = await runCli(submitArgs(caseId), asAna());
  if (first.code === 0) return { result: first, stoppedForAPerson: false };
  expect(first.stderr, 'the resume stopped for a person').toMatch(/custody report resolve/);
  expect(first.code).toBe(1);
  const opened = [...server.reports.values()];
  expect(opened.length, 'reports NCMEC opened before the person decides').toBeLessThanOrEqual(1);
  const answer = opened[0]
    ? ['--report-id', String(opened[0].reportId), '--reason', 'NCMEC confirmed it opened this report']
    : ['--abandon', '--reason', 'NCMEC confirmed it opened no report for this case'];
  const resolved = await runCli(['report', 'resolve', '--vault', dir, '--case', caseId, ...answer], asAna());
  expect(resolved.code, resolved.stderr).toBe(0);
  return { result: await runCli(submitArgs(caseId), asAna()), stoppedForAPerson: true };
}

/** The `report.submission` steps the vault's ledger records for a case. */
async function submissionSteps(caseId: string): Promise<string[]> {
  const vault = await Vault.unlock(
    dir,
    { user: 'ana', passphrase: passphrases.ana },
    { stateDir: env.CUSTODY_STATE_DIR },
  );
  try {
    return vault.ledger.entriesFor(caseId, 'report.submission').map((entry) => String(entry.details.step));
  } finally {
    vault.lock();
  }
}

function expectKillLanded(killed: Killed, call: number): void {
  expect(killed.exit, 'the CLI was killed, not finished').toEqual({ code: null, signal: 'SIGKILL' });
  expect(killed.landedIn && isCall(killed.landedIn, call), 'the kill landed in the chosen call').toBe(true);
  expect(killed.callsAtKill).toBe(call);
}

function expectOneFinishedReport(server: NcmecServer, resumed: CliResult): void {
  expect(resumed.code, resumed.stderr).toBe(0);
  expect([...server.reportsOpened.values()], 'reports opened for the case').toEqual([1]);
  const finished = [...server.reports.values()].filter((r) => r.state === 'finished');
  expect(finished).toHaveLength(1);
  expect(String(finished[0]?.reportId)).toBe(resumed.stdout.trim());
  const described = new Set(finished[0]?.files.filter((f) => f.details.length > 0).map((f) => f.md5));
  expect(described.size, 'files described').toBe(4);
}

function expectNoDuplicates(server: NcmecServer): void {
  expect([...server.uploads.values()], 'uploads of each file').toEqual([1, 1, 1, 1]);
}

/** One file was sent twice, because its first upload's answer was lost, and the ledger says so. */
async function expectOneRecordedRepeat(server: NcmecServer, caseId: string): Promise<void> {
  expect([...server.uploads.values()].sort(), 'uploads of each file').toEqual([1, 1, 1, 2]);
  expect((await submissionSteps(caseId)).filter((step) => step === 'upload-repeated')).toHaveLength(1);
}

describe.each(points)('kill -9 at call $call ($endpoint), $moment', (point) => {
  let killed: Killed;
  let resumed: Resumed;
  let caseId: string;

  beforeAll(async () => {
    caseId = cases[points.indexOf(point)] as string;
    let armed = true;
    const atThisCall = (record: ServerCall) => armed && isCall(record, point.call);
    killed = await submitAndKill(caseId, (kill) =>
      point.moment === 'before NCMEC acts'
        ? {
            beforeProcessing: async (call) => {
              if (!atThisCall(call)) return;
              armed = false;
              await kill(call);
              return 'cut';
            },
          }
        : {
            beforeAnswer: async (call) => {
              if (!atThisCall(call)) return;
              armed = false;
              await kill(call);
            },
          },
    );
    resumed = await resume(caseId, killed.server);
  }, 60_000);

  it('landed there, and the resume finished exactly one report holding every file', () => {
    expectKillLanded(killed, point.call);
    expectOneFinishedReport(killed.server, resumed.result);
  });

  it(
    point.endpoint === 'submit'
      ? 'did not send the submit again, but stopped for a person'
      : 'stopped for no one, and sent nothing twice but an upload whose answer was lost, recorded',
    async () => {
      expect(resumed.stoppedForAPerson).toBe(point.endpoint === 'submit');
      if (point.endpoint === 'upload' && point.moment === 'after NCMEC acted')
        await expectOneRecordedRepeat(killed.server, caseId);
      else expectNoDuplicates(killed.server);
    },
  );
});

describe('kill -9 at seeded moments while Custody records an answer', () => {
  it.each(randomRuns.map((run, index) => ({ ...run, index, endpoint: CALLS[run.call - 1] })))(
    '$delayMs ms after the answer to call $call ($endpoint)',
    async ({ call, delayMs, index, endpoint }) => {
      const caseId = cases[points.length + index] as string;
      let phase: 'running' | 'killing' | 'resuming' = 'running';
      let dead: Promise<void> = Promise.resolve();
      const killed = await submitAndKill(caseId, (kill) => ({
        // The chosen call is answered as usual; the kill comes `delayMs` later, a deliberate seeded delay
        // that lands while the CLI records the answer or starts the next call, which waits for the kill.
        onCall: (record) => {
          if (phase !== 'running' || !isCall(record, call)) return;
          phase = 'killing';
          dead = new Promise<void>((done) => setTimeout(done, delayMs))
            .then(() => kill(record))
            .then(() => void (phase = 'resuming'));
        },
        beforeProcessing: async () => {
          if (phase !== 'killing') return;
          await dead;
          return 'cut';
        },
      }));
      expect(killed.exit, 'the CLI was killed, not finished').toEqual({ code: null, signal: 'SIGKILL' });
      expect(killed.landedIn && isCall(killed.landedIn, call)).toBe(true);
      const before = await runCli(['report', 'status', '--vault', dir, '--case', caseId], {
        env,
        passphrase: passphrases.ana,
      });
      expect(before.code, before.stderr).toBe(0);
      const status = JSON.parse(before.stdout) as {
        reportId: number | null;
        files: { fileId: string | null }[];
      };
      const resumed = await resume(caseId, killed.server);
      expectOneFinishedReport(killed.server, resumed.result);
      // Only a lost answer to a submit (a person decides) or to an upload (sent again, recorded) changes
      // what the resume does: the fail-points above cover both. Otherwise nothing may be sent twice.
      const unrecorded =
        (endpoint === 'submit' && status.reportId === null) ||
        (endpoint === 'upload' && status.files[call - 2]?.fileId === null);
      console.log(
        `kill ${delayMs} ms after call ${call} (${endpoint}): Custody had ${unrecorded ? 'not ' : ''}recorded the answer`,
      );
      expect(resumed.stoppedForAPerson).toBe(endpoint === 'submit' && unrecorded);
      if (endpoint === 'upload' && unrecorded) await expectOneRecordedRepeat(killed.server, caseId);
      else expectNoDuplicates(killed.server);
    },
    60_000,
  );
});
