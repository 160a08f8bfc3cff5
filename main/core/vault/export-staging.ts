// Where an export is written before it exists: a private staging folder beside its destination, recorded
// in the `exports` table before it is created, so that a crash leaves a row the next unlock can act on.
// Finishing renames the result into place in one step; failing or sweeping removes the folder and
// everything in it, without ever following a symbolic link out of it.
import { randomUUID } from 'node:crypto';
import { lstat, mkdir, rename, rm } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { InvalidInputError } from '../errors';
import { exists, fsyncDirectory } from '../fs-atomic';
import type { VaultDatabase } from './database';

export interface ExportStaging {
  id: string;
  kind: string;
  /** The final path: a folder, or a file for a single-file export. */
  destination: string;
  /** The private folder beside the destination that holds the export until it is complete. */
  staging: string;
}

export interface InterruptedExport {
  id: string;
  kind: string;
  destination: string;
  staging: string;
  removed: boolean;
}

const STAGING_PREFIX = '.custody-export-';

/** Records the attempt, then creates its staging folder (owner-only) beside `destination`. */
export async function openExportStaging(
  db: VaultDatabase,
  kind: string,
  destination: string,
  now = new Date(),
): Promise<ExportStaging> {
  const target = resolve(destination);
  if (await exists(target)) {
    throw new InvalidInputError(`${target} already exists: choose a new name for the export.`);
  }
  const parent = dirname(target);
  if (!(await exists(parent))) {
    throw new InvalidInputError(
      `The folder ${parent} does not exist: create it or choose another destination.`,
    );
  }
  const id = randomUUID();
  const staging = join(parent, `${STAGING_PREFIX}${basename(target)}-${id.slice(0, 8)}`);
  db.prepare(
    `INSERT INTO exports (id, kind, destination, staging, state, started_at) VALUES (?, ?, ?, ?, 'writing', ?)`,
  ).run(id, kind, target, staging, now.toISOString());
  await mkdir(staging, { mode: 0o700 });
  return { id, kind, destination: target, staging };
}

/**
 * Moves `inside` (a path within the staging folder) to the destination in one rename, removes what is left
 * of the staging folder and marks the export complete.
 */
export async function finishExportStaging(
  db: VaultDatabase,
  staging: ExportStaging,
  inside: string,
  now = new Date(),
): Promise<void> {
  if (await exists(staging.destination)) {
    throw new InvalidInputError(
      `${staging.destination} appeared while the export was written: nothing was replaced.`,
    );
  }
  await rename(inside, staging.destination);
  await removeStagingFolder(staging.staging);
  await fsyncDirectory(dirname(staging.destination));
  db.prepare(`UPDATE exports SET state = 'complete', finished_at = ? WHERE id = ?`).run(
    now.toISOString(),
    staging.id,
  );
}

/** Removes the staging folder and everything in it, and marks the export failed. */
export async function abandonExportStaging(
  db: VaultDatabase,
  staging: ExportStaging,
  now = new Date(),
): Promise<void> {
  await removeStagingFolder(staging.staging);
  db.prepare(`UPDATE exports SET state = 'failed', finished_at = ? WHERE id = ?`).run(
    now.toISOString(),
    staging.id,
  );
}

/** Exports still `writing` when the vault opens were cut off by a crash: their staging folders go. */
export async function sweepInterruptedExports(
  db: VaultDatabase,
  now = new Date(),
): Promise<InterruptedExport[]> {
  const rows = db
    .prepare(`SELECT id, kind, destination, staging FROM exports WHERE state = 'writing'`)
    .all() as Array<Omit<InterruptedExport, 'removed'>>;
  const swept: InterruptedExport[] = [];
  for (const row of rows) {
    const removed = await removeStagingFolder(row.staging);
    db.prepare(`UPDATE exports SET state = 'interrupted', finished_at = ? WHERE id = ?`).run(
      now.toISOString(),
      row.id,
    );
    swept.push({ ...row, removed });
  }
  return swept;
}

/**
 * Removes a staging folder we created. A path that is no longer a real folder named as ours (a link put in
 * its place, say) is left alone: removing it could reach outside. rm's recursion never follows links.
 */
async function removeStagingFolder(path: string): Promise<boolean> {
  if (!basename(path).startsWith(STAGING_PREFIX)) return false;
  let info;
  try {
    info = await lstat(path);
  } catch {
    return false;
  }
  if (!info.isDirectory()) return false;
  await rm(path, { recursive: true, force: true });
  return true;
}
