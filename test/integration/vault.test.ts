import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  ForbiddenError,
  TamperDetectedError,
  UnknownUserError,
  WrongPassphraseError,
} from '../../main/core/errors';
import { addUser, changePassphrase, keySlotProblems, removeUser, Vault } from '../../main/core/identity';
import { vaultUserNames } from '../../main/core/vault';
import { snapshotTree } from '../support/snapshot';
import { passphrases, useTempDirs } from '../support/temp';

const tempDir = useTempDirs();

async function newVault() {
  const dir = join(await tempDir(), 'vault');
  const vault = await Vault.create(
    dir,
    { user: 'ana', passphrase: passphrases.ana },
    { stateDir: join(dir, '..', 'state') },
  );
  return { dir, vault };
}

describe('vault lifecycle', () => {
  it('creates a vault whose database is encrypted and whose first user is an admin', async () => {
    const { dir, vault } = await newVault();
    expect(vault.user).toMatchObject({ name: 'ana', role: 'admin' });
    vault.lock();
    const header = (await readFile(join(dir, 'vault.db'))).subarray(0, 16).toString('latin1');
    expect(header).not.toBe('SQLite format 3\0');
    const slots = JSON.parse(await readFile(join(dir, 'keyslots.json'), 'utf8'));
    expect(slots.slots[0].kdf).toMatchObject({ name: 'argon2id', memoryKiB: 65536, iterations: 3 });
    expect(await vaultUserNames(dir)).toEqual(['ana']);
  });

  it('unlocks with the right passphrase and refuses a wrong one, leaving every file byte-identical', async () => {
    const { dir, vault } = await newVault();
    vault.lock();
    const before = await snapshotTree(dir);
    await expect(Vault.unlock(dir, { user: 'ana', passphrase: 'not the passphrase' })).rejects.toThrow(
      new WrongPassphraseError('ana'),
    );
    await expect(Vault.unlock(dir, { user: 'zed', passphrase: passphrases.ana })).rejects.toBeInstanceOf(
      UnknownUserError,
    );
    expect(await snapshotTree(dir)).toEqual(before);
    const again = await Vault.unlock(dir, { user: 'ana', passphrase: passphrases.ana });
    expect(again.user.name).toBe('ana');
    again.lock();
  });

  it('forgets the key on lock', async () => {
    const { vault } = await newVault();
    vault.lock();
    expect(() => vault.db).toThrow(/locked/);
    expect(() => vault.dataKey()).toThrow(/locked/);
  });

  it('adds users, changes passphrases and removes users by rewriting one slot, never the data', async () => {
    const { dir, vault } = await newVault();
    await addUser(vault, 'ben', passphrases.ben, 'analyst');
    expect(await vaultUserNames(dir)).toEqual(['ana', 'ben']);
    vault.lock();

    const ben = await Vault.unlock(dir, { user: 'ben', passphrase: passphrases.ben });
    await expect(addUser(ben, 'cy', passphrases.ben, 'admin')).rejects.toBeInstanceOf(ForbiddenError);
    await changePassphrase(ben, 'ben', 'a brand new passphrase');
    expect(await keySlotProblems(ben)).toEqual([]);
    ben.lock();
    await expect(Vault.unlock(dir, { user: 'ben', passphrase: passphrases.ben })).rejects.toBeInstanceOf(
      WrongPassphraseError,
    );

    const ana = await Vault.unlock(dir, { user: 'ana', passphrase: passphrases.ana });
    await removeUser(ana, 'ben');
    await expect(removeUser(ana, 'ana')).rejects.toThrow(/only admin/);
    expect(await vaultUserNames(dir)).toEqual(['ana']);
    expect(await keySlotProblems(ana)).toEqual([]);
    ana.lock();
    await expect(
      Vault.unlock(dir, { user: 'ben', passphrase: 'a brand new passphrase' }),
    ).rejects.toBeInstanceOf(UnknownUserError);
  });

  it('names a key slot that was edited outside Custody', async () => {
    const { dir, vault } = await newVault();
    await addUser(vault, 'ben', passphrases.ben, 'analyst');
    const path = join(dir, 'keyslots.json');
    const file = JSON.parse(await readFile(path, 'utf8'));
    file.slots[1].createdAt = '2020-01-01T00:00:00.000Z';
    await writeFile(path, JSON.stringify(file));
    expect(await keySlotProblems(vault)).toEqual([
      'keyslots.json: the key slot of user "ben" was changed outside Custody.',
    ]);
    vault.lock();
  });

  it('refuses a key slot whose KDF parameters were downgraded', async () => {
    const { dir, vault } = await newVault();
    vault.lock();
    const path = join(dir, 'keyslots.json');
    const file = JSON.parse(await readFile(path, 'utf8'));
    file.slots[0].kdf.memoryKiB = 1024;
    await writeFile(path, JSON.stringify(file));
    await expect(Vault.unlock(dir, { user: 'ana', passphrase: passphrases.ana })).rejects.toBeInstanceOf(
      TamperDetectedError,
    );
  });

  it('refuses a database that was replaced', async () => {
    const { dir, vault } = await newVault();
    vault.lock();
    const other = await newVault();
    other.vault.lock();
    await writeFile(join(dir, 'vault.db'), await readFile(join(other.dir, 'vault.db')));
    await expect(Vault.unlock(dir, { user: 'ana', passphrase: passphrases.ana })).rejects.toThrow(
      /does not open with this vault's key/,
    );
  });
});
