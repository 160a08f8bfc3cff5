// The sync channels: roster, card, status, bundles out (into the exports folder) and in, with progress
// pushed as sync.progress events. Thin: every check and every write is main/core/sync's.
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import {
  addToRoster,
  exportBundle,
  importBundle,
  readCardFile,
  inspectCard,
  listRoster,
  removeFromRoster,
  syncCard,
  syncStatus,
} from './sync';
import type { Handlers } from './router';
import type { Workstation } from './workstation';

type SyncChannels =
  | 'sync.status'
  | 'sync.roster'
  | 'sync.card'
  | 'sync.inspectCard'
  | 'sync.rosterAdd'
  | 'sync.rosterRemove'
  | 'sync.export'
  | 'sync.import';

export function syncHandlers(workstation: Workstation): Pick<Handlers, SyncChannels> {
  return {
    'sync.status': async () => syncStatus(workstation.vault()),
    'sync.roster': async () => ({ members: listRoster(workstation.vault()) }),
    'sync.card': async () => syncCard(workstation.vault()),
    'sync.inspectCard': async ({ path }) => inspectCard(await readCardFile(path)),
    'sync.rosterAdd': async ({ path, role }) =>
      addToRoster(workstation.vault(), await readCardFile(path), role),
    'sync.rosterRemove': async ({ workstation: id }) => removeFromRoster(workstation.vault(), id),
    'sync.export': async ({ to, all }) => {
      await mkdir(workstation.exportsRoot, { recursive: true, mode: 0o700 });
      const name = `sync-${new Date().toISOString().replace(/[:.]/g, '-')}.age`;
      return exportBundle(workstation.vault(), join(workstation.exportsRoot, name), {
        to: to ?? [],
        all: all ?? false,
        onProgress: (progress) => workstation.emit('sync.progress', progress),
      });
    },
    'sync.import': async ({ path }) =>
      importBundle(workstation.vault(), path, (progress) => workstation.emit('sync.progress', progress)),
  };
}
