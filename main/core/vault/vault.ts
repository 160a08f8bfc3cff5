// The vault as storage: creating its folder, opening it with a user's key slot (the passphrase is checked
// before any vault file is written), the open database and data key, the key slot file, and closing,
// which overwrites the key. Who the users are and what they sign is identity's business, never this file's.
import { randomUUID } from 'node:crypto';
import { mkdir, readdir, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import {
  UnknownUserError,
  VaultExistsError,
  VaultLockedError,
  VaultNotFoundError,
  WrongPassphraseError,
} from '../errors';
import { fsyncDirectory } from '../fs-atomic';
import { integrityProblems, openDatabase, type VaultDatabase } from './database';
import { defaultStateDir, rememberFailedUnlock } from './failed-unlocks';
import { acquireProcessLock } from './process-lock';
import {
  makeSlot,
  newDataKey,
  openSlot,
  readKeySlots,
  writeKeySlots,
  type KeySlot,
  type KeySlotFile,
} from './keyslots';
import { vaultLayout, type VaultLayout } from './layout';

export interface Credentials {
  user: string;
  passphrase: string;
}

export interface UnlockOptions {
  /** Where failed attempts are remembered until the next successful unlock (outside the vault). */
  stateDir?: string;
}

/** What the first transaction of a new vault is given to fill its tables with. */
export interface NewVault {
  db: VaultDatabase;
  dataKey: Buffer;
  vaultId: string;
  workstationId: string;
  /** The first user's key slot, already made. */
  slot: KeySlot;
  now: string;
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

export class VaultStorage {
  #db: VaultDatabase | null;
  #dataKey: Buffer | null;

  private constructor(
    readonly layout: VaultLayout,
    readonly id: string,
    readonly workstationId: string,
    /** Where failed unlock attempts are journalled (outside the vault). */
    readonly stateDir: string,
    db: VaultDatabase,
    dataKey: Buffer,
    private readonly releaseProcessLock: () => void,
  ) {
    this.#db = db;
    this.#dataKey = dataKey;
  }

  /**
   * Creates a vault in a new directory with one key slot; `initialise` fills the tables in the same
   * transaction that writes the vault's identity. The vault is built beside its final place and renamed,
   * so a crash never leaves half a vault. It is left closed.
   */
  static async create(
    dir: string,
    credentials: Credentials,
    initialise: (vault: NewVault) => void,
  ): Promise<void> {
    if ((await exists(dir)) && (await readdir(dir)).length > 0) throw new VaultExistsError(dir);
    await mkdir(dirname(dir), { recursive: true });
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
      const workstationId = randomUUID();
      try {
        db.transaction(() => {
          const meta = db.prepare('INSERT INTO meta (key, value) VALUES (?, ?)');
          meta.run('vault_id', vaultId);
          meta.run('workstation_id', workstationId);
          meta.run('created_at', now);
          initialise({ db, dataKey, vaultId, workstationId, slot, now });
        })();
      } finally {
        db.close();
      }
      await writeKeySlots(layout.keySlots, { format: 'custody-keyslots/1', vaultId, slots: [slot] });
      if (await exists(dir)) await rm(dir, { recursive: true });
      await rename(building, dir);
      await fsyncDirectory(dirname(dir));
    } catch (error) {
      await rm(building, { recursive: true, force: true });
      throw error;
    } finally {
      dataKey.fill(0);
    }
  }

  /** Checks the passphrase against the user's key slot and opens the database. Writes nothing on failure. */
  static async open(
    dir: string,
    credentials: Credentials,
    options: UnlockOptions = {},
  ): Promise<VaultStorage> {
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
      const workstationId = db
        .prepare("SELECT value FROM meta WHERE key = 'workstation_id'")
        .pluck()
        .get() as string;
      return new VaultStorage(layout, slots.vaultId, workstationId, stateDir, db, dataKey, release);
    } catch (error) {
      db?.close();
      dataKey.fill(0);
      release();
      throw error;
    }
  }

  get isOpen(): boolean {
    return this.#db !== null;
  }

  /** The open database. Throws VaultLockedError after close(). */
  get db(): VaultDatabase {
    if (!this.#db) throw new VaultLockedError();
    return this.#db;
  }

  /** The data key, for wrapping and unwrapping keys inside the core. Throws after close(). */
  dataKey(): Buffer {
    if (!this.#dataKey) throw new VaultLockedError();
    return this.#dataKey;
  }

  /** Closes the database, overwrites the data key and releases the process lock. Idempotent. */
  close(): void {
    const db = this.#db;
    if (!db) return;
    db.close();
    this.#db = null;
    this.#dataKey?.fill(0);
    this.#dataKey = null;
    this.releaseProcessLock();
  }

  /** A new key slot for a user, wrapping this vault's data key under their passphrase. */
  makeSlot(user: string, passphrase: string): Promise<KeySlot> {
    return makeSlot(this.id, user, passphrase, this.dataKey());
  }

  readKeySlots(): Promise<KeySlotFile> {
    return readKeySlots(this.layout.keySlots);
  }

  /** Rewrites keyslots.json through `change`; the data and the database stay as they are. */
  async rewriteKeySlots(change: (file: KeySlotFile) => KeySlotFile): Promise<void> {
    await writeKeySlots(this.layout.keySlots, change(await this.readKeySlots()));
  }

  /** SQLite's own structural check of vault.db; empty when the database is sound. */
  integrityProblems(): string[] {
    return integrityProblems(this.db).map((p) => `vault.db integrity check: ${p}`);
  }
}
