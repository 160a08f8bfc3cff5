// The unlocked vault as one signed-in user: the storage vault/ opened, the user, their signing key and the
// ledger they append to. Every core verb acts on this `Vault`: it is how a verb knows who acts (and so
// what the policy lets them do) and how it records what they did. The user's signing key opens only with
// the key pair their own slot opened, never with a key every user holds. lock() forgets every key.
import { randomUUID } from 'node:crypto';
import type { LedgerAction } from '../../../shared/ledger';
import { ForbiddenError, TamperDetectedError, VaultLockedError } from '../errors';
import { anchorLedger, Ledger, type LedgerActor, type LedgerEntry, type NoteSigner } from '../ledger';
import {
  forgetFailedUnlocks,
  pendingFailedUnlocks,
  settleUnlockThrottle,
  sweepInterruptedExports,
  sweepOrphans,
  VaultStorage,
  type Credentials,
  type UnlockOptions,
  type VaultDatabase,
  type VaultLayout,
} from '../vault';
import { createSigningKey, loadSigner, loadUserSigner, workstationKeyName } from './keys';
import { activeUser, requireRecordedSlot, storeUser, upgradeSlot, type VaultUser } from './users';

export class Vault {
  readonly #actor: LedgerActor;
  readonly ledger: Ledger;

  private constructor(
    readonly storage: VaultStorage,
    readonly user: VaultUser,
  ) {
    const { db, workstationId } = storage;
    const signer = loadUserSigner(db, user.id, storage.userSecrets());
    if (!signer) {
      throw new TamperDetectedError(
        `No signing key of user "${user.name}" is sealed to the key pair in their key slot: the slot or the signing_keys table was changed.`,
      );
    }
    this.#actor = { id: user.id, name: user.name, signer };
    this.ledger = new Ledger(
      db,
      workstationKeyName(workstationId),
      loadSigner(db, storage.dataKey(), workstationKeyName(workstationId)),
    );
  }

  /** Creates a vault in a new directory with its first user, an admin, and returns it unlocked. */
  static async create(dir: string, credentials: Credentials, options: UnlockOptions = {}): Promise<Vault> {
    await VaultStorage.create(dir, credentials, ({ db, dataKey, vaultId, workstationId, slot, now }) => {
      const origin = workstationKeyName(workstationId);
      const workstationSigner = createSigningKey(db, dataKey, origin, 'workstation', now);
      const user: VaultUser = { id: randomUUID(), name: credentials.user, role: 'admin' };
      const { key, signer } = storeUser(db, workstationId, user, slot, now);
      const actor = { id: user.id, name: user.name, signer };
      const ledger = new Ledger(db, origin, workstationSigner);
      ledger.append(actor, 'vault.create', [vaultId], { vault: vaultId, workstation: workstationId });
      ledger.append(actor, 'user.add', [user.id], { name: user.name, role: user.role, key });
      ledger.checkpoint();
    });
    return Vault.unlock(dir, credentials, options);
  }

  /**
   * Checks the passphrase against the user's key slot, and the slot against its digest in the database,
   * and opens the vault. Writes nothing on a wrong passphrase.
   */
  static async unlock(dir: string, credentials: Credentials, options: UnlockOptions = {}): Promise<Vault> {
    const storage = await VaultStorage.open(dir, credentials, options);
    try {
      const user = activeUser(storage.db, credentials.user);
      if (!user) {
        throw new ForbiddenError(
          `User "${credentials.user}" was removed from this vault and can no longer unlock it.`,
        );
      }
      requireRecordedSlot(storage.db, storage.openedSlot);
      const upgrade = storage.slotUpgrade;
      if (upgrade) await upgradeSlot(storage, user, upgrade);
      const vault = new Vault(storage, user);
      await vault.#afterUnlock(storage.stateDir);
      return vault;
    } catch (error) {
      storage.close();
      throw error;
    }
  }

  /** Checks the ledger against its anchors, sweeps what a crash left behind, records failed attempts since the last unlock, then this unlock. */
  async #afterUnlock(stateDir: string): Promise<void> {
    // Before the sweep: a rolled-back database must be refused before it can delete newer blobs.
    anchorLedger(this.ledger, stateDir, this.id);
    const swept = await sweepOrphans(this);
    if (swept.staging + swept.blobs + swept.skipped.length > 0) {
      this.record('vault.sweep', [this.id], { ...swept });
    }
    for (const cut of await sweepInterruptedExports(this.db)) {
      this.record('export.interrupted', [cut.id], {
        kind: cut.kind,
        destination: cut.destination,
        staging: cut.staging,
        removed: cut.removed,
      });
    }
    const failed = await pendingFailedUnlocks(
      stateDir,
      this.id,
      (name) => activeUser(this.db, name) !== null,
    );
    const throttle = await settleUnlockThrottle(this.db, stateDir, this.id, this.user.name);
    this.db.transaction(() => {
      if (throttle.tampered) {
        this.record('vault.unlock_throttle_reset', [], { throttleFile: throttle.tampered });
      }
      throttle.commit();
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

  get layout(): VaultLayout {
    return this.storage.layout;
  }

  get id(): string {
    return this.storage.id;
  }

  get workstationId(): string {
    return this.storage.workstationId;
  }

  get isUnlocked(): boolean {
    return this.storage.isOpen;
  }

  /** The open database. Throws VaultLockedError after lock(). */
  get db(): VaultDatabase {
    return this.storage.db;
  }

  /** The data key, for wrapping and unwrapping keys inside the core. Throws after lock(). */
  dataKey(): Buffer {
    return this.storage.dataKey();
  }

  /** Appends a signed ledger entry by the signed-in user; call inside the transaction of the change. */
  record(action: LedgerAction, subjects: readonly string[], details: Record<string, unknown>): LedgerEntry {
    if (!this.storage.isOpen) throw new VaultLockedError();
    return this.ledger.append(this.#actor, action, subjects, details);
  }

  /**
   * The workstation's key, which signs what this workstation states as a whole: its checkpoints, and its
   * sync cards and bundles. Sealed with the data key, as the checkpoints' signer always was.
   */
  workstationSigner(): NoteSigner {
    return loadSigner(this.db, this.dataKey(), workstationKeyName(this.workstationId));
  }

  /** Signs a checkpoint of what was recorded, closes the database and overwrites the data key. Idempotent. */
  lock(): void {
    if (!this.storage.isOpen) return;
    try {
      this.ledger.checkpoint();
    } finally {
      this.storage.close();
    }
  }
}
