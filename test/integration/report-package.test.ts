// The signed report package end to end: an example case imported, reviewed and built into a package that
// outside tools verify: sha256sum for the manifest, openssl cms and certtool for the signature, xmllint for
// report.xml.
import { execFileSync, spawnSync } from 'node:child_process';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildReportPackage } from '../../main/core/cybertip/package';
import { ReportNotReadyError } from '../../main/core/cybertip/prepare';
import { signDetached, verifyDetached } from '../../main/core/identity/cms';
import { generateSelfSignedIdentity } from '../../main/core/identity/organisation';
import { installIdentity, loadIdentity } from '../../main/core/identity/store';
import { writeExampleCase } from '../../main/core/review/case-example';
import { importCase } from '../../main/core/media';
import { categorizeItems } from '../../main/core/review/items';
import { ReviewSession } from '../../main/core/review/session';
import { opensslVerifyPackage } from '../support/package';
import { createTestVault, useTempDirs } from '../support/temp';
import { requireTool } from '../support/tools';

const tempDir = useTempDirs();

async function builtPackage() {
  const { root, vault } = await createTestVault(tempDir);
  installIdentity(
    vault,
    await generateSelfSignedIdentity({
      commonName: 'Example Platform report signing',
      organisation: 'Example Platform',
    }),
    'self-signed',
  );
  const imported = await importCase(vault, await writeExampleCase(join(root, 'case')));
  const [first] = imported.items;
  new ReviewSession(vault).reveal(first?.itemId as string, 'categorise');
  categorizeItems(vault, [first?.itemId as string], 'B1', []);
  const identity = loadIdentity(vault);
  const out = join(root, 'package');
  const built = await buildReportPackage(vault, imported.caseId, out, {
    certificatePem: identity.certificatePem,
    sign: (content) => signDetached(content, identity),
  });
  return { root, vault, out, built, caseId: imported.caseId };
}

describe('signed report package', () => {
  it('holds the report, file details, originals, certificate and a manifest every outside tool verifies', async () => {
    const { out, built, vault } = await builtPackage();
    expect((await readdir(out)).sort()).toEqual([
      'fileDetails',
      'files',
      'manifest-sha256.txt',
      'manifest-sha256.txt.p7s',
      'organisation.pem',
      'report.xml',
    ]);
    expect(await readdir(join(out, 'fileDetails'))).toHaveLength(4);
    expect(built.files).toHaveLength(10);
    const fileDetails = await readFile(join(out, 'fileDetails', '1.xml'), 'utf8');
    expect(fileDetails).toContain('<fileViewedByEsp>true</fileViewedByEsp>');
    expect(fileDetails).toContain('<industryClassification>B1</industryClassification>');

    expect(
      execFileSync('sha256sum', ['--check', '--strict', 'manifest-sha256.txt'], {
        cwd: out,
        encoding: 'utf8',
      }),
    ).toMatch(/report\.xml: OK/);
    const cms = opensslVerifyPackage(out);
    expect(cms.status, cms.output).toBe(0);
    expect(cms.output).toMatch(/Verification successful/);
    const certtool = spawnSync(
      requireTool('certtool'),
      [
        '--p7-verify',
        '--inder',
        '--infile',
        'manifest-sha256.txt.p7s',
        '--load-data',
        'manifest-sha256.txt',
        '--load-ca-certificate',
        'organisation.pem',
      ],
      { cwd: out, encoding: 'utf8' },
    );
    expect(certtool.status, certtool.stderr + certtool.stdout).toBe(0);
    const xsd = join(process.cwd(), 'resources', 'ncmec', 'cyber_tipline.xsd');
    expect(
      spawnSync(requireTool('xmllint'), ['--noout', '--schema', xsd, 'report.xml'], { cwd: out }).status,
    ).toBe(0);

    const manifest = await readFile(join(out, 'manifest-sha256.txt'));
    const signature = await readFile(join(out, 'manifest-sha256.txt.p7s'));
    expect(
      verifyDetached(manifest, signature, {
        trustedCertificatePem: await readFile(join(out, 'organisation.pem'), 'utf8'),
      }).signer.subject,
    ).toContain('Example Platform');
    // A changed file no longer matches the manifest, and a changed manifest no longer verifies.
    const report = await readFile(join(out, 'report.xml'));
    await writeFile(join(out, 'report.xml'), Buffer.concat([report, Buffer.from('\n')]));
    const changedFile = spawnSync('sha256sum', ['--check', '--strict', 'manifest-sha256.txt'], {
      cwd: out,
      encoding: 'utf8',
    });
    expect(changedFile.status).not.toBe(0);
    expect(changedFile.stdout).toMatch(/^report\.xml: FAILED$/m);
    await writeFile(join(out, 'manifest-sha256.txt'), Buffer.concat([manifest, Buffer.from('\n')]));
    const tampered = opensslVerifyPackage(out);
    expect(tampered.status).not.toBe(0);
    vault.lock();
  });

  it('refuses to build an incomplete report and names what to fill in', async () => {
    const { root, vault } = await createTestVault(tempDir);
    const path = await writeExampleCase(join(root, 'case'));
    const caseFile = JSON.parse(await readFile(path, 'utf8'));
    delete caseFile.report.reporter;
    await writeFile(path, JSON.stringify(caseFile));
    const imported = await importCase(vault, path);
    const identity = await generateSelfSignedIdentity({ commonName: 'Example', organisation: 'Example' });
    const error = await buildReportPackage(vault, imported.caseId, join(root, 'out'), {
      certificatePem: identity.certificatePem,
      sign: (content) => signDetached(content, identity),
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ReportNotReadyError);
    expect((error as Error).message).toMatch(/reporter/);
    vault.lock();
  });
});
