// Report packages and ledger exports leave nothing behind (security review, findings 7 and 16): a package
// whose build fails half-way leaves no file and a recorded failed attempt; packages and ledger exports are
// owner-only; either can be age-encrypted into one .tar.age that Debian's `age -d` opens.
import { execFileSync } from 'node:child_process';
import { mkdir, open, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { generateIdentity, identityToRecipient } from 'age-encryption';
import { describe, expect, it } from 'vitest';
import { exportReportPackage } from '../../main/core/cybertip';
import { exportLedger, installIdentity, type Vault } from '../../main/core/identity';
import { generateSelfSignedIdentity } from '../../main/core/identity/organisation';
import { importCase } from '../../main/core/media';
import { writeExampleCase } from '../../main/core/review/case-example';
import { blobPath } from '../../main/core/vault/blobs';
import { createTestVault, passphrases, useTempDirs } from '../support/temp';
import { runCli } from '../support/cli';
import { requireTool } from '../support/tools';

const tempDir = useTempDirs();

async function exampleCase() {
  const { root, vault } = await createTestVault(tempDir);
  installIdentity(
    vault,
    await generateSelfSignedIdentity({ commonName: 'Example report signing', organisation: 'Example' }),
    'self-signed',
  );
  const imported = await importCase(vault, await writeExampleCase(join(root, 'case')));
  const out = join(root, 'out');
  await mkdir(out);
  return { root, vault, out, imported };
}

/** Every path under `dir` with its permission bits, folders first. */
async function modes(dir: string): Promise<Array<[string, number, 'dir' | 'file']>> {
  const found: Array<[string, number, 'dir' | 'file']> = [];
  const walk = async (at: string) => {
    const info = await stat(at);
    found.push([relative(dir, at) || '.', info.mode & 0o777, info.isDirectory() ? 'dir' : 'file']);
    if (info.isDirectory()) for (const name of await readdir(at)) await walk(join(at, name));
  };
  await walk(dir);
  return found;
}

function exportActions(vault: Vault, subject: string) {
  return vault.ledger
    .entriesFor(subject)
    .filter((e) => e.action.startsWith('export.') || e.action === 'report.build');
}

async function ageKey(root: string) {
  const identity = await generateIdentity();
  const keyFile = join(root, 'age-key.txt');
  await writeFile(keyFile, `${identity}\n`, { mode: 0o600 });
  return { recipient: await identityToRecipient(identity), keyFile };
}

/** Decrypts with Debian's age and unpacks with tar into a new folder. */
function ageUnpack(file: string, keyFile: string, into: string): void {
  execFileSync('sh', ['-c', `"$AGE" -d -i "$KEY" "$FILE" | tar -x -C "$INTO"`], {
    env: { ...process.env, AGE: requireTool('age'), KEY: keyFile, FILE: file, INTO: into },
  });
}

describe('report package export', () => {
  it('leaves no file behind and records the failed attempt when a blob is damaged half-way', async () => {
    const { vault, out, imported } = await exampleCase();
    const second = imported.items[1]?.itemId as string;
    const { original_blob: blob } = vault.db
      .prepare('SELECT original_blob FROM items WHERE id = ?')
      .get(second) as { original_blob: string };
    const file = await open(blobPath(vault.layout, blob), 'r+');
    const byte = Buffer.alloc(1);
    await file.read(byte, 0, 1, 200);
    byte[0] = (byte[0] ?? 0) ^ 0x01;
    await file.write(byte, 0, 1, 200);
    await file.close();

    await expect(exportReportPackage(vault, imported.caseId, join(out, 'package'))).rejects.toThrow(
      /damaged or truncated/,
    );
    expect(await readdir(out)).toEqual([]);
    const attempts = exportActions(vault, imported.caseId);
    expect(attempts.map((e) => e.action)).toEqual(['export.start', 'export.finish']);
    expect(attempts[1]?.details).toMatchObject({ outcome: 'failed', kind: 'report-package' });
    vault.lock();
  });

  it('is owner-only (folders 0700, files 0600) and its manifest still checks with sha256sum', async () => {
    const { vault, out, imported } = await exampleCase();
    const built = await exportReportPackage(vault, imported.caseId, join(out, 'package'));
    expect(built.dir).toBe(join(out, 'package'));
    expect(await readdir(out)).toEqual(['package']);
    const found = await modes(built.dir);
    expect(found.length).toBeGreaterThan(10);
    for (const [path, mode, kind] of found)
      expect([path, mode]).toEqual([path, kind === 'dir' ? 0o700 : 0o600]);
    expect(
      execFileSync('sha256sum', ['--check', '--strict', 'manifest-sha256.txt'], {
        cwd: built.dir,
        encoding: 'utf8',
      }).split('\n').length,
    ).toBe(11);
    const actions = exportActions(vault, imported.caseId).map((e) => e.action);
    expect(actions).toEqual(['export.start', 'export.finish', 'report.build']);
    vault.lock();
  });

  it('age-encrypts into one .tar.age that age -d opens, with no plaintext written', async () => {
    const { root, vault, out, imported } = await exampleCase();
    const { recipient, keyFile } = await ageKey(root);
    const destination = join(out, 'package.tar.age');
    const built = await exportReportPackage(vault, imported.caseId, destination, {
      encryptTo: { recipients: [recipient] },
    });
    expect(built).toMatchObject({ dir: destination, encrypted: true });
    expect(await readdir(out)).toEqual(['package.tar.age']);
    expect((await stat(destination)).mode & 0o777).toBe(0o600);
    const sealed = await readFile(destination);
    expect(sealed.subarray(0, 21).toString()).toBe('age-encryption.org/v1');
    expect(sealed.includes(Buffer.from('<reportedPerson'))).toBe(false);
    expect(sealed.includes(Buffer.from('example-user-42'))).toBe(false);

    const unpacked = join(root, 'unpacked');
    await mkdir(unpacked);
    ageUnpack(destination, keyFile, unpacked);
    expect((await readdir(unpacked)).sort()).toEqual([
      'fileDetails',
      'files',
      'manifest-sha256.txt',
      'manifest-sha256.txt.p7s',
      'organisation.pem',
      'report.xml',
    ]);
    expect(
      execFileSync('sha256sum', ['--check', '--strict', 'manifest-sha256.txt'], {
        cwd: unpacked,
        encoding: 'utf8',
      }),
    ).toMatch(/report\.xml: OK/);
    expect(exportActions(vault, imported.caseId)[0]?.details).toMatchObject({
      encrypted: true,
      recipients: [recipient],
    });
    vault.lock();
  });
});

describe('ledger export', () => {
  it('is owner-only, and leaves nothing when the destination is refused', async () => {
    const { root, vault } = await createTestVault(tempDir);
    const out = join(root, 'ledger');
    const exported = await exportLedger(vault, out);
    expect(exported.path).toBe(out);
    for (const [path, mode, kind] of await modes(out))
      expect([path, mode]).toEqual([path, kind === 'dir' ? 0o700 : 0o600]);
    expect((await readdir(out)).sort()).toEqual(['checkpoint', 'entries.jsonl', 'keys.txt', 'proofs.json']);
    await expect(exportLedger(vault, out)).rejects.toThrow(/already exists/);
    expect((await readdir(root)).filter((n) => n.startsWith('.custody-export'))).toEqual([]);
    vault.lock();
  });

  it('age-encrypts into one .tar.age that age -d opens', async () => {
    const { root, vault } = await createTestVault(tempDir);
    const { recipient, keyFile } = await ageKey(root);
    const destination = join(root, 'ledger.tar.age');
    const exported = await exportLedger(vault, destination, { encryptTo: { recipients: [recipient] } });
    expect(exported).toMatchObject({ path: destination, encrypted: true });
    const unpacked = join(root, 'unpacked');
    await mkdir(unpacked);
    ageUnpack(destination, keyFile, unpacked);
    expect((await readdir(unpacked)).sort()).toEqual([
      'checkpoint',
      'entries.jsonl',
      'keys.txt',
      'proofs.json',
    ]);
    vault.lock();
  });
});

describe('custody log export --encrypt-to', () => {
  it('writes one .tar.age that age -d opens and log verify accepts once unpacked', async () => {
    const { root, vault } = await createTestVault(tempDir);
    vault.lock();
    const { recipient, keyFile } = await ageKey(root);
    const destination = join(root, 'ledger.tar.age');
    const opts = { env: { CUSTODY_STATE_DIR: join(root, 'state') }, passphrase: passphrases.ana };
    const args = ['log', 'export', '--vault', join(root, 'vault'), '--user', 'ana', '--out', destination];
    const exported = await runCli([...args, '--encrypt-to', recipient], opts);
    expect(exported.code, exported.stderr).toBe(0);
    expect(exported.stdout).toMatch(/^Exported \d+ entries encrypted with age to .*ledger\.tar\.age\.$/m);
    const unpacked = join(root, 'unpacked');
    await mkdir(unpacked);
    ageUnpack(destination, keyFile, unpacked);
    expect(await runCli(['log', 'verify', '--export', unpacked])).toMatchObject({ code: 0 });
    const refused = await runCli(
      [...args.slice(0, -1), join(root, 'x.tar.age'), '--encrypt-to', 'age1nope'],
      opts,
    );
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toMatch(/is not an age X25519 recipient/);
    expect(await readdir(root)).not.toContain('x.tar.age');
  });
});
