// The vault's users: their names, roles and key slots (adding a user or changing a passphrase rewrites one
// slot, never the data), and the digest of each slot that lets `verify` spot a slot changed outside
// Custody. Owns the users and key_slot_digests tables. Every change is a signed user.* entry made by a role
// shared/policy.ts allows; nothing here decides who may do what.
import { randomUUID } from 'node:crypto';
import type { Role } from '../../../shared/domain';
import { InvalidInputError, NotFoundError } from '../errors';
import type { NoteSigner } from '../ledger';
import { slotDigest, type KeySlot, type VaultDatabase } from '../vault';
import { requireRole } from './access';
import { createSigningKey, userKeyName } from './keys';
import type { Vault } from './session';

export interface VaultUser {
  id: string;
  name: string;
  role: Role;
}

/**
 * Stores a new user: their row, their slot's digest and their signing key. Call inside the transaction
 * that records `user.add`; returns the key's name and its signer.
 */
export function storeUser(
  db: VaultDatabase,
  dataKey: Buffer,
  workstationId: string,
  user: VaultUser,
  slot: KeySlot,
  now: string,
): { key: string; signer: NoteSigner } {
  db.prepare('INSERT INTO users (id, name, role, created_at) VALUES (?, ?, ?, ?)').run(
    user.id,
    user.name,
    user.role,
    now,
  );
  db.prepare('INSERT INTO key_slot_digests (user_name, digest) VALUES (?, ?)').run(
    user.name,
    slotDigest(slot),
  );
  const key = userKeyName(workstationId, user.name);
  return { key, signer: createSigningKey(db, dataKey, key, user.id, now) };
}

/** The user of that name who may still unlock the vault, or null when there is none (or they were removed). */
export function activeUser(db: VaultDatabase, name: string): VaultUser | null {
  const row = db
    .prepare('SELECT id, name, role FROM users WHERE name = ? AND removed_at IS NULL')
    .get(name) as VaultUser | undefined;
  return row ?? null;
}

/** The users who may unlock the vault, by name. */
export function listUsers(vault: Vault): VaultUser[] {
  return vault.db
    .prepare('SELECT id, name, role FROM users WHERE removed_at IS NULL ORDER BY name')
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
  const slot = await vault.storage.makeSlot(name, passphrase);
  const user: VaultUser = { id: randomUUID(), name, role };
  vault.db.transaction(() => {
    const { key } = storeUser(vault.db, vault.dataKey(), vault.workstationId, user, slot, slot.createdAt);
    vault.record('user.add', [user.id], { name, role, key });
  })();
  await vault.storage.rewriteKeySlots((file) => ({ ...file, slots: [...file.slots, slot] }));
  return user;
}

/** Replaces one user's key slot. Users change their own passphrase; resetting another's is user management. */
export async function changePassphrase(vault: Vault, name: string, newPassphrase: string): Promise<void> {
  requireRole(vault, name === vault.user.name ? 'settings.self' : 'user.manage');
  const target = requireActiveUser(vault, name);
  const slot = await vault.storage.makeSlot(name, newPassphrase);
  const digest = slotDigest(slot);
  vault.db.transaction(() => {
    vault.db.prepare('INSERT INTO key_slot_digests (user_name, digest) VALUES (?, ?)').run(name, digest);
    vault.record('user.passwd', [target.id], { name });
  })();
  await vault.storage.rewriteKeySlots((file) => ({
    ...file,
    slots: file.slots.map((s) => (s.user === name ? slot : s)),
  }));
  vault.db.prepare('DELETE FROM key_slot_digests WHERE user_name = ? AND digest != ?').run(name, digest);
}

/** Removes a user's key slot; their past ledger entries stay. The last admin cannot be removed. */
export async function removeUser(vault: Vault, name: string): Promise<void> {
  requireRole(vault, 'user.manage');
  const target = requireActiveUser(vault, name);
  const admins = listUsers(vault).filter((u) => u.role === 'admin');
  if (target.role === 'admin' && admins.length === 1) {
    throw new InvalidInputError(`"${name}" is the vault's only admin. Add another admin first.`);
  }
  await vault.storage.rewriteKeySlots((file) => ({
    ...file,
    slots: file.slots.filter((s) => s.user !== name),
  }));
  vault.db.transaction(() => {
    vault.db.prepare('UPDATE users SET removed_at = ? WHERE name = ?').run(new Date().toISOString(), name);
    vault.db.prepare('DELETE FROM key_slot_digests WHERE user_name = ?').run(name);
    vault.record('user.remove', [target.id], { name });
  })();
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
