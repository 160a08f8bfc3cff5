// The vault's users: their names, roles, public keys and key slots, the digest of each slot (unlock
// refuses a slot not recorded, verify names it), and the rotation of the database key when a user is
// removed or a passphrase is changed after a suspected compromise. Owns the users and key_slot_digests
// tables. Every change is a signed user.* (and vault.rotate) entry made by a role shared/policy.ts
// allows; nothing here decides who may do what.
import { randomUUID } from 'node:crypto';
import type { Role } from '../../../shared/domain';
import { InvalidInputError, NotFoundError, TamperDetectedError } from '../errors';
import type { NoteSigner } from '../ledger';
import {
  isBoxSlot,
  slotDigest,
  type BoxKeySlot,
  type KeySlot,
  type VaultDatabase,
  type VaultStorage,
} from '../vault';
import { requireRole } from './access';
import { createUserSigningKey, newUserKeyName, resealLegacyUserKeys } from './keys';
import type { Vault } from './session';
import { convertLegacyOrganisationKey, grantOrganisationKey } from './store';

export interface VaultUser {
  id: string;
  name: string;
  role: Role;
}

/**
 * Stores a new user: their row and public key, their slot's digest and their signing key (sealed to
 * that public key). Call inside the transaction that records `user.add`; returns the key's name and signer.
 */
export function storeUser(
  db: VaultDatabase,
  workstationId: string,
  user: VaultUser,
  slot: BoxKeySlot,
  now: string,
): { key: string; signer: NoteSigner } {
  db.prepare('INSERT INTO users (id, name, role, created_at, box_public_key) VALUES (?, ?, ?, ?, ?)').run(
    user.id,
    user.name,
    user.role,
    now,
    slot.publicKey,
  );
  recordSlot(db, slot);
  return newUserKey(db, workstationId, user, slot, now);
}

function recordSlot(db: VaultDatabase, slot: KeySlot): void {
  db.prepare('INSERT OR IGNORE INTO key_slot_digests (user_name, digest) VALUES (?, ?)').run(
    slot.user,
    slotDigest(slot),
  );
}

function newUserKey(
  db: VaultDatabase,
  workstationId: string,
  user: VaultUser,
  slot: BoxKeySlot,
  now: string,
): { key: string; signer: NoteSigner } {
  const key = newUserKeyName(db, workstationId, user.name, user.id);
  return { key, signer: createUserSigningKey(db, Buffer.from(slot.publicKey, 'base64'), key, user.id, now) };
}

/** Refuses a slot whose digest the database does not record (restored from an older copy, or edited). */
export function requireRecordedSlot(db: VaultDatabase, slot: KeySlot): void {
  const known = db
    .prepare('SELECT 1 FROM key_slot_digests WHERE user_name = ? AND digest = ?')
    .get(slot.user, slotDigest(slot));
  if (!known) {
    throw new TamperDetectedError(
      `The key slot of user "${slot.user}" was changed outside Custody, or restored from an older copy: keyslots.json holds a slot this vault never recorded. Unlock refused; ask an admin to reset this user's passphrase.`,
    );
  }
}

/**
 * At a user's first unlock after the upgrade to per-user keys: records their new-format slot and public
 * key, moves their signing key and (if their role signs) the organisation key to that public key, then
 * writes the slot. Only this user's passphrase could do it, so each user is converted at their own unlock.
 */
export async function upgradeSlot(
  storage: VaultStorage,
  user: VaultUser,
  upgrade: BoxKeySlot,
): Promise<void> {
  const { db } = storage;
  const publicKey = Buffer.from(upgrade.publicKey, 'base64');
  db.transaction(() => {
    recordSlot(db, upgrade);
    db.prepare('UPDATE users SET box_public_key = ? WHERE id = ?').run(upgrade.publicKey, user.id);
    resealLegacyUserKeys(db, storage.dataKey(), user.id, publicKey);
    convertLegacyOrganisationKey(db, storage.dataKey(), user.name, user.role, publicKey);
  })();
  await storage.rewriteKeySlots((file) => ({
    ...file,
    slots: file.slots.map((s) => (s.user === upgrade.user ? upgrade : s)),
  }));
  db.prepare('DELETE FROM key_slot_digests WHERE user_name = ? AND digest != ?').run(
    upgrade.user,
    slotDigest(upgrade),
  );
}

/**
 * The user of that name who may still unlock the vault, or null when there is none (or they were removed,
 * or they are a peer workstation's user, who never unlocks or acts here).
 */
export function activeUser(db: VaultDatabase, name: string): VaultUser | null {
  const row = db
    .prepare('SELECT id, name, role FROM users WHERE name = ? AND removed_at IS NULL AND origin IS NULL')
    .get(name) as VaultUser | undefined;
  return row ?? null;
}

/** The users who may unlock the vault, by name (never a peer workstation's users). */
export function listUsers(vault: Vault): VaultUser[] {
  return vault.db
    .prepare('SELECT id, name, role FROM users WHERE removed_at IS NULL AND origin IS NULL ORDER BY name')
    .all() as VaultUser[];
}

/** The names of users by id, removed users included (their past acts keep their names). */
export function userNames(vault: Vault, ids: readonly string[]): Map<string, string> {
  const rows = vault.db
    .prepare('SELECT id, name FROM users WHERE id IN (SELECT value FROM json_each(?))')
    .all(JSON.stringify([...new Set(ids)])) as Array<{ id: string; name: string }>;
  return new Map(rows.map((r) => [r.id, r.name]));
}

function requireActiveUser(vault: Vault, name: string): VaultUser {
  const user = activeUser(vault.db, name);
  if (!user) throw new NotFoundError(`This vault has no active user "${name}".`);
  return user;
}

/** Adds a user with a new key slot. The data and every other slot stay as they are. */
export async function addUser(
  vault: Vault,
  name: string,
  passphrase: string,
  role: Role,
): Promise<VaultUser> {
  requireRole(vault, 'user.manage');
  const existing = vault.db.prepare('SELECT 1 FROM users WHERE name = ?').get(name);
  if (existing)
    throw new InvalidInputError(`User "${name}" already exists in this vault (user names are never reused).`);
  const { slot } = await vault.storage.makeSlot(name, passphrase);
  const user: VaultUser = { id: randomUUID(), name, role };
  vault.db.transaction(() => {
    const { key } = storeUser(vault.db, vault.workstationId, user, slot, slot.createdAt);
    const organisationKey = grantOrganisationKey(vault, name, role, Buffer.from(slot.publicKey, 'base64'));
    vault.record('user.add', [user.id], { name, role, key, organisationKey });
  })();
  await vault.storage.rewriteKeySlots((file) => ({ ...file, slots: [...file.slots, slot] }));
  return user;
}

/** The current slots of every active user but `except`; all must be in the current format to rotate. */
async function slotsToKeep(vault: Vault, except: string): Promise<BoxKeySlot[]> {
  const file = await vault.storage.readKeySlots();
  const active = new Set(listUsers(vault).map((u) => u.name));
  const kept = file.slots.filter((s) => s.user !== except && active.has(s.user));
  const old = kept.filter((s) => !isBoxSlot(s)).map((s) => s.user);
  if (old.length > 0) {
    throw new InvalidInputError(
      `The vault's key cannot be rotated yet: ${old.join(', ')} ha${old.length === 1 ? 's' : 've'} not unlocked since the upgrade to per-user keys, so their key slots cannot receive a new key. Ask them to unlock once, then try again.`,
    );
  }
  return kept.filter(isBoxSlot);
}

/** In the rotation's transaction: the new slots become the only recorded ones, and the rotation is recorded. */
function recordRotation(
  vault: Vault,
  slots: readonly BoxKeySlot[],
  epoch: number,
  reason: string,
  user: string,
): void {
  vault.db.prepare('DELETE FROM key_slot_digests').run();
  for (const slot of slots) recordSlot(vault.db, slot);
  vault.record('vault.rotate', [vault.id], { epoch, reason, user, slots: slots.map((s) => s.user) });
}

export interface PassphraseOptions {
  /** After a suspected compromise: a new key pair and signing key for the user, and a new database key. */
  rotate?: boolean;
}

/**
 * Replaces one user's key slot. Users change their own passphrase (keeping their keys); resetting
 * another's is user management and gives them a new key pair and signing key (nobody else can open the
 * old ones). With `rotate`, the database key is replaced too, so the old slot opens nothing current.
 */
export async function changePassphrase(
  vault: Vault,
  name: string,
  newPassphrase: string,
  options: PassphraseOptions = {},
): Promise<void> {
  const self = name === vault.user.name;
  requireRole(vault, self ? 'settings.self' : 'user.manage');
  const target = requireActiveUser(vault, name);
  const keepKeys = self && !options.rotate;
  const { slot } = await vault.storage.makeSlot(
    name,
    newPassphrase,
    keepKeys ? vault.storage.userSecrets().box : undefined,
  );
  const now = new Date().toISOString();
  const change = (): Record<string, unknown> => {
    if (keepKeys) return { name };
    vault.db.prepare('UPDATE users SET box_public_key = ? WHERE id = ?').run(slot.publicKey, target.id);
    const { key } = newUserKey(vault.db, vault.workstationId, target, slot, now);
    const organisationKey = grantOrganisationKey(
      vault,
      name,
      target.role,
      Buffer.from(slot.publicKey, 'base64'),
    );
    return { name, key, organisationKey };
  };
  if (options.rotate) {
    const keep = [...(await slotsToKeep(vault, name)), slot];
    await vault.storage.rotateKey(keep, (slots, epoch) => {
      vault.record('user.passwd', [target.id], { ...change(), rotate: true });
      recordRotation(vault, slots, epoch, 'user.passwd', name);
    });
    return;
  }
  vault.db.transaction(() => {
    recordSlot(vault.db, slot);
    vault.record('user.passwd', [target.id], change());
  })();
  await vault.storage.rewriteKeySlots((file) => ({
    ...file,
    slots: file.slots.map((s) => (s.user === name ? slot : s)),
  }));
  vault.db
    .prepare('DELETE FROM key_slot_digests WHERE user_name = ? AND digest != ?')
    .run(name, slotDigest(slot));
}

/**
 * Removes a user: their slot, their seal of the organisation key, and the database key they knew (it is
 * rotated, so an old copy of their slot opens nothing current). Their past ledger entries stay. The
 * last admin cannot be removed.
 */
export async function removeUser(vault: Vault, name: string): Promise<void> {
  requireRole(vault, 'user.manage');
  const target = requireActiveUser(vault, name);
  const admins = listUsers(vault).filter((u) => u.role === 'admin');
  if (target.role === 'admin' && admins.length === 1) {
    throw new InvalidInputError(`"${name}" is the vault's only admin. Add another admin first.`);
  }
  const keep = await slotsToKeep(vault, name);
  await vault.storage.rotateKey(keep, (slots, epoch) => {
    vault.db.prepare('UPDATE users SET removed_at = ? WHERE name = ?').run(new Date().toISOString(), name);
    vault.db.prepare('DELETE FROM organisation_key_seals WHERE user_name = ?').run(name);
    vault.record('user.remove', [target.id], { name });
    recordRotation(vault, slots, epoch, 'user.remove', name);
  });
}

/**
 * Changes an active user's role, recorded as `user.role`. A user who may now sign for the organisation
 * gets a seal of its key (made with the admin's own); one who may no longer loses theirs. The last admin
 * keeps the admin role.
 */
export function changeRole(vault: Vault, name: string, role: Role): VaultUser {
  requireRole(vault, 'user.manage');
  const target = requireActiveUser(vault, name);
  if (target.role === role) return target;
  const admins = listUsers(vault).filter((u) => u.role === 'admin');
  if (target.role === 'admin' && admins.length === 1) {
    throw new InvalidInputError(`"${name}" is the vault's only admin. Make another user an admin first.`);
  }
  const publicKey = vault.db
    .prepare('SELECT box_public_key FROM users WHERE id = ?')
    .pluck()
    .get(target.id) as string | null;
  vault.db.transaction(() => {
    vault.db.prepare('UPDATE users SET role = ? WHERE id = ?').run(role, target.id);
    vault.db.prepare('DELETE FROM organisation_key_seals WHERE user_name = ?').run(name);
    const organisationKey = publicKey
      ? grantOrganisationKey(vault, name, role, Buffer.from(publicKey, 'base64'))
      : false;
    vault.record('user.role', [target.id], { name, role, was: target.role, organisationKey });
  })();
  return { ...target, role };
}

/** Problems with the key slot file against the users and the slot digests; empty when it is sound. */
export async function keySlotProblems(vault: Vault): Promise<string[]> {
  const problems: string[] = [];
  const file = await vault.storage.readKeySlots();
  const known = vault.db.prepare('SELECT user_name, digest FROM key_slot_digests').all() as Array<{
    user_name: string;
    digest: string;
  }>;
  for (const slot of file.slots) {
    if (!known.some((k) => k.user_name === slot.user && k.digest === slotDigest(slot))) {
      problems.push(`keyslots.json: the key slot of user "${slot.user}" was changed outside Custody.`);
    }
  }
  for (const user of listUsers(vault)) {
    if (!file.slots.some((s) => s.user === user.name)) {
      problems.push(`keyslots.json: the key slot of user "${user.name}" is missing.`);
    }
  }
  if (file.vaultId !== vault.id) problems.push('keyslots.json belongs to another vault.');
  return problems;
}

/** Every user row as `verify` compares it with the ledger's user.* entries, removed users included. */
export function userProjection(vault: Vault): Array<VaultUser & { removed: boolean }> {
  return (
    vault.db.prepare('SELECT id, name, role, removed_at FROM users').all() as Array<
      VaultUser & { removed_at: string | null }
    >
  ).map((r) => ({ id: r.id, name: r.name, role: r.role, removed: r.removed_at !== null }));
}
