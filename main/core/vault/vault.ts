// Vault lifecycle: create, unlock, lock, and user (key slot) management. An unlocked Vault holds the
// open database and the data key; lock() closes the one and overwrites the other. Nothing here ever
// writes a vault file before the passphrase has been checked.
import { randomUUID } from 'node:crypto';
import { mkdir, readdir, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { Role } from '../../../shared/domain';
import type { LedgerAction } from '../../../shared/ledger';
import {
  ForbiddenError,
  InvalidInputError,
  NotFoundError,
  UnknownUserError,
  VaultExistsError,
  VaultLockedError,
  VaultNotFoundError,
  WrongPassphraseError,
} from '../errors';
import { fsyncDirectory } from '../fs-atomic';
import type { LedgerEntry } from '../ledger/entry';
import { createSigningKey, loadSigner, userKeyName, workstationKeyName } from '../ledger/keys';
import { Ledger, type LedgerActor } from '../ledger/ledger';
import { sweepOrphans } from './blobs';
import { integrityProblems, openDatabase, type VaultDatabase } from './database';
import {
  defaultStateDir,
  forgetFailedUnlocks,
  pendingFailedUnlocks,
  rememberFailedUnlock,
} from './failed-unlocks';
import { acquireProcessLock } from './process-lock';
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

export interface UnlockOptions {
  /** Where failed attempts are remembered until the next successful unlock (outside the vault). */
  stateDir?: string;
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
  #actor: LedgerActor;
  readonly ledger: Ledger;

  private constructor(
    readonly layout: VaultLayout,
    readonly id: string,
    readonly workstationId: string,
    db: VaultDatabase,
    dataKey: Buffer,
    readonly user: VaultUser,
    private readonly releaseProcessLock: () => void,
  ) {
    this.#db = db;
    this.#dataKey = dataKey;
    this.#actor = {
      id: user.id,
      name: user.name,
      signer: loadSigner(db, dataKey, userKeyName(workstationId, user.name)),
    };
    this.ledger = new Ledger(
      db,
      workstationKeyName(workstationId),
      loadSigner(db, dataKey, workstationKeyName(workstationId)),
    );
  }

  /** Creates a vault in a new directory with its first user, an admin, and returns it unlocked. */
  static async create(dir: string, credentials: Credentials, options: UnlockOptions = {}): Promise<Vault> {
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
      const workstationId = randomUUID();
      db.transaction(() => {
        const meta = db.prepare('INSERT INTO meta (key, value) VALUES (?, ?)');
        meta.run('vault_id', vaultId);
        meta.run('workstation_id', workstationId);
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
        const origin = workstationKeyName(workstationId);
        const workstationSigner = createSigningKey(db, dataKey, origin, 'workstation', now);
        const userKey = userKeyName(workstationId, credentials.user);
        const signer = createSigningKey(db, dataKey, userKey, userId, now);
        const actor = { id: userId, name: credentials.user, signer };
        const ledger = new Ledger(db, origin, workstationSigner);
        ledger.append(actor, 'vault.create', [vaultId], { vault: vaultId, workstation: workstationId });
        ledger.append(actor, 'user.add', [userId], { name: credentials.user, role: 'admin', key: userKey });
        ledger.checkpoint();
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
    return Vault.unlock(dir, credentials, options);
  }

  /** Checks the passphrase against the user's key slot and opens the database. Writes nothing on failure. */
  static async unlock(dir: string, credentials: Credentials, options: UnlockOptions = {}): Promise<Vault> {
    const layout = vaultLayout(dir);
    const stateDir = options.stateDir ?? defaultStateDir();
    if (!(await isVault(dir))) throw new VaultNotFoundError(dir);
    const slots = await readKeySlots(layout.keySlots);
    let dataKey: Buffer;
    try {
      dataKey = await openSlot(slots, credentials.user, credentials.passphrase);
    } catch (error) {
      if (error instanceof WrongPassphraseError || error instanceof UnknownUserError) {
        const reason = error instanceof WrongPassphraseError ? 'wrong-passphrase' : 'unknown-user';
        const at = new Date().toISOString();
        await rememberFailedUnlock(stateDir, { vaultId: slots.vaultId, user: credentials.user, at, reason });
      }
      throw error;
    }
    const release = await acquireProcessLock(dir).catch((error: unknown) => {
      dataKey.fill(0);
      throw error;
    });
    let db: VaultDatabase | null = null;
    try {
      db = openDatabase(layout.database, dataKey, { create: false });
      const row = db
        .prepare('SELECT id, name, role FROM users WHERE name = ? AND removed_at IS NULL')
        .get(credentials.user) as VaultUser | undefined;
      if (!row) {
        throw new ForbiddenError(
          `User "${credentials.user}" was removed from this vault and can no longer unlock it.`,
        );
      }
      const workstationId = db
        .prepare("SELECT value FROM meta WHERE key = 'workstation_id'")
        .pluck()
        .get() as string;
      const vault = new Vault(layout, slots.vaultId, workstationId, db, dataKey, row, release);
      await vault.#afterUnlock(stateDir);
      return vault;
    } catch (error) {
      db?.close();
      dataKey.fill(0);
      release();
      throw error;
    }
  }

  /** Sweeps what a crash left behind, records failed attempts since the last unlock, then this unlock. */
  async #afterUnlock(stateDir: string): Promise<void> {
    const swept = await sweepOrphans(this);
    if (swept.staging + swept.blobs > 0) this.record('vault.sweep', [this.id], { ...swept });
    const failed = await pendingFailedUnlocks(stateDir, this.id);
    this.db.transaction(() => {
      for (const attempt of failed) {
        this.record('vault.unlock_failed', [], {
          attemptedUser: attempt.user,
          at: attempt.at,
          reason: attempt.reason,
        });
      }
      this.record('vault.unlock', [this.user.id], { user: this.user.name });
    })();
    if (failed.length > 0) await forgetFailedUnlocks(stateDir, this.id);
  }

  /** Appends a signed ledger entry by the signed-in user; call inside the transaction of the change. */
  record(action: LedgerAction, subjects: readonly string[], details: Record<string, unknown>): LedgerEntry {
    if (!this.#db) throw new VaultLockedError();
    return this.ledger.append(this.#actor, action, subjects, details);
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

  /** Signs a checkpoint of what was recorded, closes the database and overwrites the data key. Idempotent. */
  lock(): void {
    const db = this.#db;
    if (!db) return;
    try {
      this.ledger.checkpoint();
    } finally {
      db.close();
      this.#db = null;
      this.#dataKey?.fill(0);
      this.#dataKey = null;
      this.releaseProcessLock();
    }
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
      const key = userKeyName(this.workstationId, name);
      createSigningKey(this.db, this.dataKey(), key, user.id, slot.createdAt);
      this.record('user.add', [user.id], { name, role, key });
    })();
    await this.#rewriteSlots((file) => ({ ...file, slots: [...file.slots, slot] }));
    return user;
  }

  /** Replaces one user's key slot. Users change their own passphrase; an admin may reset anyone's. */
  async changePassphrase(name: string, newPassphrase: string): Promise<void> {
    if (name !== this.user.name) this.#requireAdmin("change another user's passphrase");
    const target = this.#activeUser(name);
    const slot = await makeSlot(this.id, name, newPassphrase, this.dataKey());
    const digest = slotDigest(slot);
    this.db.transaction(() => {
      this.db.prepare('INSERT INTO key_slot_digests (user_name, digest) VALUES (?, ?)').run(name, digest);
      this.record('user.passwd', [target.id], { name });
    })();
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
      this.record('user.remove', [target.id], { name });
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
