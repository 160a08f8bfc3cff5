// The preservation package of the example case, checked the way a recipient checks it: our own BagIt
// validator, sha512sum, openssl cms and certtool over the tag manifest's signature, openssl ts over the
// timestamp from a local TSA, docs/verify-ledger-export.sh over the ledger folder, age -d over the
// encrypted form; and `verifyPackage` refusing a flipped byte in every file, naming it.
import { spawnSync } from 'node:child_process';
import { mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseEntry } from '../../main/core/ledger/entry';
import {
  attachTimestamp,
  listPackages,
  PackageInvalidError,
  preserveCase,
  validateBag,
  verifyPackage,
} from '../../main/core/preservation';
import { opensslCmsVerify } from '../support/package';
import { reportedExampleVault } from '../support/preservation';
import { startLocalTsa, type LocalTsa } from '../support/tsa';
import { useTempDirs } from '../support/temp';
import { requireTool } from '../support/tools';

const tempDir = useTempDirs();
const tsas: LocalTsa[] = [];
afterEach(async () => {
  await Promise.all(tsas.splice(0).map((t) => t.close()));
});

async function tsa(): Promise<LocalTsa> {
  const started = await startLocalTsa();
  tsas.push(started);
  return started;
}

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile())
    .map((e) => relative(dir, join(e.parentPath, e.name)))
    .sort();
}

describe('preservation package', () => {
  it('is a signed, timestamped BagIt bag that standard tools verify, and names any flipped byte', async () => {
    const { root, vault, caseId } = await reportedExampleVault(tempDir);
    const authority = await tsa();
    const out = join(root, 'package');
    const phases = new Set<string>();
    const result = await preserveCase(vault, {
      caseId,
      destination: out,
      recipient: 'Example Police Service',
      tsaUrl: authority.url,
      onProgress: (p) => phases.add(p.phase),
    });
    expect(result).toMatchObject({ timestamp: 'stamped', encrypted: false, path: out });
    expect([...phases]).toEqual(['originals', 'metadata', 'ledger', 'signing', 'timestamp', 'done']);

    const bag = await validateBag(out);
    expect(bag.version).toBe('1.0');
    const info = new Map(bag.info);
    for (const label of [
      'Source-Organization',
      'Contact-Name',
      'Contact-Email',
      'External-Identifier',
      'Bagging-Date',
      'Payload-Oxum',
      'Bag-Size',
      'External-Description',
    ])
      expect(info.get(label), label).toBeTruthy();
    expect(info.get('External-Identifier')).toBe(result.externalIdentifier);
    expect(info.get('Source-Organization')).toBe('Example Trust & Safety');
    expect(info.get('Contact-Email')).toBe('counsel@example.org');
    const files = await filesUnder(out);
    expect(files).toEqual(
      expect.arrayContaining([
        'VERIFY.txt',
        'data/report/report.xml',
        'data/report/receipt.json',
        'data/report/receipt.json.p7s',
        'data/report/ncmec-answers.json',
        'data/report/fileDetails/1.xml',
        'data/ledger/entries.jsonl',
        'data/ledger/checkpoint',
        'data/ledger/proofs.json',
        'data/ledger/keys.txt',
        'data/metadata/case.json',
        'tagmanifest-sha512.txt.p7s',
        'tagmanifest-sha512.txt.tsr',
      ]),
    );
    expect(files.filter((f) => f.startsWith('data/originals/'))).toHaveLength(4);
    const metadata = JSON.parse(
      await readFile(join(out, files.find((f) => f.startsWith('data/metadata/items/')) as string), 'utf8'),
    ) as { hashes: { sha256: string }; sources: unknown[] };
    expect(metadata.hashes.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(metadata.sources.length).toBeGreaterThan(0);

    for (const [tool, manifest] of [
      ['sha512sum', 'tagmanifest-sha512.txt'],
      ['sha512sum', 'manifest-sha512.txt'],
      ['sha256sum', 'manifest-sha256.txt'],
    ] as const) {
      const checked = spawnSync(tool, ['--strict', '-c', manifest], { cwd: out, encoding: 'utf8' });
      expect(checked.status, checked.stderr).toBe(0);
    }
    const cms = opensslCmsVerify({
      signature: 'tagmanifest-sha512.txt.p7s',
      content: 'tagmanifest-sha512.txt',
      ca: 'organisation.pem',
      cwd: out,
    });
    expect(cms.status, cms.output).toBe(0);
    const certtool = spawnSync(
      requireTool('certtool'),
      [
        '--p7-verify',
        '--inder',
        '--infile',
        'tagmanifest-sha512.txt.p7s',
        '--load-data',
        'tagmanifest-sha512.txt',
        '--load-ca-certificate',
        'organisation.pem',
      ],
      { cwd: out, encoding: 'utf8' },
    );
    expect(certtool.status, certtool.stderr + certtool.stdout).toBe(0);
    const ts = spawnSync(
      requireTool('openssl'),
      [
        'ts',
        '-verify',
        '-in',
        'tagmanifest-sha512.txt.tsr',
        '-data',
        'tagmanifest-sha512.txt',
        '-CAfile',
        authority.caFile,
      ],
      { cwd: out, encoding: 'utf8' },
    );
    expect(ts.status, ts.stdout + ts.stderr).toBe(0);
    expect(ts.stdout).toMatch(/Verification: OK/);
    const ledger = spawnSync('bash', ['docs/verify-ledger-export.sh', join(out, 'data', 'ledger')], {
      encoding: 'utf8',
    });
    expect(ledger.status, ledger.stdout + ledger.stderr).toBe(0);

    const verified = await verifyPackage(out);
    expect(verified.timestamp.state).toBe('stamped');
    expect(verified.externalIdentifier).toBe(result.externalIdentifier);
    expect(verified.ledger.caseEntries).toBeGreaterThan(5);

    const delivered = listPackages(vault);
    expect(delivered[0]).toMatchObject({
      id: result.id,
      recipient: 'Example Police Service',
      timestamp: 'stamped',
    });
    const entries = vault.ledger.leaves(0, vault.ledger.size).map((l) => parseEntry(l));
    const recorded = entries.filter((e) => e.action === 'preservation.package');
    expect(recorded.map((e) => e.details.step)).toEqual(['started', 'delivered']);
    expect(recorded[1]?.details.tagManifestSha512).toBe(result.tagManifestSha512);
    vault.lock();

    for (const file of files) {
      const path = join(out, file);
      const original = await readFile(path);
      if (original.length === 0) continue;
      const flipped = Buffer.from(original);
      const at = Math.floor(original.length / 2);
      flipped[at] = (flipped[at] as number) ^ 0x01;
      await writeFile(path, flipped);
      const failure = await verifyPackage(out).then(
        () => null,
        (error: unknown) => error,
      );
      await writeFile(path, original);
      expect(failure, file).toBeInstanceOf(PackageInvalidError);
      const blamed = (failure as PackageInvalidError).file;
      expect(blamed, file).toBe(file);
    }
    await expect(verifyPackage(out)).resolves.toBeTruthy();
  }, 300_000);

  it('writes a .tsq offline and takes the TSA answer back later with preserve timestamp', async () => {
    const { root, vault, caseId } = await reportedExampleVault(tempDir);
    const authority = await tsa();
    const out = join(root, 'offline');
    const tsq = join(root, 'request.tsq');
    const result = await preserveCase(vault, { caseId, destination: out, tsqOut: tsq });
    expect(result.timestamp).toBe('pending');
    expect((await verifyPackage(out)).timestamp.state).toBe('pending');
    const tsr = join(root, 'answer.tsr');
    authority.reply(tsq, tsr);
    const stamped = await attachTimestamp(vault, out, tsr);
    expect(stamped.tsa).toMatch(/Custody Test TSA/);
    expect((await verifyPackage(out)).timestamp.state).toBe('stamped');
    expect(listPackages(vault)[0]?.timestamp).toBe('stamped');
    await expect(attachTimestamp(vault, out, tsr)).rejects.toThrow(/already timestamped/);
    vault.lock();
  });

  it('encrypts to an age recipient as one .tar.age that age -d opens into a valid bag', async () => {
    const { root, vault, caseId } = await reportedExampleVault(tempDir);
    const age = requireTool('age');
    const keygen = spawnSync(`${age}-keygen`, ['-o', join(root, 'key.txt')], { encoding: 'utf8' });
    expect(keygen.status, keygen.stderr).toBe(0);
    const recipient = /age1[0-9a-z]{58}/.exec(await readFile(join(root, 'key.txt'), 'utf8'))?.[0] as string;
    const destination = join(root, 'package.tar.age');
    const result = await preserveCase(vault, { caseId, destination, encryptTo: { recipients: [recipient] } });
    expect(result.encrypted).toBe(true);
    expect((await stat(destination)).isFile()).toBe(true);
    const opened = join(root, 'opened');
    await mkdir(opened);
    const decrypted = spawnSync('bash', ['-c', `"${age}" -d -i key.txt package.tar.age | tar -x -C opened`], {
      cwd: root,
      encoding: 'utf8',
    });
    expect(decrypted.status, decrypted.stderr).toBe(0);
    await expect(verifyPackage(opened)).resolves.toMatchObject({ timestamp: { state: 'none' } });
    vault.lock();
  });
});
