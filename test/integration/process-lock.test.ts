// The vault's process lock (finding 8): a lock held on another host or in another container (another pid
// namespace) is never judged by its pid, only by its lease; a person can take over one named lock; and
// when a lock is stale, any number of processes racing for it get exactly one winner. The race runs real
// processes (test/support/lock-contender.ts) over seeded trials: CUSTODY_LOCK_SEED=<seed> replays them.
import { createHash } from 'node:crypto';
import { fork, spawnSync, type ChildProcess } from 'node:child_process';
import { readdir, readFile, rename, stat, utimes, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { VaultBusyError } from '../../main/core/errors';
import { acquireProcessLock, leaseLapseMs, leaseRenewalMs } from '../../main/core/vault/process-lock';
import type { ContenderAnswer, ContenderRequest } from '../support/lock-contender';
import { seededRandom, testSeed } from '../support/random';
import { passphrases, useTempDirs } from '../support/temp';
import { runCli } from '../support/cli';
import { Vault } from '../../main/core/identity';

const tempDir = useTempDirs();

afterEach(() => {
  vi.useRealTimers();
});

/** A pid that is certainly not running: a child that has exited. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']);
  return Number(child.stdout.toString());
}

/** Puts a lock in place as another process would: a new file renamed over vault.lock. */
async function writeLock(dir: string, holder: Record<string, unknown>, ageMs = 0): Promise<string> {
  const path = join(dir, 'vault.lock');
  const written = join(dir, 'other-process.tmp');
  await writeFile(written, JSON.stringify(holder), { mode: 0o600 });
  const at = (Date.now() - ageMs) / 1000;
  await utimes(written, at, at);
  await rename(written, path);
  return path;
}

const elsewhere = { pid: 4242, host: 'workstation-in-room-2', pidNamespace: 'pid:[4026531836]' };

describe('a lock held on another machine', () => {
  it('is refused while its lease is fresh, naming host, pid, lease age and the override', async () => {
    const dir = await tempDir();
    const path = await writeLock(dir, elsewhere, 42_000);
    const before = await readFile(path, 'utf8');
    const refusal = await acquireProcessLock(dir).catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(VaultBusyError);
    const message = (refusal as Error).message;
    expect(message).toMatch(/pid 4242 on host "workstation-in-room-2", lease renewed 4\d s ago/);
    expect(message).toMatch(/--take-over-lock [0-9a-f]{12}\b/);
    expect(await readFile(path, 'utf8')).toBe(before);
    expect(await readdir(dir)).toEqual(['vault.lock']);
  });

  it('is refused from another pid namespace on the same host name (a container), even with a dead pid', async () => {
    const dir = await tempDir();
    await writeLock(dir, { pid: deadPid(), host: hostname(), pidNamespace: 'pid:[1]' }, 5_000);
    await expect(acquireProcessLock(dir)).rejects.toBeInstanceOf(VaultBusyError);
  });

  it('is taken once its lease has lapsed by the margin, not before', async () => {
    const dir = await tempDir();
    await writeLock(dir, elsewhere, leaseLapseMs - 60_000);
    await expect(acquireProcessLock(dir)).rejects.toBeInstanceOf(VaultBusyError);
    await writeLock(dir, elsewhere, leaseLapseMs + 60_000);
    const release = await acquireProcessLock(dir);
    expect(JSON.parse(await readFile(join(dir, 'vault.lock'), 'utf8'))).toMatchObject({
      pid: process.pid,
      host: hostname(),
    });
    release();
    expect(await readdir(dir)).toEqual([]);
  });

  it('is taken over by a person naming exactly that lock, and only that one', async () => {
    const dir = await tempDir();
    await writeLock(dir, elsewhere, 1_000);
    const id = /--take-over-lock ([0-9a-f]{12})/.exec(
      ((await acquireProcessLock(dir).catch((e: unknown) => e)) as Error).message,
    )?.[1];
    expect(id).toBeDefined();
    await writeLock(dir, { ...elsewhere, pid: 4343 }, 1_000);
    await expect(acquireProcessLock(dir, { takeOver: id as string })).rejects.toThrow(/pid 4343/);
    await writeLock(dir, elsewhere, 1_000);
    const release = await acquireProcessLock(dir, { takeOver: id as string });
    expect(JSON.parse(await readFile(join(dir, 'vault.lock'), 'utf8'))).toMatchObject({ pid: process.pid });
    release();
  });
});

describe('the holder', () => {
  it('renews its lease, and a second acquire in the same process is refused', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    const dir = await tempDir();
    let now = Date.now();
    const release = await acquireProcessLock(dir, { now: () => now });
    await utimes(join(dir, 'vault.lock'), 1, 1);
    now += 5_000;
    vi.advanceTimersByTime(leaseRenewalMs);
    const { mtimeMs } = await stat(join(dir, 'vault.lock'));
    expect(Math.abs(mtimeMs - now)).toBeLessThan(1_000);
    await expect(acquireProcessLock(dir)).rejects.toThrow(new RegExp(`pid ${process.pid} on host`));
    release();
  });

  it('notices a take-over, closes, and does not remove the new holder’s lock', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    const dir = await tempDir();
    const lost = vi.fn();
    const warnings = vi.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
    const release = await acquireProcessLock(dir, { onLost: lost });
    await writeLock(dir, elsewhere);
    vi.advanceTimersByTime(leaseRenewalMs);
    expect(lost).toHaveBeenCalledOnce();
    expect(warnings).toHaveBeenCalledWith(expect.stringMatching(/taken over by another process/));
    release();
    expect(JSON.parse(await readFile(join(dir, 'vault.lock'), 'utf8'))).toMatchObject({ pid: 4242 });
  });

  it('takes over the lock of a crashed process on this machine at once, old format included', async () => {
    const dir = await tempDir();
    await writeLock(dir, { pid: deadPid(), host: hostname() });
    const release = await acquireProcessLock(dir);
    release();
    await writeFile(join(dir, 'vault.lock'), '');
    (await acquireProcessLock(dir))();
    expect(await readdir(dir)).toEqual([]);
  });

  it('removes what processes killed while taking the lock left behind, once it is a minute old', async () => {
    const dir = await tempDir();
    const old = (Date.now() - 120_000) / 1000;
    for (const name of [
      'vault.lock.1b2c.tmp',
      'vault.lock.1b2c.tmp.swap-9f',
      'vault.lock.claim-0123456789ab',
    ]) {
      await writeFile(join(dir, name), '{}');
      await utimes(join(dir, name), old, old);
    }
    await writeFile(join(dir, 'vault.lock.fresh.tmp'), '{}');
    const release = await acquireProcessLock(dir);
    expect((await readdir(dir)).sort()).toEqual(['vault.lock', 'vault.lock.fresh.tmp']);
    release();
  });

  it('takes over a stale lock whose earlier taker crashed while holding its claim', async () => {
    const dir = await tempDir();
    const stale = JSON.stringify({ pid: deadPid(), host: hostname() });
    await writeFile(join(dir, 'vault.lock'), stale);
    const id = createHash('sha256').update(stale).digest('hex').slice(0, 12);
    await writeFile(
      join(dir, `vault.lock.claim-${id}`),
      JSON.stringify({ pid: deadPid(), host: hostname() }),
    );
    const release = await acquireProcessLock(dir);
    expect(JSON.parse(await readFile(join(dir, 'vault.lock'), 'utf8'))).toMatchObject({ pid: process.pid });
    expect(await readdir(dir)).toEqual(['vault.lock']);
    release();
  });
});

describe('from the command line', () => {
  it('is refused with the lock named, then taken over by a person naming it with --take-over-lock', async () => {
    const root = await tempDir();
    const dir = join(root, 'vault');
    const env = { CUSTODY_STATE_DIR: join(root, 'state') };
    (
      await Vault.create(
        dir,
        { user: 'ana', passphrase: passphrases.ana },
        { stateDir: env.CUSTODY_STATE_DIR },
      )
    ).lock();
    await writeLock(dir, elsewhere, 90_000);
    const refused = await runCli(['verify', '--vault', dir], { env, passphrase: passphrases.ana });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(
      /^custody verify: The vault is open in another Custody process \(pid 4242 on host "workstation-in-room-2", lease renewed \d+ s ago, lock [0-9a-f]{12}\)\./,
    );
    const id = /--take-over-lock ([0-9a-f]{12})\./.exec(refused.stderr)?.[1] as string;
    const taken = await runCli(['verify', '--vault', dir, '--take-over-lock', id], {
      env,
      passphrase: passphrases.ana,
    });
    expect(taken.stderr).toBe('');
    expect(taken.code).toBe(0);
    expect(await readdir(dir)).not.toContain('vault.lock');
  }, 120_000);
});

const contenders = 4;
const trials = 48;
const seed = testSeed('CUSTODY_LOCK_SEED');

describe(`${contenders} processes racing for one lock (seed ${seed})`, () => {
  const children: ChildProcess[] = [];
  const inbox = new Map<ChildProcess, Array<(answer: ContenderAnswer) => void>>();
  const next = (child: ChildProcess) => new Promise<ContenderAnswer>((done) => inbox.get(child)?.push(done));
  const send = (child: ChildProcess, request: ContenderRequest) => {
    const answered = next(child);
    child.send(request);
    return answered;
  };

  beforeAll(async () => {
    for (let i = 0; i < contenders; i++) {
      const child = fork(resolve('test/support/lock-contender.ts'), [], {
        execArgv: ['--import', 'tsx'],
        stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      });
      inbox.set(child, []);
      child.on('message', (answer: ContenderAnswer) => inbox.get(child)?.shift()?.(answer));
      children.push(child);
    }
    await Promise.all(children.map(next));
  }, 60_000);

  afterAll(() => {
    for (const child of children) child.send({ kind: 'exit' } satisfies ContenderRequest);
  });

  it('lets exactly one in, whatever stale lock they find, in every trial', async () => {
    const random = seededRandom(seed);
    const dead = deadPid();
    const stale: Array<[string, (dir: string) => Promise<unknown>]> = [
      ['no lock', async () => undefined],
      ['a crashed process on this machine', (dir) => writeLock(dir, { pid: dead, host: hostname() })],
      ['a lapsed lease from another machine', (dir) => writeLock(dir, elsewhere, leaseLapseMs + 1_000)],
      ['an unreadable lock', (dir) => writeFile(join(dir, 'vault.lock'), '{"pid":')],
    ];
    for (let trial = 0; trial < trials; trial++) {
      const dir = await tempDir();
      const [kind, prepare] = stale[trial % stale.length] as (typeof stale)[number];
      await prepare(dir);
      const answers = await Promise.all(
        children.map((child) => send(child, { kind: 'take', dir, delayMs: random.int(0, 4) })),
      );
      const winners = answers.filter((a) => a.kind === 'taken');
      expect(winners, `trial ${trial} (${kind}, seed ${seed}): ${JSON.stringify(answers)}`).toHaveLength(1);
      for (const answer of answers) {
        if (answer.kind === 'refused') expect(answer.code).toBe('VAULT_BUSY');
      }
      const holder = JSON.parse(await readFile(join(dir, 'vault.lock'), 'utf8')) as { pid: number };
      expect(holder.pid).toBe((winners[0] as { pid: number }).pid);
      expect(await readdir(dir), 'no claim or temporary file is left').toEqual(['vault.lock']);
      await Promise.all(children.map((child) => send(child, { kind: 'release' })));
      expect(await readdir(dir)).toEqual([]);
    }
  }, 120_000);
});
