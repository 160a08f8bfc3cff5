// `custody preserve verify`: checks a preservation package folder with no vault. The CMS signature over the
// tag manifest first, then the timestamp, then the bag (every tag file and payload file against its
// manifests), then the ledger folder and its inclusion proofs. The first failure names its file.
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { CustodyError, TamperDetectedError } from '../errors';
import { describeCertificate, verifyDetached, type VerifiedSignature } from '../identity';
import { verifyLedgerExport } from '../ledger';
import { BagInvalidError, validateBag, type BagReport } from './bagit';
import { SIGNATURE, TAG_MANIFEST, TIMESTAMP, TIMESTAMP_QUERY } from './package';
import { verifyTimestamp, type VerifiedTimestamp } from './timestamp';

/** A package that does not verify: `file` is the first file at fault. */
export class PackageInvalidError extends TamperDetectedError {
  constructor(
    readonly file: string,
    detail: string,
  ) {
    super(`${file}: ${detail}`);
  }
}

export interface PackageVerification {
  bag: Pick<BagReport, 'version' | 'algorithms' | 'payloadFiles' | 'payloadBytes'>;
  externalIdentifier: string | null;
  signature: { signer: string; fingerprint: string; signedAt: string };
  timestamp: (VerifiedTimestamp & { state: 'stamped' }) | { state: 'pending' | 'none' };
  ledger: { entries: number; origin: string; rootHex: string; caseEntries: number };
}

const caseEntries = z.object({
  caseId: z.string(),
  entries: z.array(z.number().int().min(0)),
  ledgerSize: z.number(),
});

export async function verifyPackage(dir: string): Promise<PackageVerification> {
  const tagManifest = await part(dir, TAG_MANIFEST);
  const signature = await checkSignature(dir, tagManifest);
  const timestamp = await checkTimestamp(dir, tagManifest);
  let bag: BagReport;
  try {
    bag = await validateBag(dir);
  } catch (error) {
    if (error instanceof BagInvalidError)
      throw new PackageInvalidError(error.file, error.message.slice(error.file.length + 2));
    throw error;
  }
  for (const required of [
    'bag-info.txt',
    'manifest-sha512.txt',
    'manifest-sha256.txt',
    'VERIFY.txt',
    'organisation.pem',
  ])
    if (!bag.tagFiles.includes(required))
      throw new PackageInvalidError(TAG_MANIFEST, `does not list ${required}, which every package has`);
  if (!bag.algorithms.includes('sha512')) throw new PackageInvalidError('manifest-sha512.txt', 'is missing');
  const ledgerDir = join(dir, 'data', 'ledger');
  let ledger;
  try {
    ledger = await verifyLedgerExport(ledgerDir);
  } catch (error) {
    throw new PackageInvalidError('data/ledger', error instanceof Error ? error.message : String(error));
  }
  let listed;
  try {
    listed = caseEntries.parse(
      JSON.parse((await part(dir, 'data/ledger/case-entries.json')).toString('utf8')),
    );
  } catch (error) {
    if (error instanceof PackageInvalidError) throw error;
    throw new PackageInvalidError('data/ledger/case-entries.json', 'is not the list of the case’s entries');
  }
  if (listed.ledgerSize !== ledger.entries || listed.entries.some((seq) => seq >= ledger.entries))
    throw new PackageInvalidError(
      'data/ledger/case-entries.json',
      'names entries the ledger export does not hold',
    );
  return {
    bag: {
      version: bag.version,
      algorithms: bag.algorithms,
      payloadFiles: bag.payloadFiles,
      payloadBytes: bag.payloadBytes,
    },
    externalIdentifier: bag.info.find(([label]) => label === 'External-Identifier')?.[1] ?? null,
    signature,
    timestamp,
    ledger: {
      entries: ledger.entries,
      origin: ledger.origin,
      rootHex: ledger.rootHex,
      caseEntries: listed.entries.length,
    },
  };
}

/**
 * The signature over the tag manifest: first on its own (the tag manifest is what it signed), then
 * organisation.pem against the signed tag manifest, then the signer against organisation.pem; so a changed
 * byte is blamed on the file that holds it.
 */
async function checkSignature(dir: string, tagManifest: Buffer): Promise<PackageVerification['signature']> {
  const signature = await part(dir, SIGNATURE);
  const certificate = await part(dir, 'organisation.pem');
  try {
    verifyDetached(tagManifest, signature);
  } catch (error) {
    const failure = (error as { failure?: string }).failure;
    throw new PackageInvalidError(failure === 'content-mismatch' ? TAG_MANIFEST : SIGNATURE, message(error));
  }
  const listed = tagManifest
    .toString('utf8')
    .split('\n')
    .find((line) => line.endsWith('  organisation.pem'))
    ?.slice(0, 128);
  if (listed !== createHash('sha512').update(certificate).digest('hex'))
    throw new PackageInvalidError(
      'organisation.pem',
      'does not match its SHA-512 in the signed tag manifest',
    );
  let verified: VerifiedSignature;
  try {
    verified = verifyDetached(tagManifest, signature, {
      trustedCertificatePem: certificate.toString('utf8'),
    });
  } catch (error) {
    throw new PackageInvalidError(SIGNATURE, message(error));
  }
  return {
    signer: verified.signer.subject,
    fingerprint: describeCertificate(certificate.toString('utf8')).sha256Fingerprint,
    signedAt: verified.signedAt.toISOString(),
  };
}

function message(error: unknown): string {
  return error instanceof CustodyError ? error.message : String(error);
}

async function checkTimestamp(dir: string, tagManifest: Buffer): Promise<PackageVerification['timestamp']> {
  const tsr = await optional(dir, TIMESTAMP);
  const tsq = await optional(dir, TIMESTAMP_QUERY);
  if (!tsr) return { state: tsq ? 'pending' : 'none' };
  try {
    return { state: 'stamped', ...(await verifyTimestamp(tagManifest, tsr, tsq ?? undefined)) };
  } catch (error) {
    throw new PackageInvalidError(TIMESTAMP, error instanceof Error ? error.message : String(error));
  }
}

async function part(dir: string, name: string): Promise<Buffer> {
  try {
    return await readFile(join(dir, name));
  } catch {
    throw new PackageInvalidError(name, 'is missing: this is not a complete preservation package');
  }
}

async function optional(dir: string, name: string): Promise<Buffer | null> {
  return readFile(join(dir, name)).catch(() => null);
}
