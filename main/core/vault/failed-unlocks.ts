// Failed unlock attempts, remembered outside the vault (a wrong passphrase must leave every vault file
// byte-identical) and written into the ledger at the next successful unlock. The name typed is kept only
// when it is a user of the vault: a passphrase typed into the user field must never reach disk or ledger.
import { appendFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';

export interface FailedUnlock {
  vaultId: string;
  /** The user tried: a name the vault knows, or null (what was typed is not kept). */
  user: string | null;
  at: string;
  reason: 'wrong-passphrase' | 'unknown-user';
}

/** Where the journal lives: CUSTODY_STATE_DIR, else the XDG state folder. */
export function defaultStateDir(): string {
  return (
    process.env.CUSTODY_STATE_DIR ??
    join(process.env.XDG_STATE_HOME ?? join(homedir(), '.local', 'state'), 'custody')
  );
}

function journal(stateDir: string): string {
  return join(stateDir, 'failed-unlocks.jsonl');
}

/** Journals an attempt; the name is dropped unless it was a user with a key slot (a wrong passphrase). */
export async function rememberFailedUnlock(stateDir: string, attempt: FailedUnlock): Promise<void> {
  const kept = { ...attempt, user: attempt.reason === 'wrong-passphrase' ? attempt.user : null };
  await mkdir(stateDir, { recursive: true, mode: 0o700 });
  await appendFile(journal(stateDir), `${JSON.stringify(kept)}\n`, { mode: 0o600 });
}

function parseLine(line: string): FailedUnlock | null {
  try {
    const v = JSON.parse(line) as Partial<FailedUnlock>;
    if (typeof v.vaultId === 'string' && typeof v.at === 'string') {
      const reason = v.reason === 'unknown-user' ? 'unknown-user' : 'wrong-passphrase';
      const user = reason === 'wrong-passphrase' && typeof v.user === 'string' ? v.user.slice(0, 100) : null;
      return { vaultId: v.vaultId, user, at: v.at, reason };
    }
  } catch {
    // A torn last line (crash mid-append) is skipped; every complete line is kept.
  }
  return null;
}

/**
 * The attempts on one vault, without removing them. A name `isUser` does not know (a line planted in the
 * journal, or one written before names were checked) comes back as null.
 */
export async function pendingFailedUnlocks(
  stateDir: string,
  vaultId: string,
  isUser: (name: string) => boolean,
): Promise<FailedUnlock[]> {
  const text = await readFile(journal(stateDir), 'utf8').catch(() => '');
  return text
    .split('\n')
    .map(parseLine)
    .filter((a): a is FailedUnlock => a !== null && a.vaultId === vaultId)
    .map((a) => (a.user !== null && !isUser(a.user) ? { ...a, user: null } : a));
}

/** Forgets the attempts on one vault once they are in its ledger; other vaults' attempts stay. */
export async function forgetFailedUnlocks(stateDir: string, vaultId: string): Promise<void> {
  const text = await readFile(journal(stateDir), 'utf8').catch(() => null);
  if (text === null) return;
  const keep = text.split('\n').filter((line) => line && parseLine(line)?.vaultId !== vaultId);
  await writeFile(journal(stateDir), keep.map((l) => `${l}\n`).join(''), { mode: 0o600 });
}
