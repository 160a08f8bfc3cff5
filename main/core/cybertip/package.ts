// The signed report package: report.xml, fileDetails/<n>.xml per file, the original files, a manifest of
// every file's SHA-256 in sha256sum format, the organisation's certificate, and a detached CMS signature
// over the manifest. Nothing is written unless the report is complete and report.xml is valid against
// NCMEC's XSD and rules; fileDetails are checked the same way, apart from the reportId and fileId NCMEC
// assigns at upload (they are left out of the package's copies).
import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { InvalidInputError } from '../errors';
import { loadIdentity, requireRole, signDetached, type Vault } from '../identity';
import { readBlob } from '../vault';
import type { Completeness } from './completeness';
import { prepareReport } from './prepare';
import { fileDetailsTree } from './file-details-xml';
import { printXml } from './xml-tree';

/** Who signs: the organisation's certificate and a function making a detached CMS signature. */
export interface PackageSigner {
  certificatePem: string;
  sign(content: Uint8Array): Uint8Array;
}

export interface BuiltPackage {
  dir: string;
  files: string[];
  manifestSha256: string;
  completeness: Completeness;
}

/** A file name safe on every filesystem, keeping the original's extension when it has one. */
function safeName(index: number, name: string): string {
  const cleaned = name
    .replace(/[^A-Za-z0-9._-]+/g, '_')
    .replace(/^\.+/, '')
    .slice(-100);
  return `${String(index + 1).padStart(4, '0')}-${cleaned || 'file'}`;
}

async function writeBlob(vault: Vault, blobId: string, path: string): Promise<string> {
  const hash = createHash('sha256');
  const out = createWriteStream(path, { flags: 'wx', mode: 0o600 });
  for await (const chunk of readBlob(vault, blobId)) {
    hash.update(chunk);
    if (!out.write(chunk)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
  }
  await new Promise<void>((resolve, reject) =>
    out.end((error?: Error | null) => (error ? reject(error) : resolve())),
  );
  return hash.digest('hex');
}

export async function buildReportPackage(
  vault: Vault,
  caseId: string,
  outDir: string,
  signer: PackageSigner,
  now = new Date(),
): Promise<BuiltPackage> {
  requireRole(vault, 'report.export');
  const { draft, completeness, reportXml } = await prepareReport(vault, caseId, now);
  const fileXmls = draft.files.map((file) => printXml(fileDetailsTree(file.details)));
  await mkdir(outDir, { recursive: true });
  if ((await readdir(outDir)).length > 0)
    throw new InvalidInputError(`${outDir} is not empty: choose a new folder for the package.`);
  await mkdir(join(outDir, 'fileDetails'));
  await mkdir(join(outDir, 'files'));
  const manifest: Array<[string, string]> = [];
  const add = async (relative: string, content: string) => {
    await writeFile(join(outDir, relative), content, { mode: 0o600 });
    manifest.push([createHash('sha256').update(content).digest('hex'), relative]);
  };
  await add('report.xml', reportXml);
  for (const [index, xml] of fileXmls.entries()) await add(`fileDetails/${index + 1}.xml`, xml);
  for (const [index, file] of draft.files.entries()) {
    const relative = `files/${safeName(index, file.fileName)}`;
    const sha256 = await writeBlob(vault, file.originalBlob, join(outDir, relative));
    if (sha256 !== file.sha256)
      throw new InvalidInputError(
        `The stored original of item ${file.itemId} no longer matches its SHA-256.`,
      );
    manifest.push([sha256, relative]);
  }
  await add('organisation.pem', signer.certificatePem);
  const manifestText = manifest.map(([hash, path]) => `${hash}  ${path}\n`).join('');
  await writeFile(join(outDir, 'manifest-sha256.txt'), manifestText, { mode: 0o600 });
  await writeFile(join(outDir, 'manifest-sha256.txt.p7s'), signer.sign(Buffer.from(manifestText)), {
    mode: 0o600,
  });
  const manifestSha256 = createHash('sha256').update(manifestText).digest('hex');
  vault.record('report.build', [caseId, ...draft.files.map((f) => f.itemId)], {
    files: draft.files.length,
    manifestSha256,
    referral: completeness.referral.likely,
  });
  return { dir: outDir, files: manifest.map(([, path]) => path), manifestSha256, completeness };
}

/** Writes the case's report package into `destinationDir`, signed with the organisation's identity. */
export async function exportReportPackage(
  vault: Vault,
  caseId: string,
  destinationDir: string,
): Promise<BuiltPackage> {
  requireRole(vault, 'report.export');
  const identity = loadIdentity(vault);
  return buildReportPackage(vault, caseId, destinationDir, {
    certificatePem: identity.certificatePem,
    sign: (content) => signDetached(content, identity),
  });
}

/** The folder a package exported from the workstation gets under its exports root. */
export function packageFolderName(caseId: string, at = new Date()): string {
  return `report-${caseId.slice(0, 8)}-${at.toISOString().replace(/[:.]/g, '-')}`;
}
