// kill -9 during `custody report submit`, at fail-points the NCMEC stand-in holds so the kill lands exactly
// there: at each of a run's 10 calls (submit, 4 uploads, 4 file details, finish), once before NCMEC acts
// on the call and once after it acted but before its answer reaches Custody; then at seeded random moments
// while Custody records an answer. After each kill a resume must finish exactly one report holding every
// file, without opening a second report or uploading a file twice. CUSTODY_KILL_SEED=<seed> replays a run.
import type { ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { writeExampleCase } from '../../main/core/review/case-example';
import { importCase } from '../../main/core/review/cases';
import { Vault } from '../../main/core/vault/vault';
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
    // Fails today: a crash after NCMEC opened the report or stored a file, before Custody recorded the
    // answer, makes the resume send that call again (main/core/cybertip/submission.ts, runSubmission: a
    // 'submitting' row is submitted again, an 'uploading' file is uploaded again).
    duplicatesToday: moment === 'after NCMEC acted' && (endpoint === 'submit' || endpoint === 'upload'),
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
  env = {
    CUSTODY_STATE_DIR: stateDir,
    CUSTODY_NCMEC_USER: user.username,
    CUSTODY_NCMEC_PASSWORD: user.password,
  };
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

const submitArgs = (caseId: string, server: NcmecServer) => [
  'report',
  'submit',
  '--vault',
  dir,
  '--case',
  caseId,
  '--endpoint',
  server.baseUrl,
];

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
  const child = await startCli(submitArgs(caseId, server), { env, passphrase: passphrases.ana });
  cli.child = child;
  cli.exited = new Promise((resolve) => child.on('close', (code, signal) => resolve({ code, signal })));
  const exit = await cli.exited;
  return { server, landedIn, exit, callsAtKill };
}

/** The second `report submit`, which must finish what the killed one started. */
async function resume(caseId: string, server: NcmecServer): Promise<CliResult> {
  return runCli(submitArgs(caseId, server), { env, passphrase: passphrases.ana });
}

function expectKillLanded(killed: Killed, call: number): void {
  expect(killed.exit, 'the CLI was killed, not finished').toEqual({ code: null, signal: 'SIGKILL' });
  expect(killed.landedIn && isCall(killed.landedIn, call), 'the kill landed in the chosen call').toBe(true);
  expect(killed.callsAtKill).toBe(call);
}

function expectOneFinishedReport(server: NcmecServer, resumed: CliResult): void {
  expect(resumed.code, resumed.stderr).toBe(0);
  const finished = [...server.reports.values()].filter((r) => r.state === 'finished');
  expect(finished).toHaveLength(1);
  expect(String(finished[0]?.reportId)).toBe(resumed.stdout.trim());
  const described = new Set(finished[0]?.files.filter((f) => f.details.length > 0).map((f) => f.md5));
  expect(described.size, 'files described').toBe(4);
}

function expectNoDuplicates(server: NcmecServer): void {
  expect([...server.reportsOpened.values()], 'reports opened for the case').toEqual([1]);
  expect([...server.uploads.values()], 'uploads of each file').toEqual([1, 1, 1, 1]);
}

describe.each(points)('kill -9 at call $call ($endpoint), $moment', (point) => {
  let killed: Killed;
  let resumed: CliResult;

  beforeAll(async () => {
    const caseId = cases[points.indexOf(point)] as string;
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
    expectOneFinishedReport(killed.server, resumed);
  });

  (point.duplicatesToday ? it.fails : it)('opened no second report and uploaded no file twice', () => {
    expectNoDuplicates(killed.server);
  });
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
      expectOneFinishedReport(killed.server, resumed);
      // The resume repeats NCMEC's work only when Custody died before recording the answer to a submit or
      // an upload: the fail-points above cover that case. Otherwise nothing may be sent twice.
      const unrecorded =
        (endpoint === 'submit' && status.reportId === null) ||
        (endpoint === 'upload' && status.files[call - 2]?.fileId === null);
      console.log(
        `kill ${delayMs} ms after call ${call} (${endpoint}): Custody had ${unrecorded ? 'not ' : ''}recorded the answer`,
      );
      if (!unrecorded) expectNoDuplicates(killed.server);
    },
    60_000,
  );
});
