// One process at a time per vault: vault.lock names its holder (pid, host, pid namespace) and carries a
// lease, its modification time, which the holder renews while it runs. It is created with link() and taken
// from a dead holder only through an exclusive claim on that exact lock, so two processes never both get in;
// a holder on another machine is never judged by its pid, only by a lease that lapsed long ago.
import { createHash, randomUUID } from 'node:crypto';
import {
  closeSync,
  fstatSync,
  futimesSync,
  openSync,
  readlinkSync,
  statSync,
  unlinkSync,
  writeSync,
} from 'node:fs';
import { link, readdir, readFile, rename, rm, stat } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { VaultBusyError } from '../errors';

/** How often the holder renews its lease. */
export const leaseRenewalMs = 20_000;
/**
 * How long after its last renewal a lease from another machine (or container) lapses: thirty missed
 * renewals, so a main process stalled by a long transaction, or clocks a few minutes apart, keep theirs.
 */
export const leaseLapseMs = 10 * 60_000;
/** How long to wait for another process that is taking a lapsed lock over, before looking again. */
const claimWaitMs = 25;
/** A temporary, swap or claim file older than this was left by a crash: the next holder removes it. */
const leftoverAgeMs = 60_000;
const maxAttempts = 200;

export interface ProcessLockOptions {
  /**
   * The id of a lock a person has checked is not in use (printed in the busy message): it is taken over
   * even though its lease has not lapsed. Only that exact lock; a newer one is refused as usual.
   */
  takeOver?: string;
  /** Called when another process took the lock over (this one's lease had lapsed); the vault must close. */
  onLost?: () => void;
  /** For tests: the time the lease is measured against. */
  now?: () => number;
}

interface Holder {
  pid?: unknown;
  host?: unknown;
  pidNamespace?: unknown;
  since?: unknown;
}

/** What a lock file says, and whether it may be taken. */
interface LockView {
  /** The first 12 hex digits of the SHA-256 of the file: names this exact lock. */
  id: string;
  holder: Holder;
  /** Milliseconds since its lease was last renewed. */
  ageMs: number;
  stale: boolean;
}

/** This process's pid namespace ("pid:[4026531836]" on Linux): pids only mean something inside one. */
function pidNamespace(): string {
  try {
    return readlinkSync('/proc/self/ns/pid');
  } catch {
    return '';
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function describe(view: LockView): string {
  const { pid, host } = view.holder;
  const seconds = Math.max(0, Math.round(view.ageMs / 1000));
  return (
    `pid ${typeof pid === 'number' ? pid : '?'} on host "${typeof host === 'string' ? host : '?'}", ` +
    `lease renewed ${seconds} s ago, lock ${view.id}`
  );
}

function busy(view: LockView): VaultBusyError {
  const lapse = Math.round(leaseLapseMs / 60_000);
  return new VaultBusyError(
    describe(view),
    `If that machine crashed, its lock lapses ${lapse} min after its last renewal. To take it over sooner, ` +
      `make sure Custody is not running there, then run the command line with --take-over-lock ${view.id}.`,
  );
}

/** Reads a lock (or claim) file; null when it is gone. */
async function inspect(path: string, now: number): Promise<LockView | null> {
  let bytes: Buffer;
  let mtimeMs: number;
  try {
    [bytes, { mtimeMs }] = await Promise.all([readFile(path), stat(path)]);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
  const id = createHash('sha256').update(bytes).digest('hex').slice(0, 12);
  const ageMs = now - mtimeMs;
  let parsed: unknown = null;
  try {
    parsed = JSON.parse(bytes.toString('utf8'));
  } catch {
    // Reported as stale below.
  }
  // Written whole before link() names it, a lock is never torn: an unreadable one is an old version's.
  if (typeof parsed !== 'object' || parsed === null) return { id, holder: {}, ageMs, stale: true };
  const holder = parsed as Holder;
  const sameMachine =
    holder.host === hostname() &&
    (holder.pidNamespace === undefined || holder.pidNamespace === pidNamespace());
  const pid = typeof holder.pid === 'number' && holder.pid > 0 ? holder.pid : 0;
  const stale = sameMachine ? pid === 0 || !alive(pid) : ageMs > leaseLapseMs;
  return { id, holder, ageMs, stale };
}

/** Gives `target` the inode of `file` in one rename (through a fresh name, so `file` keeps its own). */
async function replaceWith(file: string, target: string): Promise<void> {
  const swap = `${file}.swap-${randomUUID()}`;
  await link(file, swap);
  try {
    await rename(swap, target);
  } catch (error) {
    await rm(swap, { force: true });
    throw error;
  }
}

/**
 * Makes `path` a name of `file`: created when absent; when its holder is gone (or is `takeOver`), replaced,
 * but only by whoever first creates the claim `<path>.claim-<its id>`, taken the same way; so among any
 * number of processes exactly one replaces a given lock. Returns the live holder when there is one.
 */
async function take(
  path: string,
  file: string,
  now: () => number,
  takeOver?: string,
): Promise<LockView | null> {
  let holder: LockView | null = null;
  for (let attempt = 0; attempt < maxAttempts; attempt++) {
    try {
      await link(file, path);
      return null;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const current = await inspect(path, now());
    if (!current) continue;
    holder = current;
    if (!current.stale && current.id !== takeOver) return current;
    const claim = `${path}.claim-${current.id}`;
    if ((await take(claim, file, now)) !== null) {
      // Another process is taking this lock over: look again once it has.
      await sleep(claimWaitMs);
      continue;
    }
    try {
      if ((await inspect(path, now()))?.id === current.id) {
        await replaceWith(file, path);
        return null;
      }
    } finally {
      await rm(claim, { force: true });
    }
  }
  if (holder) return holder;
  throw new VaultBusyError(`nobody could be seen holding ${path}, yet it could not be created`);
}

/** Removes the temporary, swap and claim files that processes killed while taking the lock left behind. */
async function removeLeftovers(dir: string, now: number): Promise<void> {
  for (const name of await readdir(dir)) {
    if (!/^vault\.lock\..+/.test(name)) continue;
    const path = join(dir, name);
    const info = await stat(path).catch(() => null);
    if (info && now - info.mtimeMs > leftoverAgeMs) await rm(path, { force: true });
  }
}

/** Takes the lock; the function it returns releases it (synchronously, so lock() can be synchronous). */
export async function acquireProcessLock(dir: string, options: ProcessLockOptions = {}): Promise<() => void> {
  const now = options.now ?? Date.now;
  const path = join(dir, 'vault.lock');
  const file = join(dir, `vault.lock.${randomUUID()}.tmp`);
  const fd = openSync(file, 'wx', 0o600);
  try {
    writeSync(
      fd,
      JSON.stringify({
        pid: process.pid,
        host: hostname(),
        pidNamespace: pidNamespace(),
        since: new Date(now()).toISOString(),
        nonce: randomUUID(),
      }),
    );
    const holder = await take(path, file, now, options.takeOver);
    if (holder) throw busy(holder);
  } catch (error) {
    closeSync(fd);
    await rm(file, { force: true });
    throw error;
  } finally {
    await rm(file, { force: true });
  }
  await removeLeftovers(dir, now());
  const ino = fstatSync(fd).ino;
  const ours = (): boolean => {
    try {
      return statSync(path).ino === ino;
    } catch {
      return false;
    }
  };
  let released = false;
  const release = (): void => {
    if (released) return;
    released = true;
    clearInterval(renewal);
    if (ours()) unlinkSync(path);
    closeSync(fd);
  };
  const renewal = setInterval(() => {
    if (!ours()) {
      release();
      process.emitWarning(`${path} was taken over by another process; this one closes the vault.`);
      options.onLost?.();
      return;
    }
    try {
      const at = now() / 1000;
      futimesSync(fd, at, at);
    } catch (error) {
      process.emitWarning(`The lease of ${path} could not be renewed: ${(error as Error).message}`);
    }
  }, leaseRenewalMs);
  renewal.unref();
  return release;
}
