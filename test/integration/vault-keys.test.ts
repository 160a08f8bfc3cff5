// Per-user key custody and rotation against the real SQLCipher vault: what one user's passphrase opens
// (their own keys, never another user's or, for an analyst, the organisation's), that an old key slot
// file opens nothing current after a removal or `passwd --rotate`, and that a restored slot is refused.
import { copyFile, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AeadOpenError, open, unbox, unpackSealed } from '../../main/core/crypto';
import { ForbiddenError, TamperDetectedError } from '../../main/core/errors';
import {
  addUser,
  changePassphrase,
  installSelfSignedIdentity,
  keySlotProblems,
  loadIdentity,
  removeUser,
  Vault,
} from '../../main/core/identity';
import { ingestPaths } from '../../main/core/media';
import { verifyVault } from '../../main/core/verify';
import { openDatabase } from '../../main/core/vault/database';
import { openSlot, readKeySlots } from '../../main/core/vault/keyslots';
import { passphrases, useTempDirs } from '../support/temp';

const tempDir = useTempDirs();
const bob = 'bob has a long enough passphrase';
const sam = 'sam supervises with this passphrase';

async function teamVault() {
  const root = await tempDir();
  const dir = join(root, 'vault');
  const stateDir = join(root, 'state');
  const vault = await Vault.create(dir, { user: 'ana', passphrase: passphrases.ana }, { stateDir });
  await installSelfSignedIdentity(vault, { commonName: 'Test Signer', organisation: 'Test Org' });
  await addUser(vault, 'ben', passphrases.ben, 'analyst');
  await addUser(vault, 'sam', sam, 'supervisor');
  vault.lock();
  const unlock = (user: string, passphrase: string) => Vault.unlock(dir, { user, passphrase }, { stateDir });
  return { root, dir, stateDir, unlock };
}

/** True when `attempt` fails to authenticate (the key does not open the value). */
function refuses(attempt: () => unknown): boolean {
  try {
    attempt();
    return false;
  } catch (error) {
    return error instanceof AeadOpenError;
  }
}

describe('per-user key custody', () => {
  it("an analyst's passphrase opens no other user's signing key and not the organisation's", async () => {
    const { unlock } = await teamVault();
    const ben = await unlock('ben', passphrases.ben);
    try {
      const secrets = ben.storage.userSecrets();
      const everyKey = [ben.dataKey(), secrets.userKey, secrets.box.privateKey];
      const keys = ben.db
        .prepare('SELECT name, owner, signer_key_sealed, sealed_to FROM signing_keys')
        .all() as Array<{ name: string; owner: string; signer_key_sealed: Buffer; sealed_to: string | null }>;
      const others = keys.filter((k) => k.owner !== ben.user.id && k.owner !== 'workstation');
      expect(others.map((k) => k.name).sort()).toHaveLength(2);
      for (const row of others) {
        expect(row.sealed_to).not.toBe(secrets.box.publicKey.toString('base64'));
        expect(
          refuses(() =>
            unbox(secrets.box, row.signer_key_sealed, Buffer.from(`custody-signing-key/2\n${row.name}`)),
          ),
        ).toBe(true);
        for (const key of everyKey) {
          expect(
            refuses(() =>
              open(
                key,
                unpackSealed(row.signer_key_sealed),
                Buffer.from(`custody-signing-key/1\n${row.name}`),
              ),
            ),
          ).toBe(true);
        }
      }
      const organisation = ben.db
        .prepare('SELECT private_key_sealed FROM organisation_identity WHERE id = 1')
        .pluck()
        .get() as Buffer;
      expect(organisation.length).toBe(0);
      const seals = ben.db
        .prepare('SELECT user_name, private_key_boxed FROM organisation_key_seals')
        .all() as Array<{
        user_name: string;
        private_key_boxed: Buffer;
      }>;
      expect(seals.map((s) => s.user_name).sort()).toEqual(['ana', 'sam']);
      for (const seal of seals) {
        expect(refuses(() => unbox(secrets.box, seal.private_key_boxed, Buffer.from('x')))).toBe(true);
      }
      expect(() => loadIdentity(ben)).toThrow(ForbiddenError);
      expect(() => loadIdentity(ben)).toThrow(/cannot sign in the organisation's name/);
      const slotFile = await readFile(ben.layout.keySlots, 'utf8');
      expect(slotFile).not.toContain('PRIVATE KEY');
    } finally {
      ben.lock();
    }
    const supervisor = await unlock('sam', sam);
    try {
      expect(loadIdentity(supervisor).privateKeyPem).toContain('PRIVATE KEY');
    } finally {
      supervisor.lock();
    }
  });

  it('refuses at unlock a key slot restored from before a passphrase change', async () => {
    const { dir, unlock } = await teamVault();
    await copyFile(join(dir, 'keyslots.json'), join(dir, '..', 'old-slots.json'));
    const ben = await unlock('ben', passphrases.ben);
    await changePassphrase(ben, 'ben', bob);
    ben.lock();
    const current = await readFile(join(dir, 'keyslots.json'));
    await copyFile(join(dir, '..', 'old-slots.json'), join(dir, 'keyslots.json'));
    await expect(unlock('ben', passphrases.ben)).rejects.toThrow(TamperDetectedError);
    await expect(unlock('ben', passphrases.ben)).rejects.toThrow(/never recorded/);
    await writeFile(join(dir, 'keyslots.json'), current);
    const again = await unlock('ben', bob);
    again.lock();
  });
});

describe('rotation of the vault key', () => {
  it('an old keyslots.json of a removed user opens neither vault.db nor evidence ingested after the removal', async () => {
    const { root, dir, unlock } = await teamVault();
    const oldSlots = join(root, 'slots-with-ben.json');
    await copyFile(join(dir, 'keyslots.json'), oldSlots);
    const ana = await unlock('ana', passphrases.ana);
    await removeUser(ana, 'ben');
    const evidence = join(root, 'after-removal.txt');
    await writeFile(evidence, 'INGESTED AFTER BEN WAS REMOVED\n');
    await ingestPaths(ana, [evidence]);
    const rotations = ana.db
      .prepare("SELECT count(*) FROM ledger_entries WHERE action = 'vault.rotate'")
      .pluck()
      .get();
    expect(rotations).toBe(1);
    expect(await keySlotProblems(ana)).toEqual([]);
    expect((await verifyVault(ana)).problems).toEqual([]);
    ana.lock();

    const old = await openSlot(await readKeySlots(oldSlots), 'ben', passphrases.ben);
    expect(() => openDatabase(join(dir, 'vault.db'), old.dataKey, { create: false })).toThrow(
      TamperDetectedError,
    );
    // Every blob key, the one of the item ingested after the removal included, lives only in vault.db.
    await copyFile(oldSlots, join(dir, 'keyslots.json'));
    await expect(unlock('ben', passphrases.ben)).rejects.toThrow(/does not open with this vault's key/);
    await expect(unlock('ana', passphrases.ana)).rejects.toThrow(/does not open with this vault's key/);
  });

  it('passwd --rotate gives the user new keys and the vault a new key', async () => {
    const { root, dir, unlock } = await teamVault();
    const oldSlots = join(root, 'old.json');
    await copyFile(join(dir, 'keyslots.json'), oldSlots);
    const ana = await unlock('ana', passphrases.ana);
    await changePassphrase(ana, 'ben', bob, { rotate: true });
    expect(ana.storage.keyEpoch).toBe(1);
    ana.lock();
    await expect(unlock('ben', passphrases.ben)).rejects.toThrow();
    const ben = await unlock('ben', bob);
    expect((await verifyVault(ben)).problems).toEqual([]);
    ben.lock();
    const old = await openSlot(await readKeySlots(oldSlots), 'sam', sam);
    expect(() => openDatabase(join(dir, 'vault.db'), old.dataKey, { create: false })).toThrow(
      TamperDetectedError,
    );
    const supervisor = await unlock('sam', sam);
    expect(loadIdentity(supervisor).privateKeyPem).toContain('PRIVATE KEY');
    supervisor.lock();
  });
});
