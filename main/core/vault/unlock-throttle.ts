// Unlock throttling: after three wrong passphrases in a row for one user of one vault, each further attempt
// waits 1 s, 2 s, 4 s… (at most 5 min) after the last failure. The failures are kept outside the vault (a
// wrong passphrase never writes to it), in <stateDir>/unlock-throttle/<vault id>.jsonl, and in this process's
// memory, so deleting the file does not reset a running app. The file carries a seal that the vault records
// at its first unlock on this workstation: a file deleted or replaced since is noticed at the next unlock.
// It only ever names users of the vault, never whatever was typed as a user name.
import { createHash, randomBytes } from 'node:crypto';
import { appendFile, mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { hostname, userInfo } from 'node:os';
import { join, resolve } from 'node:path';
import { UnlockThrottledError } from '../errors';
import type { VaultDatabase } from './database';

/** Wrong passphrases in a row that cost no wait. */
export const freeAttempts = 3;
/** The wait after the first failure past the free ones; it doubles with each further failure. */
export const firstDelayMs = 1_000;
export const maxDelayMs = 5 * 60_000;

interface Failure {
  user: string;
  at: number;
}

interface ThrottleFile {
  exists: boolean;
  seal: string | null;
  failures: Failure[];
}

/** Failures this process saw, per throttle file and user, whatever becomes of the file. */
const remembered = new Map<string, number[]>();

function throttlePath(stateDir: string, vaultId: string): string {
  return join(stateDir, 'unlock-throttle', `${vaultId}.jsonl`);
}

/** Names this workstation's state folder (machine, OS account, folder) in the vault's meta table. */
function sealKey(stateDir: string): string {
  const where = `${hostname()}\n${userInfo().uid}\n${resolve(stateDir)}`;
  return `unlock_throttle_seal:${createHash('sha256').update(where).digest('hex').slice(0, 32)}`;
}

async function readThrottle(path: string): Promise<ThrottleFile> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT')
      return { exists: false, seal: null, failures: [] };
    throw error;
  }
  let seal: string | null = null;
  const failures: Failure[] = [];
  for (const line of text.split('\n')) {
    try {
      const value = JSON.parse(line) as { seal?: unknown; user?: unknown; at?: unknown };
      if (typeof value.seal === 'string') seal = value.seal;
      else if (typeof value.user === 'string' && typeof value.at === 'number')
        failures.push({ user: value.user, at: value.at });
    } catch {
      // A torn last line (a crash mid-append) counts for nothing.
    }
  }
  return { exists: true, seal, failures };
}

/** How long `user` must still wait before the next attempt, in milliseconds (0: now). */
function remainingWait(path: string, file: ThrottleFile, user: string, now: number): number {
  const inFile = file.failures.filter((f) => f.user === user).map((f) => f.at);
  const inMemory = remembered.get(`${path}\n${user}`) ?? [];
  const times = inMemory.length > inFile.length ? inMemory : inFile;
  if (times.length < freeAttempts) return 0;
  const delay = Math.min(maxDelayMs, firstDelayMs * 2 ** (times.length - freeAttempts));
  return Math.max(0, Math.max(...times) + delay - now);
}

/** Throws UnlockThrottledError, naming the wait, while `user` must still wait. */
export async function checkUnlockThrottle(
  stateDir: string,
  vaultId: string,
  user: string,
  now: number,
): Promise<void> {
  const path = throttlePath(stateDir, vaultId);
  const wait = remainingWait(path, await readThrottle(path), user, now);
  if (wait > 0) throw new UnlockThrottledError(user, Math.ceil(wait / 1000));
}

/** Counts a wrong passphrase of `user`, a user of the vault. */
export async function recordUnlockFailure(
  stateDir: string,
  vaultId: string,
  user: string,
  now: number,
): Promise<void> {
  const path = throttlePath(stateDir, vaultId);
  const key = `${path}\n${user}`;
  remembered.set(key, [...(remembered.get(key) ?? []), now]);
  await mkdir(join(stateDir, 'unlock-throttle'), { recursive: true, mode: 0o700 });
  await appendFile(path, `${JSON.stringify({ user, at: now })}\n`, { mode: 0o600 });
}

export interface ThrottleSettlement {
  /** Set when the throttle file was deleted or replaced since the vault's last unlock here. */
  tampered: 'deleted' | 'replaced' | null;
  /** Records the file's seal in the vault; call inside the unlock's transaction. */
  commit(): void;
}

/**
 * At a successful unlock of `user`: forgets that user's failures (the other users' stay), and checks the
 * file against the seal the vault holds for this workstation, restoring it when the file lost it.
 */
export async function settleUnlockThrottle(
  db: VaultDatabase,
  stateDir: string,
  vaultId: string,
  user: string,
): Promise<ThrottleSettlement> {
  const path = throttlePath(stateDir, vaultId);
  const key = sealKey(stateDir);
  const recorded = db.prepare('SELECT value FROM meta WHERE key = ?').pluck().get(key) as string | undefined;
  const file = await readThrottle(path);
  const tampered = recorded && file.seal !== recorded ? (file.exists ? 'replaced' : 'deleted') : null;
  const seal = recorded ?? file.seal ?? randomBytes(16).toString('hex');
  const kept = file.failures.filter((f) => f.user !== user);
  remembered.delete(`${path}\n${user}`);
  let written = file.seal === seal && kept.length === file.failures.length;
  if (!written) {
    try {
      await mkdir(join(stateDir, 'unlock-throttle'), { recursive: true, mode: 0o700 });
      const next = `${path}.${randomBytes(6).toString('hex')}.tmp`;
      await writeFile(next, [{ seal }, ...kept].map((line) => `${JSON.stringify(line)}\n`).join(''), {
        mode: 0o600,
      });
      await rename(next, path);
      written = true;
    } catch (error) {
      // Like the anchor store: a state folder that cannot be written must not keep a person out.
      process.emitWarning(
        `The unlock throttle file ${path} could not be written: ${(error as Error).message}`,
      );
    }
  }
  return {
    tampered,
    commit: () => {
      if (!recorded && written) db.prepare('INSERT INTO meta (key, value) VALUES (?, ?)').run(key, seal);
    },
  };
}
