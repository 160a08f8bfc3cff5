// Finding 6 of the security review: a file swapped after the walk examined it (for a symbolic link, another
// file or a FIFO) is refused by ingest and case import, and nothing outside the case folder is read. The
// swap happens in onProgress, which runs after the walk and before the file is opened: deterministic.
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { lstatSync, mkdirSync, renameSync, symlinkSync, writeFileSync } from 'node:fs';
import { lstat, mkdir, realpath, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importCase } from '../../main/core/media';
import { ingestPaths } from '../../main/core/media/ingest';
import { openSource } from '../../main/core/media/source-file';
import { writeExampleCase } from '../../main/core/review/case-example';
import type { Vault } from '../../main/core/identity';
import { createTestVault, useTempDirs } from '../support/temp';

const tempDir = useTempDirs();

const secret = Buffer.from('ssh-ed25519 AAAA the secret outside the case folder\n');
const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const hasItem = (vault: Vault, bytes: Buffer) =>
  vault.db.prepare('SELECT count(*) FROM items WHERE sha256 = ?').pluck().get(sha256(bytes)) !== 0;

async function setup() {
  const { root, vault } = await createTestVault(tempDir);
  const outside = join(root, 'victim-secret.txt');
  await writeFile(outside, secret);
  const src = join(root, 'src');
  await mkdir(src);
  await writeFile(join(src, 'a.txt'), 'first file\n');
  await writeFile(join(src, 'b.txt'), 'second file\n');
  return { root, vault, outside, src };
}

/** Runs `swap` once, when ingest is about to open `target` (after the walk examined it). */
function swapBeforeRead(target: string, swap: () => void) {
  let done = false;
  return (progress: { currentPath: string | null }) => {
    if (!done && progress.currentPath === target) {
      done = true;
      swap();
    }
  };
}

function replaceWithSymlink(path: string, to: string): void {
  symlinkSync(to, `${path}.new`);
  renameSync(`${path}.new`, path);
}

describe('ingest refuses a file swapped between the walk and the read', () => {
  it('refuses a symbolic link swapped in, without following it', async () => {
    const { vault, outside, src } = await setup();
    const target = join(src, 'b.txt');
    const summary = await ingestPaths(vault, [src], {
      concurrency: 1,
      onProgress: swapBeforeRead(target, () => replaceWithSymlink(target, outside)),
    });
    expect(summary).toMatchObject({ ingested: 1, failed: 1 });
    const failed = summary.outcomes.find((o) => o.kind === 'failed');
    expect(failed).toEqual({
      kind: 'failed',
      path: target,
      reason: expect.stringMatching(/replaced by a symbolic link after it was listed/),
    });
    expect(hasItem(vault, secret)).toBe(false);
    vault.lock();
  });

  it('refuses another regular file renamed over it (other inode)', async () => {
    const { vault, src } = await setup();
    const target = join(src, 'b.txt');
    const summary = await ingestPaths(vault, [src], {
      concurrency: 1,
      onProgress: swapBeforeRead(target, () => {
        writeFileSync(`${target}.new`, secret);
        renameSync(`${target}.new`, target);
      }),
    });
    expect(summary.outcomes.find((o) => o.kind === 'failed')).toMatchObject({
      path: target,
      reason: expect.stringMatching(/replaced by another file after it was listed/),
    });
    expect(hasItem(vault, secret)).toBe(false);
    vault.lock();
  });

  it('refuses a FIFO swapped in, without blocking', async () => {
    const { vault, src } = await setup();
    const target = join(src, 'b.txt');
    const summary = await ingestPaths(vault, [src], {
      concurrency: 1,
      onProgress: swapBeforeRead(target, () => {
        execFileSync('mkfifo', [`${target}.fifo`]);
        renameSync(`${target}.fifo`, target);
      }),
    });
    expect(summary.outcomes.find((o) => o.kind === 'failed')).toMatchObject({
      path: target,
      reason: expect.stringMatching(/no longer a regular file/),
    });
    vault.lock();
  });

  it('case import: a media file swapped for a link to a file outside the case folder is refused', async () => {
    const { root, vault, outside } = await setup();
    const caseFile = await writeExampleCase(join(root, 'case'));
    const target = await realpath(join(root, 'case', 'media', 'notes.txt'));
    const error = await importCase(vault, caseFile, {
      concurrency: 1,
      onProgress: swapBeforeRead(target, () => replaceWithSymlink(target, outside)),
    }).catch((e: unknown) => e);
    expect(String(error)).toMatch(/notes\.txt: it was replaced by a symbolic link after it was listed/);
    expect(hasItem(vault, secret)).toBe(false);
    expect(vault.db.prepare('SELECT count(*) FROM cases').pluck().get()).toBe(0);
    vault.lock();
  });

  it('a folder on the way swapped for a link leaving the case folder is refused on the descriptor', async () => {
    const { root, outside } = await setup();
    const caseRoot = join(root, 'case2');
    mkdirSync(caseRoot);
    // The file examined is the outside one, reached through a folder link inside the case folder (a
    // swap of `media` itself between the case check and the walk): same inode, but outside.
    await symlink(root, join(caseRoot, 'media'));
    const info = await lstat(outside, { bigint: true });
    const examined = {
      path: join(caseRoot, 'media', 'victim-secret.txt'),
      size: 0,
      dev: info.dev,
      ino: info.ino,
    };
    await expect(openSource(examined, await realpath(caseRoot))).rejects.toThrow(
      /now leads outside the case folder/,
    );
    // Without the folder check the same descriptor opens: the check is what refuses it.
    const opened = await openSource(examined);
    await opened.handle.close();
    expect(lstatSync(join(caseRoot, 'media')).isSymbolicLink()).toBe(true);
  });
});
