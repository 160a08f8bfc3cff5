import { execFileSync } from 'node:child_process';
import { lstat, mkdir, readFile, readdir, stat, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Decrypter, generateIdentity, identityToRecipient } from 'age-encryption';
import { describe, expect, it } from 'vitest';
import { stagedExport } from '../../main/core/exports';
import { Vault } from '../../main/core/identity';
import { openExportStaging } from '../../main/core/vault';
import { createTestVault, passphrases, useTempDirs } from '../support/temp';

const tempDir = useTempDirs();

async function* chunks(total: number): AsyncIterable<Uint8Array> {
  for (let sent = 0; sent < total; sent += 65_536) yield Buffer.alloc(Math.min(65_536, total - sent), 7);
}

describe('staged exports', () => {
  it('writes a folder beside its destination, renames it into place owner-only, and records both ends', async () => {
    const { root, vault } = await createTestVault(tempDir);
    const out = join(root, 'out');
    await mkdir(out);
    const destination = join(out, 'package');
    const { path } = await stagedExport(
      vault,
      { kind: 'report-package', destination, subjects: ['case-1'] },
      async (sink) => {
        await sink.add('report.xml', '<report/>');
        await sink.addStream('files/0001-big.bin', 300_000, chunks(300_000));
      },
    );
    expect(path).toBe(destination);
    expect(await readdir(out)).toEqual(['package']);
    expect((await stat(destination)).mode & 0o777).toBe(0o700);
    expect((await stat(join(destination, 'report.xml'))).mode & 0o777).toBe(0o600);
    expect((await stat(join(destination, 'files/0001-big.bin'))).size).toBe(300_000);
    const actions = vault.ledger.entriesFor('case-1').map((e) => e.action);
    expect(actions).toEqual(['export.start', 'export.finish']);
  });

  it('leaves nothing behind when the writer fails half-way, and records the failure', async () => {
    const { root, vault } = await createTestVault(tempDir);
    const destination = join(root, 'package');
    await expect(
      stagedExport(vault, { kind: 'report-package', destination, subjects: ['case-2'] }, async (sink) => {
        await sink.add('files/0001-a.jpg', 'plaintext evidence stand-in');
        throw new Error('blob damaged');
      }),
    ).rejects.toThrow('blob damaged');
    expect(
      (await readdir(root)).filter((n) => n.includes('package') || n.startsWith('.custody-export')),
    ).toEqual([]);
    const finish = vault.ledger.entriesFor('case-2').find((e) => e.action === 'export.finish');
    expect(finish?.details).toMatchObject({ outcome: 'failed', error: 'blob damaged' });
  });

  it('refuses a destination that exists and a path that leaves the export', async () => {
    const { root, vault } = await createTestVault(tempDir);
    await writeFile(join(root, 'taken'), 'x');
    await expect(
      stagedExport(
        vault,
        { kind: 'ledger-export', destination: join(root, 'taken'), subjects: [] },
        async () => {},
      ),
    ).rejects.toThrow(/already exists/);
    await expect(
      stagedExport(vault, { kind: 'ledger-export', destination: join(root, 'e'), subjects: [] }, (sink) =>
        sink.add('../escape.txt', 'x'),
      ),
    ).rejects.toThrow(/not a path inside an export/);
    expect(await readdir(root)).not.toContain('escape.txt');
  });

  it('encrypts to age recipients as one .tar.age file that age -d opens, with no plaintext on disk', async () => {
    const { root, vault } = await createTestVault(tempDir);
    const identity = await generateIdentity();
    const recipient = await identityToRecipient(identity);
    const destination = join(root, 'package.tar.age');
    await stagedExport(
      vault,
      { kind: 'report-package', destination, subjects: ['case-3'], encryptTo: { recipients: [recipient] } },
      async (sink) => {
        await sink.add('report.xml', '<report>secret-marker</report>');
        await sink.addStream('files/big.bin', 200_000, chunks(200_000));
      },
    );
    expect(await readdir(root)).toContain('package.tar.age');
    expect((await readFile(destination)).includes(Buffer.from('secret-marker'))).toBe(false);
    const decrypter = new Decrypter();
    decrypter.addIdentity(identity);
    const tar = await decrypter.decrypt(await readFile(destination));
    expect(Buffer.from(tar).includes(Buffer.from('secret-marker'))).toBe(true);
    await writeFile(join(root, 'key.txt'), `${identity}\n`, { mode: 0o600 });
    const extracted = join(root, 'x');
    await mkdir(extracted);
    execFileSync('sh', ['-c', `age -d -i key.txt package.tar.age | tar -x -C x`], { cwd: root });
    expect(await readFile(join(extracted, 'report.xml'), 'utf8')).toBe('<report>secret-marker</report>');
    expect((await stat(join(extracted, 'files/big.bin'))).size).toBe(200_000);
  });

  it('removes the staging folder of an export cut off by a crash at the next unlock, and never follows a link', async () => {
    const { root, vault } = await createTestVault(tempDir);
    const staging = await openExportStaging(vault.db, 'report-package', join(root, 'cut'));
    await writeFile(join(staging.staging, 'plaintext.jpg'), 'stand-in');
    const outside = join(root, 'outside');
    await mkdir(outside);
    await writeFile(join(outside, 'keep.txt'), 'keep');
    await symlink(outside, join(staging.staging, 'link'));
    vault.lock();
    const again = await Vault.unlock(
      join(root, 'vault'),
      { user: 'ana', passphrase: passphrases.ana },
      { stateDir: join(root, 'state') },
    );
    await expect(lstat(staging.staging)).rejects.toThrow();
    expect(await readFile(join(outside, 'keep.txt'), 'utf8')).toBe('keep');
    const interrupted = again.ledger.entriesFor(staging.id);
    expect(interrupted.map((e) => e.action)).toEqual(['export.interrupted']);
    again.lock();
  });
});
