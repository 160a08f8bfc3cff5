// Where an export may be written: an existing folder given by its full path, never quietly one that a
// cloud client commonly syncs (Documents, Desktop, Dropbox, OneDrive, iCloud Drive, Google Drive…) unless
// the person confirms it, since plaintext originals there would be uploaded to a third party. Links are
// followed first, so a link into Dropbox counts as Dropbox. It never creates a folder except the app's own.
import { mkdir, realpath, stat } from 'node:fs/promises';
import { homedir } from 'node:os';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import { InvalidInputError } from '../errors';

/** Folders directly in the home folder that are commonly synced (macOS iCloud, Windows OneDrive KFM…). */
const syncedInHome = [
  'Documents',
  'Desktop',
  'Dropbox',
  'OneDrive',
  'Google Drive',
  'iCloud Drive',
  'iCloudDrive',
];
/** Where macOS keeps iCloud Drive and every File Provider cloud (Dropbox, OneDrive, Google Drive…). */
const syncedUnderHome = [join('Library', 'Mobile Documents'), join('Library', 'CloudStorage')];
/** A folder by one of these names anywhere (another drive, a mount) is a sync client's root. */
const syncedAnywhere = /^(dropbox|onedrive|onedrive - .+|google ?drive|my drive|icloud ?drive)$/i;

function inside(parent: string, path: string): boolean {
  const rel = relative(parent, path);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}

/**
 * The cloud-synced folder `path` lies in (its display name), or null. `home` is the user's home folder and
 * `env` the environment (Windows names its OneDrive folders in OneDrive, OneDriveCommercial, …).
 */
export function cloudSyncedFolder(
  path: string,
  home: string = homedir(),
  env: NodeJS.ProcessEnv = process.env,
): string | null {
  const target = resolve(path);
  if (inside(home, target)) {
    // Case-insensitive, as on macOS and Windows: ~/documents is ~/Documents there.
    const first = relative(home, target).split(sep)[0]?.toLowerCase();
    const name = syncedInHome.find((n) => n.toLowerCase() === first);
    if (name) return name;
    for (const under of syncedUnderHome) if (inside(join(home, under), target)) return under;
  }
  for (const variable of ['OneDrive', 'OneDriveCommercial', 'OneDriveConsumer']) {
    const folder = env[variable];
    if (folder && isAbsolute(folder) && inside(folder, target)) return folder;
  }
  return target.split(/[\\/]/).find((segment) => syncedAnywhere.test(segment)) ?? null;
}

export interface DestinationOptions {
  /** The app's own exports folder: created (owner-only) when it is chosen and missing. */
  appFolder: string;
  /** The person confirmed writing into a cloud-synced folder. */
  allowSynced?: boolean;
  home?: string;
}

/** Checks the folder an export goes into and returns its real path; refusals name the field to fix. */
export async function exportFolder(requested: string, options: DestinationOptions): Promise<string> {
  const refuse = (path: 'folder' | 'allowSynced', message: string) =>
    new InvalidInputError(message, [{ path, message }]);
  if (!isAbsolute(requested)) throw refuse('folder', `Give the full path of a folder, not "${requested}".`);
  const folder = resolve(requested);
  const refuseSynced = (synced: string | null) => {
    if (synced && options.allowSynced !== true) {
      throw refuse(
        'allowSynced',
        `${folder} is in ${synced}, a folder commonly synced to a cloud: the export would be uploaded there. ` +
          'Choose another folder, encrypt the export, or confirm that this folder is not synced.',
      );
    }
  };
  // As typed first (it may not exist yet), then as it really is once links are followed.
  refuseSynced(cloudSyncedFolder(folder, options.home));
  if (folder === resolve(options.appFolder)) await mkdir(folder, { recursive: true, mode: 0o700 });
  let real: string;
  try {
    real = await realpath(folder);
    if (!(await stat(real)).isDirectory()) throw new Error('not a folder');
  } catch {
    throw refuse('folder', `${folder} is not an existing folder: create it or choose another.`);
  }
  refuseSynced(cloudSyncedFolder(real, options.home));
  return real;
}
