// Vault lifecycle: create, unlock, lock, and user (key slot) management. An unlocked Vault holds the
// open database and the data key; lock() closes the one and overwrites the other. Nothing here ever
// writes a vault file before the passphrase has been checked.
import { randomUUID } from 'node:crypto';
import { mkdir, readdir, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { Role } from '../../../shared/domain';
import {
  ForbiddenError,
  InvalidInputError,
  NotFoundError,
  VaultExistsError,
  VaultLockedError,
  VaultNotFoundError,
} from '../errors';
import { fsyncDirectory } from '../fs-atomic';
import { integrityProblems, openDatabase, type VaultDatabase } from './database';
import {
  makeSlot,
  newDataKey,
  openSlot,
  readKeySlots,
  slotDigest,
  writeKeySlots,
  type KeySlotFile,
} from './keyslots';
import { vaultLayout, type VaultLayout } from './layout';

export interface VaultUser {
  id: string;
  name: string;
  role: Role;
}

export interface Credentials {
  user: string;
  passphrase: string;
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}

/** True when `dir` holds a vault (its key slot file is there). */
export async function isVault(dir: string): Promise<boolean> {
  return exists(vaultLayout(dir).keySlots);
}

/** The user names that have a key slot; readable without unlocking (keyslots.json is not secret). */
export async function vaultUserNames(dir: string): Promise<string[]> {
  if (!(await isVault(dir))) throw new VaultNotFoundError(dir);
  const file = await readKeySlots(vaultLayout(dir).keySlots);
  return file.slots.map((s) => s.user);
}

export class Vault {
  #db: VaultDatabase | null;
  #dataKey: Buffer | null;

  private constructor(
    readonly layout: VaultLayout,
    readonly id: string,
    db: VaultDatabase,
    dataKey: Buffer,
    readonly user: VaultUser,
  ) {
    this.#db = db;
    this.#dataKey = dataKey;
  }

  /** Creates a vault in a new directory with its first user, an admin, and returns it unlocked. */
  static async create(dir: string, credentials: Credentials): Promise<Vault> {
    if ((await exists(dir)) && (await readdir(dir)).length > 0) throw new VaultExistsError(dir);
    await mkdir(dirname(dir), { recursive: true });
    // Build the whole vault beside its final place, then rename: a crash never leaves half a vault.
    const building = join(dirname(dir), `.${basename(dir)}.creating-${randomUUID()}`);
    const layout = vaultLayout(building);
    await mkdir(layout.blobs, { recursive: true, mode: 0o700 });
    await mkdir(layout.staging, { recursive: true, mode: 0o700 });
    const vaultId = randomUUID();
    const dataKey = newDataKey();
    try {
      const slot = await makeSlot(vaultId, credentials.user, credentials.passphrase, dataKey);
      const db = openDatabase(layout.database, dataKey, { create: true });
      const now = new Date().toISOString();
      const userId = randomUUID();
      db.transaction(() => {
        const meta = db.prepare('INSERT INTO meta (key, value) VALUES (?, ?)');
        meta.run('vault_id', vaultId);
        meta.run('created_at', now);
        db.prepare('INSERT INTO users (id, name, role, created_at) VALUES (?, ?, ?, ?)').run(
          userId,
          credentials.user,
          'admin',
          now,
        );
        db.prepare('INSERT INTO key_slot_digests (user_name, digest) VALUES (?, ?)').run(
          credentials.user,
          slotDigest(slot),
        );
      })();
      db.close();
      await writeKeySlots(layout.keySlots, { format: 'custody-keyslots/1', vaultId, slots: [slot] });
      if (await exists(dir)) await rm(dir, { recursive: true });
      await rename(building, dir);
      await fsyncDirectory(dirname(dir));
    } catch (error) {
      dataKey.fill(0);
      await rm(building, { recursive: true, force: true });
      throw error;
    }
    dataKey.fill(0);
    return Vault.unlock(dir, credentials);
  }

  /** Checks the passphrase against the user's key slot and opens the database. Writes nothing on failure. */
  static async unlock(dir: string, credentials: Credentials): Promise<Vault> {
    const layout = vaultLayout(dir);
    if (!(await isVault(dir))) throw new VaultNotFoundError(dir);
    const slots = await readKeySlots(layout.keySlots);
    const dataKey = await openSlot(slots, credentials.user, credentials.passphrase);
    let db: VaultDatabase;
    try {
      db = openDatabase(layout.database, dataKey, { create: false });
    } catch (error) {
      dataKey.fill(0);
      throw error;
    }
    const row = db
      .prepare('SELECT id, name, role FROM users WHERE name = ? AND removed_at IS NULL')
      .get(credentials.user) as VaultUser | undefined;
    if (!row) {
      db.close();
      dataKey.fill(0);
      throw new ForbiddenError(
        `User "${credentials.user}" was removed from this vault and can no longer unlock it.`,
      );
    }
    return new Vault(layout, slots.vaultId, db, dataKey, row);
  }

  get isUnlocked(): boolean {
    return this.#db !== null;
  }

  /** The open database. Throws VaultLockedError after lock(). */
  get db(): VaultDatabase {
    if (!this.#db) throw new VaultLockedError();
    return this.#db;
  }

  /** The data key, for wrapping and unwrapping blob keys inside the core. Throws after lock(). */
  dataKey(): Buffer {
    if (!this.#dataKey) throw new VaultLockedError();
    return this.#dataKey;
  }

  /** Closes the database and overwrites the data key in memory. Idempotent. */
  lock(): void {
    this.#db?.close();
    this.#db = null;
    this.#dataKey?.fill(0);
    this.#dataKey = null;
  }

  users(): VaultUser[] {
    return this.db
      .prepare('SELECT id, name, role FROM users WHERE removed_at IS NULL ORDER BY name')
      .all() as VaultUser[];
  }

  #requireAdmin(what: string): void {
    if (this.user.role !== 'admin')
      throw new ForbiddenError(`Only an admin can ${what}; you are ${this.user.role}.`);
  }

  async #rewriteSlots(change: (file: KeySlotFile) => KeySlotFile): Promise<void> {
    const file = await readKeySlots(this.layout.keySlots);
    await writeKeySlots(this.layout.keySlots, change(file));
  }

  /** Adds a user with a new key slot. The data and every other slot stay as they are. */
  async addUser(name: string, passphrase: string, role: Role): Promise<VaultUser> {
    this.#requireAdmin('add users');
    const existing = this.db.prepare('SELECT removed_at FROM users WHERE name = ?').get(name) as
      { removed_at: string | null } | undefined;
    if (existing)
      throw new InvalidInputError(
        `User "${name}" already exists in this vault (user names are never reused).`,
      );
    const slot = await makeSlot(this.id, name, passphrase, this.dataKey());
    const user: VaultUser = { id: randomUUID(), name, role };
    this.db.transaction(() => {
      this.db
        .prepare('INSERT INTO users (id, name, role, created_at) VALUES (?, ?, ?, ?)')
        .run(user.id, name, role, slot.createdAt);
      this.db
        .prepare('INSERT INTO key_slot_digests (user_name, digest) VALUES (?, ?)')
        .run(name, slotDigest(slot));
    })();
    await this.#rewriteSlots((file) => ({ ...file, slots: [...file.slots, slot] }));
    return user;
  }

  /** Replaces one user's key slot. Users change their own passphrase; an admin may reset anyone's. */
  async changePassphrase(name: string, newPassphrase: string): Promise<void> {
    if (name !== this.user.name) this.#requireAdmin("change another user's passphrase");
    this.#activeUser(name);
    const slot = await makeSlot(this.id, name, newPassphrase, this.dataKey());
    const digest = slotDigest(slot);
    this.db.prepare('INSERT INTO key_slot_digests (user_name, digest) VALUES (?, ?)').run(name, digest);
    await this.#rewriteSlots((file) => ({
      ...file,
      slots: file.slots.map((s) => (s.user === name ? slot : s)),
    }));
    this.db.prepare('DELETE FROM key_slot_digests WHERE user_name = ? AND digest != ?').run(name, digest);
  }

  /** Removes a user's key slot; their past ledger entries stay. The last admin cannot be removed. */
  async removeUser(name: string): Promise<void> {
    this.#requireAdmin('remove users');
    const target = this.#activeUser(name);
    const admins = this.users().filter((u) => u.role === 'admin');
    if (target.role === 'admin' && admins.length === 1) {
      throw new InvalidInputError(`"${name}" is the vault's only admin. Add another admin first.`);
    }
    await this.#rewriteSlots((file) => ({ ...file, slots: file.slots.filter((s) => s.user !== name) }));
    this.db.transaction(() => {
      this.db.prepare('UPDATE users SET removed_at = ? WHERE name = ?').run(new Date().toISOString(), name);
      this.db.prepare('DELETE FROM key_slot_digests WHERE user_name = ?').run(name);
    })();
  }

  #activeUser(name: string): VaultUser {
    const user = this.users().find((u) => u.name === name);
    if (!user) throw new NotFoundError(`This vault has no active user "${name}".`);
    return user;
  }

  /** Problems with the database structure and the key slot file; empty when both are sound. */
  async structuralProblems(): Promise<string[]> {
    const problems = integrityProblems(this.db).map((p) => `vault.db integrity check: ${p}`);
    const file = await readKeySlots(this.layout.keySlots);
    const known = this.db.prepare('SELECT user_name, digest FROM key_slot_digests').all() as Array<{
      user_name: string;
      digest: string;
    }>;
    for (const slot of file.slots) {
      if (!known.some((k) => k.user_name === slot.user && k.digest === slotDigest(slot))) {
        problems.push(`keyslots.json: the key slot of user "${slot.user}" was changed outside Custody.`);
      }
    }
    for (const user of this.users()) {
      if (!file.slots.some((s) => s.user === user.name)) {
        problems.push(`keyslots.json: the key slot of user "${user.name}" is missing.`);
      }
    }
    if (file.vaultId !== this.id) problems.push('keyslots.json belongs to another vault.');
    return problems;
  }
}
