// The workstation: the vaults under one root folder and the one vault that is unlocked, if any. It is
// what the router's handlers act on, in Electron and in the end-to-end harness alike. Vaults are named
// by the user; the folder they live in is the core's business and never crosses to the renderer. Items
// queued for re-matching (after a bank import or removal, or left by a crash) are matched in the background
// from each unlock, with progress pushed as `rematch.progress`.
import { mkdir, readdir } from 'node:fs/promises';
import { join, resolve, sep } from 'node:path';
import type { EventName, EventPayload } from '../../shared/contract';
import type { Role, SessionInfo } from '../../shared/domain';
import { mayDo } from '../../shared/policy';
import { InvalidInputError, VaultLockedError } from './errors';
import { EventHub, type EventListener } from './events';
import { exportFolder } from './exports';
import { Vault, type Credentials } from './identity';
import { rematchQueued } from './media';
import { ReviewSession } from './review';
import { isVault, vaultUserNames } from './vault';

export interface WorkstationOptions {
  /** Folder holding one sub-folder per vault. */
  vaultsRoot: string;
  /** Folder for workstation state outside any vault (failed unlock attempts). */
  stateDir: string;
  /**
   * The app's own folder offered first for exports (never one commonly synced to a cloud); the person
   * chooses where each export goes.
   */
  exportsRoot: string;
  /** Asks the person for a folder (Electron's dialog); absent where the path is typed (the harness). */
  chooseExportFolder?: (suggested: string) => Promise<string | null>;
  /** The home folder the cloud-synced folders are looked for in (default: the user's). */
  home?: string;
  /** Where failures of background work (an event listener) are reported. */
  onBackgroundError?: (error: unknown) => void;
  /** The workstation's own file dialog (Electron's, in main); absent in the harness and the CLI. */
  choosePaths?: PathChooser;
}

/** Opens a file dialog for files, a folder or a case file; answers the chosen paths (none when cancelled). */
export type PathChooser = (kind: 'files' | 'folder' | 'caseFile') => Promise<string[]>;

export class Workstation {
  #vault: Vault | null = null;
  #review: ReviewSession | null = null;
  #vaultName: string | null = null;
  #unlockedAt: string | null = null;
  readonly #events = new EventHub((error) => this.options.onBackgroundError?.(error));
  readonly #unlockListeners = new Set<(vault: Vault) => void>();
  /** The end of the chain that creating, unlocking and locking a vault queue on, one after another. */
  #turn: Promise<unknown> = Promise.resolve();
  /** How many times lock() was called: a create or unlock that saw another count before it ended gives up. */
  #locks = 0;
  /** The background re-match of the unlocked vault, while one runs. */
  #rematch: Promise<void> | null = null;

  constructor(private readonly options: WorkstationOptions) {}

  get exportsRoot(): string {
    return this.options.exportsRoot;
  }

  /** The folder offered for exports, whether a folder picker exists, and the one picked when `choose`. */
  async exportDestination(
    choose: boolean,
  ): Promise<{ suggested: string; picker: boolean; chosen: string | null }> {
    const picker = this.options.chooseExportFolder;
    const suggested = this.options.exportsRoot;
    const chosen = choose && picker ? await picker(suggested) : null;
    return { suggested, picker: picker !== undefined, chosen };
  }

  /** The checked real path of the folder an export goes into (the offered one when none is given). */
  exportFolder(folder: string | undefined, allowSynced: boolean): Promise<string> {
    return exportFolder(folder ?? this.options.exportsRoot, {
      appFolder: this.options.exportsRoot,
      allowSynced,
      ...(this.options.home ? { home: this.options.home } : {}),
    });
  }

  /** The folder holding one sub-folder per vault. */
  get vaultsRoot(): string {
    return resolve(this.options.vaultsRoot);
  }

  /** The unlocked vault's folder; throws VaultLockedError when none is. */
  vaultFolder(): string {
    if (!this.#vaultName) throw new VaultLockedError();
    return this.#vaultDir(this.#vaultName);
  }

  /** The file dialog, when this workstation has one. */
  get choosePaths(): PathChooser | null {
    return this.options.choosePaths ?? null;
  }

  /** Resolves a vault name to its folder, refusing anything that would land outside the vaults root. */
  #vaultDir(name: string): string {
    const root = resolve(this.options.vaultsRoot);
    const dir = resolve(root, name);
    if (!dir.startsWith(root + sep) || dir.slice(root.length + 1).includes(sep)) {
      throw new InvalidInputError(`"${name}" is not a valid vault name.`);
    }
    return dir;
  }

  async listVaults(): Promise<Array<{ name: string; users: string[] }>> {
    await mkdir(this.options.vaultsRoot, { recursive: true, mode: 0o700 });
    const entries = await readdir(this.options.vaultsRoot, { withFileTypes: true });
    const vaults: Array<{ name: string; users: string[] }> = [];
    for (const entry of entries) {
      if (!entry.isDirectory() || entry.name.startsWith('.')) continue;
      const dir = join(this.options.vaultsRoot, entry.name);
      if (await isVault(dir)) vaults.push({ name: entry.name, users: await vaultUserNames(dir) });
    }
    return vaults.sort((a, b) => a.name.localeCompare(b.name));
  }

  /** Runs `work` once every create, unlock and lock queued before it has ended, so none interleave. */
  #inTurn<T>(work: () => T | Promise<T>): Promise<T> {
    const run = this.#turn.then(work);
    this.#turn = run.catch(() => undefined);
    return run;
  }

  createVault(name: string, credentials: Credentials): Promise<SessionInfo> {
    const locks = this.#locks;
    return this.#inTurn(async () => {
      const dir = this.#vaultDir(name);
      this.#lockNow();
      const vault = await Vault.create(dir, credentials, { stateDir: this.options.stateDir });
      return this.#adopt(name, vault, locks);
    });
  }

  unlock(name: string, credentials: Credentials): Promise<SessionInfo> {
    const locks = this.#locks;
    return this.#inTurn(async () => {
      const dir = this.#vaultDir(name);
      this.#lockNow();
      const vault = await Vault.unlock(dir, credentials, { stateDir: this.options.stateDir });
      return this.#adopt(name, vault, locks);
    });
  }

  /** Makes `vault` the unlocked one (locking any other first), unless lock() was called since `locks`. */
  #adopt(name: string, vault: Vault, locks: number): SessionInfo {
    if (locks !== this.#locks) {
      vault.lock();
      throw new VaultLockedError('The vault was locked while it was being opened. Unlock it again.');
    }
    this.#lockNow();
    this.#vault = vault;
    this.#review = new ReviewSession(vault);
    this.#vaultName = name;
    this.#unlockedAt = new Date().toISOString();
    for (const listener of this.#unlockListeners) listener(vault);
    this.rematchInBackground();
    return this.session() as SessionInfo;
  }

  /**
   * Works through the unlocked vault's re-match queue in the background (call it after a bank import or
   * removal; unlocking calls it too), unless it already runs or the user may not match. It stops at lock;
   * what is left stays queued for the next unlock. Resolves when this run ends.
   */
  rematchInBackground(): Promise<void> {
    const vault = this.#vault;
    if (!vault || !mayDo(vault.user.role, 'item.match')) return Promise.resolve();
    if (this.#rematch) return this.#rematch;
    const run = (async () => {
      try {
        await rematchQueued(vault, {
          proceed: () => this.#vault === vault,
          onProgress: (progress) => {
            if (this.#vault === vault) this.emit('rematch.progress', progress);
          },
        });
      } catch (error) {
        if (this.#vault === vault) this.options.onBackgroundError?.(error);
      } finally {
        this.#rematch = null;
      }
    })();
    this.#rematch = run;
    return run;
  }

  /**
   * Forgets every key, at once; a create or unlock under way when it is called locks the vault it opens
   * and fails. Listeners (the window) reload the renderer so no evidence stays in its memory.
   */
  lock(): void {
    this.#locks++;
    this.#lockNow();
  }

  #lockNow(): void {
    if (!this.#vault) return;
    this.#review?.flushViews();
    this.#review = null;
    this.#vault.lock();
    this.#vault = null;
    this.#vaultName = null;
    this.#unlockedAt = null;
    this.emit('session.locked', {});
  }

  /** Hears every unlock (and vault creation), with the vault now unlocked; background work starts here. */
  onUnlock(listener: (vault: Vault) => void): () => void {
    this.#unlockListeners.add(listener);
    return () => this.#unlockListeners.delete(listener);
  }

  /** Hears every lock, after the keys are forgotten; background work stops here. */
  onLock(listener: () => void): () => void {
    return this.onEvent((event) => {
      if (event.name === 'session.locked') listener();
    });
  }

  /** Sends a contract event to every listener; throws EventOutsideContractError for an undeclared payload. */
  emit<E extends EventName>(name: E, payload: EventPayload<E>): void {
    this.#events.emit(name, payload);
  }

  /** Hears every event the workstation emits (Electron forwards them to the window, the harness to the page). */
  onEvent(listener: EventListener): () => void {
    return this.#events.on(listener);
  }

  role(): Role | null {
    return this.#vault?.user.role ?? null;
  }

  session(): SessionInfo | null {
    if (!this.#vault || !this.#vaultName || !this.#unlockedAt) return null;
    return {
      vault: this.#vaultName,
      user: this.#vault.user.name,
      role: this.#vault.user.role,
      unlockedAt: this.#unlockedAt,
    };
  }

  /** This unlock session's reveals and pending views; throws VaultLockedError when locked. */
  review(): ReviewSession {
    if (!this.#review) throw new VaultLockedError();
    return this.#review;
  }

  /** The unlocked vault; throws VaultLockedError when none is. */
  vault(): Vault {
    if (!this.#vault) throw new VaultLockedError();
    return this.#vault;
  }
}
