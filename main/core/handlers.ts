// Binds each contract channel to a core verb on the workstation. Handlers receive requests the router
// has already validated and answer plain data; the router strips anything the contract does not declare.
import type { Handlers } from './router';
import type { Workstation } from './workstation';

export interface AppIdentity {
  name: string;
  version: string;
}

export function workstationHandlers(workstation: Workstation, app: AppIdentity): Handlers {
  return {
    'app.info': async () => ({ ...app, session: workstation.session() }),
    'vault.list': async () => ({ vaults: await workstation.listVaults() }),
    'vault.create': async ({ vault, user, passphrase }) =>
      workstation.createVault(vault, { user, passphrase }),
    'vault.unlock': async ({ vault, user, passphrase }) => workstation.unlock(vault, { user, passphrase }),
    'vault.lock': async () => {
      workstation.lock();
      return { locked: true as const };
    },
  };
}
