// The vault as storage: creating its folder, opening it with a user's key slot (the passphrase is checked
// before any vault file is written), the open database and its keys, the key slot file, rotating the
// database key, and closing, which overwrites the keys. Who the users are and what they sign is
// identity's business, never this file's.
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdir, readdir, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import {
  UnknownUserError,
  VaultExistsError,
  VaultLockedError,
  VaultNotFoundError,
  WrongPassphraseError,
} from '../errors';
import { exists, fsyncDirectory } from '../fs-atomic';
import { integrityProblems, openDatabase, type VaultDatabase } from './database';
import { defaultStateDir, rememberFailedUnlock } from './failed-unlocks';
import { acquireProcessLock } from './process-lock';
import { checkUnlockThrottle, recordUnlockFailure } from './unlock-throttle';
import {
  makeSlot,
  newDataKey,
  openSlot,
  readKeySlots,
  rewrapSlot,
  writeKeySlots,
  type BoxKeySlot,
  type KeySlot,
  type KeySlotFile,
  type OpenedSlot,
  type UserSecrets,
} from './keyslots';
import { vaultLayout, type VaultLayout } from './layout';
import { finishRotation, keyEpoch, settleRotation } from './rotation';
import type { BoxKeyPair } from '../crypto';

export interface Credentials {
  user: string;
  passphrase: string;
}

export interface UnlockOptions {
  /** Where failed attempts are remembered until the next successful unlock (outside the vault). */
  stateDir?: string;
  /**
   * The id of a vault lock a person has checked is not in use (the busy message prints it): it is taken
   * over although its holder's lease has not lapsed (see process-lock.ts).
   */
  takeOverLock?: string;
  /** The clock unlock throttling reads (tests pass a fake one). */
  now?: () => number;
}

/** What the first transaction of a new vault is given to fill its tables with. */
export interface NewVault {
  db: VaultDatabase;
  /** The key that seals values inside the database (see VaultStorage.dataKey). */
  dataKey: Buffer;
  vaultId: string;
  workstationId: string;
  /** The first user's key slot, already made, and what their passphrase opens in it. */
  slot: BoxKeySlot;
  secrets: UserSecrets;
  now: string;
}

/**
 * The key that seals values inside the database (blob keys, the workstation's signing key, settings).
 * It lives in the encrypted database itself, so re-keying vault.db puts it out of reach of an old slot
 * without re-sealing every row. A vault made before it existed uses its first database key.
 */
function valueKey(db: VaultDatabase, databaseKey: Buffer): Buffer {
  const stored = db.prepare("SELECT value FROM meta WHERE key = 'value_key'").pluck().get() as
    string | undefined;
  if (stored) return Buffer.from(stored, 'hex');
  db.prepare("INSERT INTO meta (key, value) VALUES ('value_key', ?)").run(databaseKey.toString('hex'));
  return Buffer.from(databaseKey);
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
  #databaseKey: Buffer | null;
  #valueKey: Buffer | null;
  #opened: OpenedSlot | null;
  #epoch: number;

  private constructor(
    readonly layout: VaultLayout,
    readonly id: string,
    readonly workstationId: string,
    /** Where failed unlock attempts are journalled (outside the vault). */
    readonly stateDir: string,
    db: VaultDatabase,
    opened: OpenedSlot,
    private readonly releaseProcessLock: () => void,
  ) {
    this.#db = db;
    this.#opened = opened;
    this.#databaseKey = opened.dataKey;
    this.#valueKey = valueKey(db, opened.dataKey);
    this.#epoch = keyEpoch(db);
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
    const sealingKey = randomBytes(dataKey.length);
    try {
      const { slot, secrets } = await makeSlot(vaultId, credentials.user, credentials.passphrase, dataKey, 0);
      const db = openDatabase(layout.database, dataKey, { create: true });
      const now = new Date().toISOString();
      const workstationId = randomUUID();
      try {
        db.transaction(() => {
          const meta = db.prepare('INSERT INTO meta (key, value) VALUES (?, ?)');
          meta.run('vault_id', vaultId);
          meta.run('workstation_id', workstationId);
          meta.run('created_at', now);
          meta.run('value_key', sealingKey.toString('hex'));
          initialise({ db, dataKey: sealingKey, vaultId, workstationId, slot, secrets, now });
        })();
      } finally {
        db.close();
        secrets.userKey.fill(0);
        secrets.box.privateKey.fill(0);
      }
      await writeKeySlots(layout.keySlots, {
        format: 'custody-keyslots/2',
        vaultId,
        epoch: 0,
        slots: [slot],
      });
      if (await exists(dir)) await rm(dir, { recursive: true });
      await rename(building, dir);
      await fsyncDirectory(dirname(dir));
    } catch (error) {
      await rm(building, { recursive: true, force: true });
      throw error;
    } finally {
      dataKey.fill(0);
      sealingKey.fill(0);
    }
  }

  /**
   * Checks the passphrase against the user's key slot and opens the database, first settling a key
   * rotation a crash interrupted. Writes nothing on a wrong passphrase.
   */
  static async open(
    dir: string,
    credentials: Credentials,
    options: UnlockOptions = {},
  ): Promise<VaultStorage> {
    const layout = vaultLayout(dir);
    const stateDir = options.stateDir ?? defaultStateDir();
    if (!(await isVault(dir))) throw new VaultNotFoundError(dir);
    const slots = await readKeySlots(layout.keySlots);
    const next = await readKeySlots(layout.nextKeySlots, 'optional');
    const now = options.now ?? Date.now;
    const known = [slots, next].some((file) => file?.slots.some((s) => s.user === credentials.user));
    if (known) await checkUnlockThrottle(stateDir, slots.vaultId, credentials.user, now());
    const refused = async (error: unknown): Promise<never> => {
      if (known && error instanceof WrongPassphraseError) {
        await recordUnlockFailure(stateDir, slots.vaultId, credentials.user, now());
      }
      if (error instanceof WrongPassphraseError || error instanceof UnknownUserError) {
        const reason = error instanceof WrongPassphraseError ? 'wrong-passphrase' : 'unknown-user';
        const at = new Date().toISOString();
        await rememberFailedUnlock(stateDir, { vaultId: slots.vaultId, user: credentials.user, at, reason });
      }
      throw error;
    };
    let current: OpenedSlot | null = null;
    let pending: OpenedSlot | null = null;
    try {
      current = await openSlot(slots, credentials.user, credentials.passphrase);
    } catch (error) {
      if (!next) await refused(error);
    }
    if (next?.slots.some((s) => s.user === credentials.user)) {
      try {
        pending = await openSlot(next, credentials.user, credentials.passphrase, current?.secrets);
      } catch (error) {
        if (!current) await refused(error);
      }
    }
    if (!current && !pending) await refused(new UnknownUserError(credentials.user));
    const forget = (): void => {
      for (const slot of [current, pending]) {
        slot?.dataKey.fill(0);
        slot?.secrets.userKey.fill(0);
        slot?.secrets.box.privateKey.fill(0);
      }
    };
    let storage: VaultStorage | null = null;
    const release = await acquireProcessLock(dir, {
      ...(options.takeOverLock ? { takeOver: options.takeOverLock } : {}),
      // Another process took the lock over after this one's lease lapsed: this one must not write on.
      onLost: () => storage?.close(),
    }).catch((error: unknown) => {
      forget();
      throw error;
    });
    let db: VaultDatabase | null = null;
    try {
      let opened: OpenedSlot;
      if (next) {
        ({ db, opened } = await settleRotation(layout, current, pending, next.epoch));
      } else {
        opened = current as OpenedSlot;
        db = openDatabase(layout.database, opened.dataKey, { create: false });
      }
      const workstationId = db
        .prepare("SELECT value FROM meta WHERE key = 'workstation_id'")
        .pluck()
        .get() as string;
      for (const other of [current, pending]) if (other && other !== opened) other.dataKey.fill(0);
      storage = new VaultStorage(layout, slots.vaultId, workstationId, stateDir, db, opened, release);
      return storage;
    } catch (error) {
      db?.close();
      forget();
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

  /**
   * The key that seals values inside the database (blob keys, the workstation's signing key), for
   * wrapping and unwrapping inside the core. Never the key of a user's own secrets. Throws after close().
   */
  dataKey(): Buffer {
    if (!this.#valueKey) throw new VaultLockedError();
    return this.#valueKey;
  }

  #slot(): OpenedSlot {
    if (!this.#opened) throw new VaultLockedError();
    return this.#opened;
  }

  /** The key slot this session was opened with, as it was read (before any upgrade). */
  get openedSlot(): KeySlot {
    return this.#slot().slot;
  }

  /** For a first-format slot: its replacement, to be recorded and written by the caller. */
  get slotUpgrade(): BoxKeySlot | null {
    return this.#slot().upgrade;
  }

  /** The signed-in user's own keys (opened with their passphrase). Throws after close(). */
  userSecrets(): UserSecrets {
    return this.#slot().secrets;
  }

  /** The database key's epoch: 0 at creation, one more at each rotation. */
  get keyEpoch(): number {
    return this.#epoch;
  }

  /** Closes the database, overwrites every key and releases the process lock. Idempotent. */
  close(): void {
    const db = this.#db;
    if (!db) return;
    db.close();
    this.#db = null;
    for (const key of [
      this.#databaseKey,
      this.#valueKey,
      this.#opened?.secrets.userKey,
      this.#opened?.secrets.box.privateKey,
    ]) {
      key?.fill(0);
    }
    this.#databaseKey = null;
    this.#valueKey = null;
    this.#opened = null;
    this.releaseProcessLock();
  }

  /**
   * A new key slot for a user wrapping the current database key under their passphrase; with `box`, the
   * slot keeps that key pair (a passphrase change), otherwise it gets a new one. Returns what it opens.
   */
  makeSlot(
    user: string,
    passphrase: string,
    box?: BoxKeyPair,
  ): Promise<{ slot: BoxKeySlot; secrets: UserSecrets }> {
    if (!this.#databaseKey) throw new VaultLockedError();
    return makeSlot(this.id, user, passphrase, this.#databaseKey, this.#epoch, box);
  }

  readKeySlots(): Promise<KeySlotFile> {
    return readKeySlots(this.layout.keySlots);
  }

  /** Rewrites keyslots.json through `change`; the data and the database stay as they are. */
  async rewriteKeySlots(change: (file: KeySlotFile) => KeySlotFile): Promise<void> {
    await writeKeySlots(this.layout.keySlots, change(await this.readKeySlots()));
  }

  /**
   * Replaces the database key: a new random key wrapped to each of `keep` (nobody else's slot survives),
   * the database re-keyed, crash-safely (rotation.ts). `record` runs in the transaction that moves the
   * database to the new epoch; it gets the new slots and the epoch.
   */
  async rotateKey(
    keep: readonly BoxKeySlot[],
    record: (slots: readonly BoxKeySlot[], epoch: number) => void,
  ): Promise<void> {
    const db = this.db;
    const epoch = this.#epoch + 1;
    const newKey = newDataKey();
    const slots = keep.map((slot) => rewrapSlot(this.id, slot, newKey, epoch));
    try {
      await writeKeySlots(this.layout.nextKeySlots, {
        format: 'custody-keyslots/2',
        vaultId: this.id,
        epoch,
        slots,
      });
      try {
        db.transaction(() => {
          db.prepare(
            "INSERT INTO meta (key, value) VALUES ('key_epoch', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
          ).run(String(epoch));
          record(slots, epoch);
        })();
      } catch (error) {
        await rm(this.layout.nextKeySlots, { force: true });
        throw error;
      }
      await finishRotation(this.layout, db, newKey);
    } catch (error) {
      newKey.fill(0);
      throw error;
    }
    this.#databaseKey?.fill(0);
    this.#databaseKey = newKey;
    this.#epoch = epoch;
  }

  /**
   * SQLite's own structural check of vault.db (with SQLCipher, a page changed outside Custody fails its
   * HMAC here); empty when the database is sound, else one line naming the damage and the first findings.
   */
  integrityProblems(): string[] {
    const found = integrityProblems(this.db);
    if (found.length === 0) return [];
    const shown = found.slice(0, 3).join('; ');
    const more = found.length > 3 ? `; and ${found.length - 3} more` : '';
    return [
      `vault.db is damaged or was changed outside Custody (SQLite's integrity check: ${shown}${more}). Restore it from a backup.`,
    ];
  }
}
