// Expands the paths given to ingest into the files to read: folders recursively, in a stable order.
// Anything that cannot be listed or is not a regular file is reported, never silently skipped.
import { lstat, readdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';

export interface WalkProblem {
  path: string;
  reason: string;
}

export interface WalkResult {
  files: Array<{ path: string; size: number }>;
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
      info = await lstat(path);
    } catch (error) {
      result.problems.push({ path, reason: reasonOf(error) });
      return;
    }
    if (info.isSymbolicLink()) {
      result.problems.push({ path, reason: 'it is a symbolic link; ingest the file it points to instead' });
    } else if (info.isFile()) {
      result.files.push({ path, size: info.size });
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
