// The core's entry for its callers (Electron main, the end-to-end harness): build a workstation, the
// router that guards it, and the outbox that sends waiting reports while a vault is unlocked.
import { runOutboxInBackground, type BackgroundOutbox } from './cybertip';
import { workstationHandlers, type AppIdentity } from './handlers';
import { checkRetentionWhileUnlocked } from './preservation';
import { createRouter, type Router, type RouterOptions } from './router';
import { Workstation, type WorkstationOptions } from './workstation';

export interface Core {
  workstation: Workstation;
  router: Router;
  outbox: BackgroundOutbox;
  /** The daily retention check while a vault is unlocked (stopped with the core). */
  retention: { stop(): void };
}

export interface CoreOptions extends WorkstationOptions, RouterOptions {
  app: AppIdentity;
  /** How often waiting submissions are retried while unlocked (default two minutes); 0 turns it off. */
  outboxIntervalMs?: number;
  /** Where failures of background work (the outbox) are reported. */
  onBackgroundError?: (error: unknown) => void;
}

export function createCore(options: CoreOptions): Core {
  const workstation = new Workstation({
    vaultsRoot: options.vaultsRoot,
    stateDir: options.stateDir,
    exportsRoot: options.exportsRoot,
    ...(options.chooseExportFolder ? { chooseExportFolder: options.chooseExportFolder } : {}),
    ...(options.home ? { home: options.home } : {}),
    ...(options.choosePaths ? { choosePaths: options.choosePaths } : {}),
  });
  const outbox = runOutboxInBackground(workstation, {
    ...(options.outboxIntervalMs !== undefined ? { intervalMs: options.outboxIntervalMs } : {}),
    ...(options.onBackgroundError ? { onError: options.onBackgroundError } : {}),
    onProgress: (status) => workstation.emit('submission.progress', status),
  });
  const retention = checkRetentionWhileUnlocked({
    onUnlock: (listener) => workstation.onUnlock(listener),
    notify: (due) => workstation.emit('retention.due', due),
    ...(options.onBackgroundError ? { onError: options.onBackgroundError } : {}),
  });
  const router = createRouter(workstationHandlers(workstation, options.app), workstation, options);
  return { workstation, router, outbox, retention };
}

export type { AppIdentity };
export type { PathChooser } from './workstation';
export { defaultStateDir } from './vault';
