// The orphan sweep at unlock never follows a symbolic link (finding 15): a shard folder, a file in a
// shard, or a staging entry replaced by a link to something outside the vault is left alone and named in
// the vault.sweep ledger entry, and what it points to survives; real orphans are still removed.
import { mkdir, readdir, readFile, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Vault } from '../../main/core/identity';
import { parseEntry } from '../../main/core/ledger/entry';
import { BlobWriter } from '../../main/core/vault';
import { passphrases, useTempDirs } from '../support/temp';

const tempDir = useTempDirs();

/** Names like the blob files Custody writes, so only the link check can spare them. */
const blobLike = (n: number) => `${'ab'}${String(n).padStart(30, '0')}`;

describe('the orphan sweep', () => {
  it('leaves links to outside the vault alone, names them, and still removes real orphans', async () => {
    const root = await tempDir();
    const dir = join(root, 'vault');
    const stateDir = join(root, 'state');
    const vault = await Vault.create(dir, { user: 'ana', passphrase: passphrases.ana }, { stateDir });
    const orphan = await BlobWriter.create(vault);
    await orphan.write(Buffer.from('never recorded'));
    const { id: orphanId } = await orphan.finish();
    vault.lock();

    const victim = join(root, 'victim');
    await mkdir(join(victim, 'shard'), { recursive: true });
    await mkdir(join(victim, 'folder'), { recursive: true });
    for (const name of [blobLike(1), blobLike(2), 'notes.txt']) {
      await writeFile(join(victim, 'shard', name), `outside the vault: ${name}`);
    }
    await writeFile(join(victim, 'folder', blobLike(3)), 'inside a linked staging folder');
    const blobs = join(dir, 'blobs');
    await symlink(join(victim, 'shard'), join(blobs, 'ab'));
    await mkdir(join(blobs, 'cd'), { recursive: true });
    await symlink(join(victim, 'shard', blobLike(2)), join(blobs, 'cd', `cd${'0'.repeat(30)}`));
    await symlink(join(victim, 'shard', 'notes.txt'), join(dir, 'staging', 'linked.blob'));
    await symlink(join(victim, 'folder'), join(dir, 'staging', 'linked-folder'));
    const outside = async () =>
      Object.fromEntries(
        await Promise.all(
          [
            join('shard', blobLike(1)),
            join('shard', blobLike(2)),
            join('shard', 'notes.txt'),
            join('folder', blobLike(3)),
          ].map(async (name) => [name, await readFile(join(victim, name), 'utf8')] as const),
        ),
      );
    const before = await outside();

    const again = await Vault.unlock(dir, { user: 'ana', passphrase: passphrases.ana }, { stateDir });
    expect(await outside()).toEqual(before);
    expect(await readdir(join(blobs, orphanId.slice(0, 2))).catch(() => [])).not.toContain(orphanId);
    const sweep = again.ledger
      .leaves(0, again.ledger.size)
      .map((leaf) => parseEntry(leaf))
      .find((entry) => entry.action === 'vault.sweep');
    expect(sweep?.details).toEqual({
      staging: 0,
      blobs: 1,
      skipped: expect.arrayContaining([
        'blobs/ab (a symbolic link)',
        `blobs/cd/cd${'0'.repeat(30)} (a symbolic link)`,
        'staging/linked.blob (a symbolic link)',
        'staging/linked-folder (a symbolic link)',
      ]),
    });
    again.lock();
  });
});
