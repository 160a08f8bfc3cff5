// Temporary folders for tests, removed afterwards.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach } from 'vitest';
import { Vault } from '../../main/core/identity';

export function useTempDirs(): () => Promise<string> {
  const made: string[] = [];
  afterEach(async () => {
    await Promise.all(made.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
  });
  return async () => {
    const dir = await mkdtemp(join(tmpdir(), 'custody-test-'));
    made.push(dir);
    return dir;
  };
}

export const passphrases = {
  ana: 'correct horse battery staple',
  ben: 'tr0ub4dor & three more words',
} as const;

/** A new vault in a fresh temp folder (`<root>/vault`, state in `<root>/state`), unlocked by admin "ana". */
export async function createTestVault(
  tempDir: () => Promise<string>,
): Promise<{ root: string; vault: Vault }> {
  const root = await tempDir();
  const vault = await Vault.create(
    join(root, 'vault'),
    { user: 'ana', passphrase: passphrases.ana },
    { stateDir: join(root, 'state') },
  );
  return { root, vault };
}
