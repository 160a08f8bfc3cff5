// Opening a vault from the command line: --vault DIR, --user NAME (or CUSTODY_USER, or the only user),
// and the passphrase from the usual sources. The vault is always locked again when the command ends.
import { Vault } from '../core/identity';
import { vaultUserNames } from '../core/vault';
import { readPassphrase, UsageError, type Io } from './io';

export const vaultOptions = {
  vault: { type: 'string' },
  user: { type: 'string' },
  'passphrase-file': { type: 'string' },
  /** The id of a vault lock the person checked is not in use elsewhere (the busy message prints it). */
  'take-over-lock': { type: 'string' },
} as const;

export interface VaultFlags {
  vault?: string | boolean | undefined;
  user?: string | boolean | undefined;
  'passphrase-file'?: string | boolean | undefined;
  'take-over-lock'?: string | boolean | undefined;
}

async function chooseUser(dir: string, flags: VaultFlags, io: Io): Promise<string> {
  if (typeof flags.user === 'string') return flags.user;
  if (io.env.CUSTODY_USER) return io.env.CUSTODY_USER;
  const users = await vaultUserNames(dir);
  if (users.length === 1 && users[0]) return users[0];
  throw new UsageError(`This vault has several users (${users.join(', ')}): say which with --user NAME.`);
}

export async function withVault<T>(
  flags: VaultFlags,
  io: Io,
  usage: string,
  work: (vault: Vault) => Promise<T>,
): Promise<T> {
  if (typeof flags.vault !== 'string' || !flags.vault)
    throw new UsageError(`--vault DIR is required.\nusage: ${usage}`);
  const user = await chooseUser(flags.vault, flags, io);
  const passphrase = await readPassphrase(io, {
    file: typeof flags['passphrase-file'] === 'string' ? flags['passphrase-file'] : undefined,
    prompt: `Passphrase for ${user}: `,
  });
  const takeOver = flags['take-over-lock'];
  const vault = await Vault.unlock(
    flags.vault,
    { user, passphrase },
    typeof takeOver === 'string' && takeOver ? { takeOverLock: takeOver } : {},
  );
  try {
    return await work(vault);
  } finally {
    vault.lock();
  }
}
