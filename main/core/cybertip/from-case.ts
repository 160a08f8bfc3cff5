// Fills the CyberTipline report model from a case: the case's report sections, and per file the original
// name, the three original hashes, the reviewer's category as industryClassification, annotations, EXIF as
// `details`, and fileViewedByEsp / exifViewedByEsp exactly as the ledger shows them (a person revealed the
// file; a person was shown its EXIF). It reads the vault and never changes it.
import { caseFileEntry, type CaseFile } from '../../../shared/case-file';
import type { FileDetailsDraft, ReportDraft } from '../../../shared/cybertip';
import type { Annotation, Category } from '../../../shared/review';
import { NotFoundError } from '../errors';
import { exifPairs } from '../review/exif';
import type { Vault } from '../vault/vault';

export interface ReportFile {
  itemId: string;
  sha256: string;
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

interface CaseItemRow {
  item_id: string;
  file: string;
  sha256: string;
  sha1: string;
  md5: string;
  display_name: string;
  original_blob: string;
  metadata: string;
  category: Category | null;
  annotations: string | null;
}

function ledgerShows(
  vault: Vault,
  itemId: string,
  action: string,
  detailsFilter?: (details: string) => boolean,
): boolean {
  const rows = vault.db
    .prepare(
      `SELECT CAST(e.leaf AS TEXT) AS leaf FROM ledger_subjects s JOIN ledger_entries e ON e.seq = s.seq
       WHERE s.subject = ? AND e.action = ?`,
    )
    .all(itemId, action) as Array<{ leaf: string }>;
  return detailsFilter ? rows.some((r) => detailsFilter(r.leaf)) : rows.length > 0;
}

export function reportDraftFromCase(vault: Vault, caseId: string): ReportDraftFromCase {
  const row = vault.db.prepare('SELECT title, report FROM cases WHERE id = ?').get(caseId) as
    { title: string; report: string } | undefined;
  if (!row) throw new NotFoundError(`There is no case ${caseId} in this vault.`);
  const report = JSON.parse(row.report) as CaseFile['report'];
  const items = vault.db
    .prepare(
      `SELECT ci.item_id, ci.file, i.sha256, i.sha1, i.md5, i.display_name, i.original_blob, i.metadata, c.category, c.annotations
       FROM case_items ci JOIN items i ON i.id = ci.item_id LEFT JOIN item_categories c ON c.item_id = ci.item_id
       WHERE ci.case_id = ? AND i.shredded_at IS NULL ORDER BY ci.position`,
    )
    .all(caseId) as CaseItemRow[];
  const files = items.map((item): ReportFile => {
    const entry = caseFileEntry.parse(JSON.parse(item.file));
    const rawExif = (JSON.parse(item.metadata) as { exif?: string }).exif;
    const exif = exifPairs(rawExif);
    const annotations = item.annotations ? (JSON.parse(item.annotations) as Annotation[]) : [];
    const category = item.category && item.category !== 'none' ? item.category : undefined;
    const details: FileDetailsDraft = {
      fileName: item.display_name,
      originalFileName: entry.originalFileName ?? item.display_name,
      ...(entry.uploadedToEspTimestamp ? { uploadedToEspTimestamp: entry.uploadedToEspTimestamp } : {}),
      ...(entry.locationOfFile ? { locationOfFile: entry.locationOfFile } : {}),
      fileViewedByEsp: ledgerShows(vault, item.item_id, 'item.reveal'),
      ...(exif.length > 0
        ? {
            exifViewedByEsp: ledgerShows(vault, item.item_id, 'item.view', (leaf) =>
              leaf.includes('"exif":true'),
            ),
          }
        : {}),
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
      ...(exif.length > 0 ? { details: [{ type: 'EXIF' as const, nameValuePair: exif }] } : {}),
      ...(entry.additionalInfo ? { additionalInfo: entry.additionalInfo } : {}),
    };
    return {
      itemId: item.item_id,
      sha256: item.sha256,
      originalBlob: item.original_blob,
      fileName: item.display_name,
      details,
    };
  });
  return { caseId, title: row.title, report, files };
}
