// The signed report package: report.xml, fileDetails/<n>.xml per file, the original files, a manifest of
// every file's SHA-256 in sha256sum format, the organisation's certificate, and a detached CMS signature
// over the manifest. Nothing is written unless the report is complete and report.xml is valid against
// NCMEC's XSD and rules; fileDetails are checked the same way, apart from the reportId and fileId NCMEC
// assigns at upload (they are left out of the package's copies). It is written through a staged export,
// so a failure or a crash leaves no file of it behind; it can be age-encrypted into one .tar.age instead.
import { createHash } from 'node:crypto';
import { InvalidInputError } from '../errors';
import { stagedExport, type AgeRecipients } from '../exports';
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

export interface PackageOptions {
  /** Encrypt the package to these age recipients as one `.tar.age` file instead of a folder. */
  encryptTo?: AgeRecipients;
  now?: Date;
}

export interface BuiltPackage {
  /** Where the package is: its folder, or its `.tar.age` file when encrypted. */
  dir: string;
  encrypted: boolean;
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

/** The blob's plaintext, hashed on its way out. */
async function* hashed(chunks: AsyncIterable<Uint8Array>, hash: ReturnType<typeof createHash>) {
  for await (const chunk of chunks) {
    hash.update(chunk);
    yield chunk;
  }
}

export async function buildReportPackage(
  vault: Vault,
  caseId: string,
  destination: string,
  signer: PackageSigner,
  options: PackageOptions = {},
): Promise<BuiltPackage> {
  requireRole(vault, 'report.export');
  const { draft, completeness, reportXml } = await prepareReport(vault, caseId, options.now);
  const fileXmls = draft.files.map((file) => printXml(fileDetailsTree(file.details)));
  const subjects = [caseId, ...new Set(draft.files.map((f) => f.itemId))];
  const { result, path, encrypted } = await stagedExport(
    vault,
    {
      kind: 'report-package',
      destination,
      subjects,
      details: { files: draft.files.length },
      ...(options.encryptTo ? { encryptTo: options.encryptTo } : {}),
    },
    async (sink) => {
      const manifest: Array<[string, string]> = [];
      const add = async (relative: string, content: string) => {
        await sink.add(relative, content);
        manifest.push([createHash('sha256').update(content).digest('hex'), relative]);
      };
      await add('report.xml', reportXml);
      for (const [index, xml] of fileXmls.entries()) await add(`fileDetails/${index + 1}.xml`, xml);
      for (const [index, file] of draft.files.entries()) {
        const relative = `files/${safeName(index, file.fileName)}`;
        const hash = createHash('sha256');
        await sink.addStream(relative, file.size, hashed(readBlob(vault, file.originalBlob), hash));
        const sha256 = hash.digest('hex');
        if (sha256 !== file.sha256)
          throw new InvalidInputError(
            `The stored original of item ${file.itemId} no longer matches its SHA-256.`,
          );
        manifest.push([sha256, relative]);
      }
      await add('organisation.pem', signer.certificatePem);
      const manifestText = manifest.map(([hash, relative]) => `${hash}  ${relative}\n`).join('');
      await sink.add('manifest-sha256.txt', manifestText);
      await sink.add('manifest-sha256.txt.p7s', signer.sign(Buffer.from(manifestText)));
      return {
        files: manifest.map(([, relative]) => relative),
        manifestSha256: createHash('sha256').update(manifestText).digest('hex'),
      };
    },
  );
  vault.record('report.build', subjects, {
    files: draft.files.length,
    manifestSha256: result.manifestSha256,
    referral: completeness.referral.likely,
    encrypted,
  });
  return { dir: path, encrypted, ...result, completeness };
}

/** Writes the case's report package to `destination`, signed with the organisation's identity. */
export async function exportReportPackage(
  vault: Vault,
  caseId: string,
  destination: string,
  options: PackageOptions = {},
): Promise<BuiltPackage> {
  requireRole(vault, 'report.export');
  const identity = loadIdentity(vault);
  return buildReportPackage(
    vault,
    caseId,
    destination,
    {
      certificatePem: identity.certificatePem,
      sign: (content) => signDetached(content, identity),
    },
    options,
  );
}

/** The folder a package exported from the workstation gets under its exports root. */
export function packageFolderName(caseId: string, at = new Date()): string {
  return `report-${caseId.slice(0, 8)}-${at.toISOString().replace(/[:.]/g, '-')}`;
}
