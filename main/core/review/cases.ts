// Cases: recording a case (its platform's report sections and its files, as items already in the vault)
// with its 24-hour reporting clock, the case list with the clock, overdue cases first, and each case's
// report as the report builder reads and saves it. A case's creation is one signed `case.create` entry.
// Owns the cases, case_items and case_transcripts tables; reading a case file and ingesting its media is media's.
import { createHash, randomUUID } from 'node:crypto';
import { basename } from 'node:path';
import {
  caseFileEntry,
  reportDeadlineHours,
  type CaseFile,
  type CaseFileEntry,
} from '../../../shared/case-file';
import type { CaseSummary } from '../../../shared/cases';
import type { Annotation, Category } from '../../../shared/review';
import { NotFoundError } from '../errors';
import { requireRole, type Vault } from '../identity';
import { canonicalize } from '../ledger';
import { exifPairs, type ExifPair } from './exif';
import { videoFactPairs, type VideoFactPair } from './video-facts';

/**
 * Records a case whose files are already items (`itemIds[n]` is `caseFile.files[n]`, and
 * `transcriptItemIds[n]` is `caseFile.transcripts[n]`), with its deadline 24 hours after detection. Every
 * listed file is kept with its own details, even when two of them have the same bytes (one item). Returns
 * the case id.
 */
export function createCase(
  vault: Vault,
  caseFile: CaseFile,
  itemIds: readonly string[],
  caseFilePath: string,
  transcriptItemIds: readonly string[] = [],
): string {
  requireRole(vault, 'case.import');
  const caseId = randomUUID();
  const now = new Date().toISOString();
  const deadline = new Date(Date.parse(caseFile.detectedAt) + reportDeadlineHours * 3600_000).toISOString();
  vault.db.transaction(() => {
    vault.db
      .prepare(
        `INSERT INTO cases (id, title, external_id, detected_at, deadline_at, report, status, created_at, created_by)
         VALUES (?, ?, ?, ?, ?, ?, 'open', ?, ?)`,
      )
      .run(
        caseId,
        caseFile.title,
        caseFile.externalId ?? null,
        new Date(caseFile.detectedAt).toISOString(),
        deadline,
        JSON.stringify(caseFile.report),
        now,
        vault.user.id,
      );
    const link = vault.db.prepare(
      'INSERT INTO case_items (case_id, item_id, position, file) VALUES (?, ?, ?, ?)',
    );
    caseFile.files.forEach((file, position) => {
      link.run(caseId, itemIds[position], position, JSON.stringify(file));
    });
    const transcript = vault.db.prepare(
      'INSERT INTO case_transcripts (case_id, item_id, position, path) VALUES (?, ?, ?, ?)',
    );
    (caseFile.transcripts ?? []).forEach((entry, position) => {
      transcript.run(caseId, transcriptItemIds[position], position, entry.path);
    });
    vault.record('case.create', [caseId, ...new Set([...itemIds, ...transcriptItemIds])], {
      title: caseFile.title,
      externalId: caseFile.externalId ?? null,
      detectedAt: caseFile.detectedAt,
      deadlineAt: deadline,
      caseFile: basename(caseFilePath),
      files: caseFile.files.length,
      transcripts: transcriptItemIds.length,
    });
  })();
  return caseId;
}

interface CaseRow {
  id: string;
  title: string;
  external_id: string | null;
  detected_at: string;
  deadline_at: string;
  status: CaseSummary['status'];
  items: number;
}

function toSummary(row: CaseRow, now: number): CaseSummary {
  return {
    id: row.id,
    title: row.title,
    externalId: row.external_id,
    detectedAt: row.detected_at,
    deadlineAt: row.deadline_at,
    status: row.status,
    items: row.items,
    remainingMs: Date.parse(row.deadline_at) - now,
  };
}

/** Open cases first, soonest deadline (so overdue ones) first; then the others, newest first. */
export function listCases(vault: Vault, now = Date.now()): CaseSummary[] {
  const rows = vault.db
    .prepare(
      `SELECT c.id, c.title, c.external_id, c.detected_at, c.deadline_at, c.status,
         (SELECT count(*) FROM case_items ci WHERE ci.case_id = c.id) AS items
       FROM cases c ORDER BY c.status != 'open', CASE WHEN c.status = 'open' THEN c.deadline_at END, c.created_at DESC`,
    )
    .all() as CaseRow[];
  return rows.map((row) => toSummary(row, now));
}

/** One file of a case as its report needs it: the case file's entry, the item's facts and its category. */
export interface CaseReportFile {
  itemId: string;
  entry: CaseFileEntry;
  sha256: string;
  sha1: string;
  md5: string;
  size: number;
  originalBlob: string;
  exif: ExifPair[];
  /** A video's probed facts (container, duration, codecs, dimensions…); empty for anything else. */
  video: VideoFactPair[];
  category: Exclude<Category, 'none'> | null;
  annotations: Annotation[];
}

interface CaseItemRow {
  item_id: string;
  file: string;
  sha256: string;
  sha1: string;
  md5: string;
  size: number;
  original_blob: string;
  metadata: string;
  category: Category | null;
  annotations: string | null;
}

/** A case's report sections as last saved; throws NotFoundError when there is no such case. */
export function caseReport(vault: Vault, caseId: string): { title: string; report: CaseFile['report'] } {
  const row = vault.db.prepare('SELECT title, report FROM cases WHERE id = ?').get(caseId) as
    { title: string; report: string } | undefined;
  if (!row) throw new NotFoundError(`There is no case ${caseId} in this vault.`);
  return { title: row.title, report: JSON.parse(row.report) as CaseFile['report'] };
}

/** The case's files that are not shredded, in the case file's order. */
export function caseReportFiles(vault: Vault, caseId: string): CaseReportFile[] {
  const rows = vault.db
    .prepare(
      `SELECT ci.item_id, ci.file, i.sha256, i.sha1, i.md5, i.size, i.original_blob, i.metadata, c.category, c.annotations
       FROM case_items ci JOIN items i ON i.id = ci.item_id LEFT JOIN item_categories c ON c.item_id = ci.item_id
       WHERE ci.case_id = ? AND i.shredded_at IS NULL ORDER BY ci.position`,
    )
    .all(caseId) as CaseItemRow[];
  return rows.map((row) => ({
    itemId: row.item_id,
    entry: caseFileEntry.parse(JSON.parse(row.file)),
    sha256: row.sha256,
    sha1: row.sha1,
    md5: row.md5,
    size: row.size,
    originalBlob: row.original_blob,
    exif: exifPairs((JSON.parse(row.metadata) as { exif?: string }).exif),
    video: videoFactPairs(JSON.parse(row.metadata) as Record<string, unknown>),
    category: row.category && row.category !== 'none' ? row.category : null,
    annotations: row.annotations ? (JSON.parse(row.annotations) as Annotation[]) : [],
  }));
}

/** SHA-256 (hex) of a report draft's canonical JSON (RFC 8785): what `case.update` records of a saved draft. */
export function draftHash(report: unknown): string {
  return createHash('sha256').update(canonicalize(report)).digest('hex');
}

/**
 * Saves a case's edited report sections, recorded as a signed `case.update` entry with the SHA-256 of the
 * saved draft, so a submitted report can be tied to the draft it was built from. Returns that hash.
 */
export function saveCaseReport(vault: Vault, caseId: string, report: Record<string, unknown>): string {
  requireRole(vault, 'report.edit');
  const exists = vault.db.prepare('SELECT 1 FROM cases WHERE id = ?').get(caseId);
  if (!exists) throw new NotFoundError(`There is no case ${caseId} in this vault.`);
  const draft = draftHash(report);
  vault.db.transaction(() => {
    vault.db.prepare('UPDATE cases SET report = ? WHERE id = ?').run(JSON.stringify(report), caseId);
    vault.record('case.update', [caseId], { sections: Object.keys(report).sort(), draft });
  })();
  return draft;
}

/** Every case's id and the SHA-256 of its current draft, for `verify` to compare with `case.update`. */
export function caseDraftProjection(vault: Vault): Array<{ id: string; draft: string }> {
  return (
    vault.db.prepare('SELECT id, report FROM cases').all() as Array<{ id: string; report: string }>
  ).map((r) => ({ id: r.id, draft: draftHash(JSON.parse(r.report)) }));
}

/** Marks the case reported to NCMEC, inside the caller's transaction (its finished submission records it). */
export function markCaseReported(vault: Vault, caseId: string): void {
  vault.db.prepare("UPDATE cases SET status = 'reported' WHERE id = ?").run(caseId);
}
