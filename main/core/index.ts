// The core's entry for its callers (Electron main, the end-to-end harness): build a workstation, the
// router that guards it, and the outbox that sends waiting reports while a vault is unlocked.
import { runOutboxInBackground, type BackgroundOutbox } from './cybertip';
import { workstationHandlers, type AppIdentity } from './handlers';
import { createRouter, type Router, type RouterOptions } from './router';
import { Workstation, type WorkstationOptions } from './workstation';

export interface Core {
  workstation: Workstation;
  router: Router;
  outbox: BackgroundOutbox;
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
    ...(options.choosePaths ? { choosePaths: options.choosePaths } : {}),
  });
  const outbox = runOutboxInBackground(workstation, {
    ...(options.outboxIntervalMs !== undefined ? { intervalMs: options.outboxIntervalMs } : {}),
    ...(options.onBackgroundError ? { onError: options.onBackgroundError } : {}),
    onProgress: (status) => workstation.emit('submission.progress', status),
  });
  const router = createRouter(workstationHandlers(workstation, options.app), workstation, options);
  return { workstation, router, outbox };
}

export type { AppIdentity };
export type { PathChooser } from './workstation';
export { defaultStateDir } from './vault';
