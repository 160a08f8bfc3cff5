// Fills the CyberTipline report model from a case: the case's report sections, and per listed file (two
// files with the same bytes are two entries) its name in the case, the three original hashes, the
// reviewer's category as industryClassification, annotations, EXIF, a video's probed facts and its matches
// as `details`, and fileViewedByEsp / exifViewedByEsp exactly as the ledger shows them (a person revealed
// the file; a person was shown its EXIF). It reads the vault and never changes it.
import { posix } from 'node:path';
import type { FileDetailsDraft, ReportDraft } from '../../../shared/cybertip';
import { decidedFileFacts } from '../decisions';
import type { Vault } from '../identity';
import { caseReport, caseReportFiles } from '../review';
import { videoMatchDetails } from './video-match-details';

export interface ReportFile {
  itemId: string;
  sha256: string;
  size: number;
  originalBlob: string;
  fileName: string;
  details: FileDetailsDraft;
}

export interface ReportDraftFromCase {
  caseId: string;
  title: string;
  report: ReportDraft;
  files: ReportFile[];
}

/** The ledger shows a person revealed the item (fileViewedByEsp). */
function revealed(vault: Vault, itemId: string): boolean {
  return vault.ledger.entriesFor(itemId, 'item.reveal').length > 0;
}

/** The ledger shows a person was shown the item's EXIF (exifViewedByEsp). */
function exifShown(vault: Vault, itemId: string): boolean {
  return vault.ledger.entriesFor(itemId, 'item.view').some((entry) => entry.details.exif === true);
}

export function reportDraftFromCase(vault: Vault, caseId: string): ReportDraftFromCase {
  const { title, report } = caseReport(vault, caseId);
  const files = caseReportFiles(vault, caseId).map((item): ReportFile => {
    const { entry, exif } = item;
    // The decision that stands on the file (four-eyes, resolved) adds its category and annotations.
    const decided = decidedFileFacts(vault, caseId, item.itemId);
    const category = decided.category ?? item.category;
    const annotations = [...new Set([...item.annotations, ...decided.annotations])];
    // The case's own name for this file: two files with the same bytes are one item but two uploads.
    const fileName = posix.basename(entry.path);
    // EXIF, and for a video the known matches found in it (video-match-details.ts).
    const metadata = [
      ...(exif.length > 0 ? [{ type: 'EXIF' as const, nameValuePair: exif }] : []),
      ...(item.video.length > 0 ? [{ nameValuePair: item.video }] : []),
      ...videoMatchDetails(vault, item.itemId),
    ];
    const details: FileDetailsDraft = {
      fileName,
      originalFileName: entry.originalFileName ?? fileName,
      ...(entry.uploadedToEspTimestamp ? { uploadedToEspTimestamp: entry.uploadedToEspTimestamp } : {}),
      ...(entry.locationOfFile ? { locationOfFile: entry.locationOfFile } : {}),
      fileViewedByEsp: revealed(vault, item.itemId),
      ...(exif.length > 0 ? { exifViewedByEsp: exifShown(vault, item.itemId) } : {}),
      ...(entry.publiclyAvailable !== undefined ? { publiclyAvailable: entry.publiclyAvailable } : {}),
      fileRelevance: entry.fileRelevance ?? 'Reported',
      ...(annotations.length > 0
        ? { fileAnnotations: Object.fromEntries(annotations.map((a) => [a, true])) }
        : {}),
      ...(category ? { industryClassification: category } : {}),
      originalFileHash: [
        { hashType: 'MD5', value: item.md5 },
        { hashType: 'SHA1', value: item.sha1 },
        { hashType: 'SHA256', value: item.sha256 },
      ],
      ...(entry.ipCaptureEvent ? { ipCaptureEvent: entry.ipCaptureEvent } : {}),
      ...(entry.deviceId ? { deviceId: entry.deviceId } : {}),
      ...(metadata.length > 0 ? { details: metadata } : {}),
      ...(entry.additionalInfo ? { additionalInfo: entry.additionalInfo } : {}),
    };
    return {
      itemId: item.itemId,
      sha256: item.sha256,
      size: item.size,
      originalBlob: item.originalBlob,
      fileName,
      details,
    };
  });
  return { caseId, title, report, files };
}
