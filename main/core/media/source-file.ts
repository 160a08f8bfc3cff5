// Opening one source file for ingest: once, by descriptor, never through a symbolic link, and only when the
// descriptor is the regular file the walk examined (same device and inode) and, for a case import, lies
// inside the case folder. Everything ingest reads or records about the file (bytes, size, times) then
// comes from that descriptor; it must never reopen the file by its path.
import { constants, type BigIntStats } from 'node:fs';
import { open, realpath, stat, type FileHandle } from 'node:fs/promises';
import { sep } from 'node:path';

/** A file as the walk examined it (lstat): where it is and which file it was. */
export interface ExaminedFile {
  path: string;
  size: number;
  dev: bigint;
  ino: bigint;
}

/** The file was changed between the walk and the read; the reason says how. Nothing of it was read. */
export class SourceChangedError extends Error {}

export interface OpenedSource {
  handle: FileHandle;
  /** The descriptor's own stat: size and times come from here, never from the path. */
  stats: BigIntStats;
}

// O_NONBLOCK: a FIFO swapped in opens at once instead of blocking ingest (it is then refused as not a
// regular file); it changes nothing for a regular file. O_NOCTTY: a terminal never becomes ours.
const openFlags =
  constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK | (constants.O_NOCTTY ?? 0);

/** Where the descriptor's file is now: the kernel's own name for it on Linux; elsewhere the path, re-checked. */
async function openedPath(handle: FileHandle, path: string, stats: BigIntStats): Promise<string> {
  if (process.platform === 'linux') return realpath(`/proc/self/fd/${handle.fd}`);
  const now = await realpath(path);
  const again = await stat(now, { bigint: true });
  if (again.dev !== stats.dev || again.ino !== stats.ino)
    throw new SourceChangedError('it was replaced by another file while it was opened; nothing was read');
  return now;
}

/**
 * Opens `file` for reading, or throws SourceChangedError when it is now a symbolic link, not a regular
 * file, another file than the one examined, or (with `within`) outside that folder.
 */
export async function openSource(file: ExaminedFile, within?: string): Promise<OpenedSource> {
  let handle: FileHandle;
  try {
    handle = await open(file.path, openFlags);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ELOOP')
      throw new SourceChangedError(
        'it was replaced by a symbolic link after it was listed; the link was not followed and nothing was read',
      );
    throw error;
  }
  try {
    const stats = await handle.stat({ bigint: true });
    if (!stats.isFile())
      throw new SourceChangedError(
        'it is no longer a regular file (it was replaced after it was listed); nothing was read',
      );
    if (stats.dev !== file.dev || stats.ino !== file.ino)
      throw new SourceChangedError('it was replaced by another file after it was listed; nothing was read');
    if (within !== undefined) {
      const where = await openedPath(handle, file.path, stats);
      if (!where.startsWith(within + sep))
        throw new SourceChangedError(`it now leads outside the case folder (to ${where}); nothing was read`);
    }
    return { handle, stats };
  } catch (error) {
    await handle.close();
    throw error;
  }
}
