// A preservation package of one case: a BagIt 1.0 bag of its originals, their metadata, the report as sent
// and NCMEC's answers, and the whole ledger in `custody log export` form (the case's entries among them,
// each with its inclusion proof); the tag manifest signed (detached CMS, the organisation's identity) and
// timestamped (RFC 3161) beside it. Written through stagedExport, so a package appears only when complete.
import { createHash, randomUUID, X509Certificate } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { caseSubmissionRecord, type SubmissionRecord } from '../cybertip';
import { InvalidInputError, TamperDetectedError } from '../errors';
import { stagedExport, type AgeRecipients } from '../exports';
import { loadIdentity, requireRole, signDetached, storedKeys, type Vault } from '../identity';
import { ledgerExportFiles } from '../ledger';
import { caseReport, caseReportFiles, itemDetail } from '../review';
import { readBlob } from '../vault';
import { BagWriter } from './bag-writer';
import { recordPackage } from './packages';
import { requestTimestamp, timestampRequest, verifyTimestamp } from './timestamp';
import { verifyText } from './verify-text';

export const TAG_MANIFEST = 'tagmanifest-sha512.txt';
export const SIGNATURE = `${TAG_MANIFEST}.p7s`;
export const TIMESTAMP = `${TAG_MANIFEST}.tsr`;
export const TIMESTAMP_QUERY = `${TAG_MANIFEST}.tsq`;

export interface PackageProgress {
  phase: 'originals' | 'metadata' | 'ledger' | 'signing' | 'timestamp' | 'done';
  bytes: number;
  totalBytes: number;
}

export interface PreservationRequest {
  caseId: string;
  /** A new folder, or the `.tar.age` file when `encryptTo` is given. */
  destination: string;
  /** Who the package is for (an agency, counsel), recorded in the ledger and in bag-info.txt. */
  recipient?: string | undefined;
  /** Contact-Email in bag-info.txt; the organisation certificate's email when omitted. */
  contactEmail?: string | undefined;
  /** A TSA to timestamp the tag manifest now. */
  tsaUrl?: string | undefined;
  /** For an offline workstation: write the timestamp query here too, to take to a TSA. */
  tsqOut?: string | undefined;
  encryptTo?: AgeRecipients | undefined;
  onProgress?: (progress: PackageProgress) => void;
}

export interface PreservationResult {
  id: string;
  path: string;
  encrypted: boolean;
  files: number;
  bytes: number;
  tagManifestSha512: string;
  externalIdentifier: string | null;
  timestamp: 'stamped' | 'pending' | 'none';
  timestampedAt: string | null;
}

/** Builds the case's preservation package; counsel and admins only. */
export async function preserveCase(vault: Vault, request: PreservationRequest): Promise<PreservationResult> {
  requireRole(vault, 'preservation.export');
  if (request.tsaUrl && request.tsqOut)
    throw new InvalidInputError(
      'Use either a TSA (--tsa URL) or an offline query (--tsq-out FILE), not both.',
    );
  const identity = loadIdentity(vault);
  const { title, report } = caseReport(vault, request.caseId);
  const files = caseReportFiles(vault, request.caseId);
  if (files.length === 0)
    throw new InvalidInputError(
      `Case ${request.caseId} has no evidence left to preserve: every item is shredded.`,
    );
  const details = files.map((f) => itemDetail(vault, f.itemId, false));
  const submission = caseSubmissionRecord(vault, request.caseId);
  const externalIdentifier = submission?.reportId ? String(submission.reportId) : null;
  const certificate = new X509Certificate(identity.certificatePem);
  const organisation = field(certificate.subject, 'O') ?? field(certificate.subject, 'CN') ?? 'unknown';
  const email =
    request.contactEmail ??
    field(certificate.subject, 'emailAddress') ??
    /(?:^|, )email:([^,\s]+)/.exec(certificate.subjectAltName ?? '')?.[1];
  const totalBytes = details.reduce((sum, d) => sum + d.size, 0);
  let bytes = 0;
  const progress = (phase: PackageProgress['phase']) => request.onProgress?.({ phase, bytes, totalBytes });
  const id = randomUUID();
  const baggingDate = new Date().toISOString().slice(0, 10);

  const outcome = await stagedExport(
    vault,
    {
      kind: 'preservation-package',
      destination: request.destination,
      subjects: [id, request.caseId, ...files.map((f) => f.itemId)],
      details: { recipient: request.recipient ?? null, tsa: request.tsaUrl ?? null },
      ...(request.encryptTo ? { encryptTo: request.encryptTo } : {}),
    },
    async (sink) => {
      vault.record('preservation.package', [id, request.caseId], {
        step: 'started',
        recipient: request.recipient ?? null,
        items: files.length,
        reportId: externalIdentifier,
      });
      const bag = new BagWriter(sink, (n) => {
        bytes += n;
        progress('originals');
      });
      const originals: Array<{ itemId: string; path: string }> = [];
      for (const [index, file] of files.entries()) {
        const detail = details[index] as (typeof details)[number];
        const path = `originals/${safeName(index, detail.fileName)}`;
        const written = await bag.addPayloadStream(path, detail.size, readBlob(vault, file.originalBlob));
        if (written.sha256 !== file.sha256)
          throw new TamperDetectedError(
            `The stored original of item ${file.itemId} no longer matches its SHA-256.`,
          );
        originals.push({ itemId: file.itemId, path: `data/${path}` });
      }
      progress('metadata');
      for (const [index, file] of files.entries()) {
        const detail = details[index] as (typeof details)[number];
        await bag.addPayload(
          `metadata/items/${file.itemId}.json`,
          json({
            itemId: file.itemId,
            original: originals[index]?.path,
            fileName: detail.fileName,
            mime: detail.mime,
            size: detail.size,
            hashes: { sha256: file.sha256, sha1: file.sha1, md5: file.md5, pdq: detail.pdq },
            exif: detail.exif,
            metadata: detail.metadata,
            sources: detail.sources,
            matches: detail.matches,
            categorisation: { category: file.category, annotations: file.annotations },
            caseFileEntry: file.entry,
          }),
        );
      }
      await bag.addPayload('metadata/case.json', json({ caseId: request.caseId, title, report, originals }));
      if (submission) await addSubmission(bag, submission);
      progress('ledger');
      const caseEntries = vault.ledger.seqsForSubject(request.caseId);
      const { files: ledgerFiles, summary } = ledgerExportFiles(vault.ledger, storedKeys(vault.db));
      for (const [name, content] of ledgerFiles) await bag.addPayload(`ledger/${name}`, content);
      await bag.addPayload(
        'ledger/case-entries.json',
        json({ caseId: request.caseId, entries: caseEntries, ledgerSize: summary.entries }),
      );
      await bag.addTag('VERIFY.txt', verifyText({ caseId: request.caseId, externalIdentifier }));
      await bag.addTag('organisation.pem', [identity.certificatePem, ...identity.chainPem].join('\n'));
      progress('signing');
      const tagManifest = await bag.finish(
        [
          ['Source-Organization', organisation],
          ['Contact-Name', vault.user.name],
          ...(email ? ([['Contact-Email', email]] as Array<[string, string]>) : []),
          ['External-Identifier', externalIdentifier ?? `custody-case-${request.caseId}`],
          [
            'External-Description',
            `Preservation package of case "${title}" (${request.caseId}): ${files.length} original(s), their ` +
              'metadata, the CyberTipline report and NCMEC answers, and the signed ledger with inclusion proofs.' +
              (request.recipient ? ` Prepared for ${request.recipient}.` : ''),
          ],
          ['Internal-Sender-Identifier', id],
          ['Bag-Software-Agent', 'Custody'],
        ],
        baggingDate,
      );
      await sink.add(SIGNATURE, signDetached(tagManifest, identity));
      progress('timestamp');
      const query = timestampRequest(tagManifest);
      let timestamp: PreservationResult['timestamp'] = 'none';
      let timestampedAt: string | null = null;
      if (request.tsaUrl) {
        const tsr = await requestTimestamp(request.tsaUrl, query);
        timestampedAt = (await verifyTimestamp(tagManifest, tsr, query)).genTime;
        await sink.add(TIMESTAMP, tsr);
        timestamp = 'stamped';
      } else if (request.tsqOut) {
        await sink.add(TIMESTAMP_QUERY, query);
        await writeFile(request.tsqOut, query, { flag: 'wx', mode: 0o600 });
        timestamp = 'pending';
      }
      return { tagManifest, timestamp, timestampedAt, files: bag.payloadFiles, bytes: bag.payloadBytes };
    },
  );
  const result: PreservationResult = {
    id,
    path: outcome.path,
    encrypted: outcome.encrypted,
    files: outcome.result.files,
    bytes: outcome.result.bytes,
    tagManifestSha512: sha512Hex(outcome.result.tagManifest),
    externalIdentifier,
    timestamp: outcome.result.timestamp,
    timestampedAt: outcome.result.timestampedAt,
  };
  recordPackage(vault, result, request);
  progress('done');
  return result;
}

async function addSubmission(bag: BagWriter, submission: SubmissionRecord): Promise<void> {
  await bag.addPayload('report/report.xml', submission.reportXml);
  for (const file of submission.files)
    if (file.detailsXml) await bag.addPayload(`report/fileDetails/${file.position + 1}.xml`, file.detailsXml);
  await bag.addPayload(
    'report/ncmec-answers.json',
    json({
      submissionId: submission.submissionId,
      state: submission.state,
      endpoint: submission.endpoint,
      reportId: submission.reportId,
      openedAt: submission.openedAt,
      finishedAt: submission.finishedAt,
      files: submission.files.map((f) => ({
        position: f.position,
        itemId: f.itemId,
        fileName: f.fileName,
        fileId: f.fileId,
        md5: f.md5,
        ncmecMd5: f.ncmecMd5,
      })),
    }),
  );
  if (submission.receipt) await bag.addPayload('report/receipt.json', submission.receipt);
  if (submission.receiptSignature)
    await bag.addPayload('report/receipt.json.p7s', submission.receiptSignature);
}

function json(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

function field(subject: string, name: string): string | undefined {
  return subject
    .split('\n')
    .find((line) => line.startsWith(`${name}=`))
    ?.slice(name.length + 1);
}

/** A file name safe on every filesystem, keeping the original's extension, numbered in case order. */
function safeName(index: number, name: string): string {
  const cleaned = name
    .replace(/[^A-Za-z0-9._-]+/g, '_')
    .replace(/^\.+/, '')
    .slice(-100);
  return `${String(index + 1).padStart(4, '0')}-${cleaned || 'file'}`;
}

function sha512Hex(bytes: Uint8Array): string {
  return createHash('sha512').update(bytes).digest('hex');
}
