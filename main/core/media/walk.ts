// Expands the paths given to ingest into the files to read: folders recursively, in a stable order.
// Anything that cannot be listed or is not a regular file is reported, never silently skipped. Each file
// keeps the device and inode it had when examined, so the read can refuse a file swapped since.
import { lstat, readdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { ExaminedFile } from './source-file';

export interface WalkProblem {
  path: string;
  reason: string;
}

export interface WalkResult {
  files: ExaminedFile[];
  problems: WalkProblem[];
}

function reasonOf(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'it does not exist';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  return error instanceof Error ? error.message : String(error);
}

export async function walkSources(paths: readonly string[]): Promise<WalkResult> {
  const result: WalkResult = { files: [], problems: [] };
  async function visit(path: string): Promise<void> {
    let info;
    try {
      info = await lstat(path, { bigint: true });
    } catch (error) {
      result.problems.push({ path, reason: reasonOf(error) });
      return;
    }
    if (info.isSymbolicLink()) {
      result.problems.push({ path, reason: 'it is a symbolic link; ingest the file it points to instead' });
    } else if (info.isFile()) {
      result.files.push({ path, size: Number(info.size), dev: info.dev, ino: info.ino });
    } else if (info.isDirectory()) {
      let names: string[];
      try {
        names = await readdir(path);
      } catch (error) {
        result.problems.push({ path, reason: `cannot list the folder: ${reasonOf(error)}` });
        return;
      }
      for (const name of names.sort()) await visit(join(path, name));
    } else {
      result.problems.push({ path, reason: 'it is not a regular file (device, socket or pipe)' });
    }
  }
  for (const path of paths) await visit(resolve(path));
  return result;
}
