// Cases: importing a platform's case file (every problem in it reported with its field path, and nothing
// imported when any is found), ingesting its media with it, and the case list with each case's 24-hour
// reporting clock, overdue cases first. A case's creation is one signed `case.create` entry.
import { randomUUID } from 'node:crypto';
import { readFile, realpath, stat } from 'node:fs/promises';
import { basename, dirname, join, resolve, sep } from 'node:path';
import {
  caseFileSchema,
  reportDeadlineHours,
  type CaseFile,
  type CaseFileEntry,
} from '../../../shared/case-file';
import type { FieldIssue } from '../../../shared/errors';
import { InvalidInputError, NotFoundError } from '../errors';
import { ingestPaths, type IngestOptions } from '../media/ingest';
import type { Vault } from '../vault/vault';

/** A case file is JSON of modest size: the media are separate files. */
export const maxCaseFileBytes = 20 * 1024 * 1024;

export interface CaseSummary {
  id: string;
  title: string;
  externalId: string | null;
  detectedAt: string;
  deadlineAt: string;
  status: 'open' | 'reported' | 'closed';
  items: number;
  /** Milliseconds left until the deadline (negative when overdue), at the time of the call. */
  remainingMs: number;
}

export class CaseFileError extends InvalidInputError {
  constructor(file: string, issues: FieldIssue[]) {
    super(
      `${file} is not a valid case file (${issues.length} problem${issues.length === 1 ? '' : 's'}); nothing was imported:\n` +
        issues.map((i) => `  ${i.path || '(top level)'}: ${i.message}`).join('\n'),
      issues,
    );
  }
}

export async function readCaseFile(path: string): Promise<CaseFile> {
  let text: string;
  try {
    if ((await stat(path)).size > maxCaseFileBytes) {
      throw new CaseFileError(path, [
        { path: '', message: `The file is larger than ${maxCaseFileBytes} bytes.` },
      ]);
    }
    text = await readFile(path, 'utf8');
  } catch (error) {
    if (error instanceof CaseFileError) throw error;
    throw new NotFoundError(`Cannot read the case file ${path}.`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new CaseFileError(path, [{ path: '', message: `Not valid JSON: ${(error as Error).message}` }]);
  }
  const parsed = caseFileSchema.safeParse(json);
  if (!parsed.success) {
    throw new CaseFileError(
      path,
      parsed.error.issues.map((issue) => ({
        path: issue.path.map(String).join('.'),
        message: issue.message,
      })),
    );
  }
  return parsed.data;
}

/** Resolves each listed file inside the case folder and checks it is a readable regular file. */
async function locateMedia(caseFilePath: string, files: readonly CaseFileEntry[]): Promise<string[]> {
  const root = await realpath(dirname(resolve(caseFilePath)));
  const issues: FieldIssue[] = [];
  const located: string[] = [];
  const seen = new Map<string, number>();
  for (const [index, file] of files.entries()) {
    const where = `files.${index}.path`;
    const previous = seen.get(file.path);
    if (previous !== undefined) {
      issues.push({ path: where, message: `${file.path} is listed twice (also at files.${previous}).` });
      continue;
    }
    seen.set(file.path, index);
    try {
      const full = await realpath(join(root, file.path));
      if (!full.startsWith(root + sep))
        issues.push({ path: where, message: `${file.path} leads outside the case folder.` });
      else if (!(await stat(full)).isFile())
        issues.push({ path: where, message: `${file.path} is not a regular file.` });
      else located.push(full);
    } catch {
      issues.push({ path: where, message: `${file.path} does not exist or cannot be read.` });
    }
  }
  if (issues.length > 0) throw new CaseFileError(caseFilePath, issues);
  return located;
}

export interface ImportedCase {
  caseId: string;
  title: string;
  items: Array<{ itemId: string; path: string; sha256: string }>;
}

export async function importCase(
  vault: Vault,
  caseFilePath: string,
  options: IngestOptions = {},
): Promise<ImportedCase> {
  const caseFile = await readCaseFile(caseFilePath);
  const media = await locateMedia(caseFilePath, caseFile.files);
  const summary = await ingestPaths(vault, media, options);
  const failed = summary.outcomes.filter((o) => o.kind === 'failed');
  if (failed.length > 0) {
    throw new InvalidInputError(
      `The case was not created: ${failed.length} file(s) could not be ingested (${failed
        .map((f) => `${f.path}: ${'reason' in f ? f.reason : ''}`)
        .join('; ')}). Files that were ingested stay in the vault as loose items.`,
    );
  }
  const byPath = new Map(
    summary.outcomes.flatMap((o) =>
      o.kind === 'failed' ? [] : [[o.path, { itemId: o.itemId, sha256: o.hashes.sha256 }] as const],
    ),
  );
  const items = media.map((path) => ({ path, ...(byPath.get(path) as { itemId: string; sha256: string }) }));
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
      'INSERT OR IGNORE INTO case_items (case_id, item_id, position, file) VALUES (?, ?, ?, ?)',
    );
    caseFile.files.forEach((file, position) => {
      link.run(caseId, (items[position] as { itemId: string }).itemId, position, JSON.stringify(file));
    });
    vault.record('case.create', [caseId, ...new Set(items.map((i) => i.itemId))], {
      title: caseFile.title,
      externalId: caseFile.externalId ?? null,
      detectedAt: caseFile.detectedAt,
      deadlineAt: deadline,
      caseFile: basename(caseFilePath),
      files: caseFile.files.length,
    });
  })();
  return { caseId, title: caseFile.title, items };
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

export function findCase(vault: Vault, caseId: string, now = Date.now()): CaseSummary {
  const found = listCases(vault, now).find((c) => c.id === caseId);
  if (!found)
    throw new NotFoundError(`There is no case ${caseId} in this vault. \`custody case list\` shows them.`);
  return found;
}

/** Marks the case reported to NCMEC, inside the caller's transaction (its finished submission records it). */
export function markCaseReported(vault: Vault, caseId: string): void {
  vault.db.prepare("UPDATE cases SET status = 'reported' WHERE id = ?").run(caseId);
}
