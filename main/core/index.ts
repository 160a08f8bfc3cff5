// The core's entry for its callers (Electron main, the end-to-end harness): build a workstation and the
// router that guards it.
import { workstationHandlers, type AppIdentity } from './handlers';
import { createRouter, type Router, type RouterOptions } from './router';
import { Workstation, type WorkstationOptions } from './workstation';

export interface Core {
  workstation: Workstation;
  router: Router;
}

export function createCore(options: WorkstationOptions & { app: AppIdentity } & RouterOptions): Core {
  const workstation = new Workstation({
    vaultsRoot: options.vaultsRoot,
    stateDir: options.stateDir,
    exportsRoot: options.exportsRoot,
    ...(options.outboxIntervalMs !== undefined ? { outboxIntervalMs: options.outboxIntervalMs } : {}),
    ...(options.onBackgroundError ? { onBackgroundError: options.onBackgroundError } : {}),
  });
  const router = createRouter(workstationHandlers(workstation, options.app), workstation, options);
  return { workstation, router };
}

export type { AppIdentity };
