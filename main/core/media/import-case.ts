// Importing a platform's case file: every problem in it reported with its field path (nothing imported
// when any is found), its media and chat transcripts located inside the case folder and ingested, then the
// case recorded by review with its 24-hour clock. Only roles the policy lets import cases may start it.
import { readFile, realpath, stat } from 'node:fs/promises';
import { dirname, join, posix, resolve, sep } from 'node:path';
import { caseFileSchema, type CaseFile } from '../../../shared/case-file';
import {
  transcriptReportFacts,
  transcriptSchema,
  withTranscriptFacts,
  type TranscriptReportFacts,
} from '../../../shared/transcript';
import type { FieldIssue } from '../../../shared/errors';
import { InvalidInputError, NotFoundError } from '../errors';
import { requireRole, type Vault } from '../identity';
import { createCase, readItemOriginal } from '../review';
import { ingestPaths, type IngestOptions } from './ingest';

/** A case file is JSON of modest size: the media are separate files. */
export const maxCaseFileBytes = 20 * 1024 * 1024;

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

/**
 * Resolves each listed file (`files`, then `transcripts`) inside the case folder and checks it is a readable
 * regular file; returns their real paths in the same order. Ingest checks again, on the descriptor it
 * reads, that each is still that file and still inside `root`.
 */
async function locateMedia(
  caseFilePath: string,
  caseFile: CaseFile,
): Promise<{ root: string; located: string[] }> {
  const root = await realpath(dirname(resolve(caseFilePath)));
  const issues: FieldIssue[] = [];
  const located: string[] = [];
  const seen = new Map<string, string>();
  const listed = [
    ...caseFile.files.map((file, index) => ({ file, field: `files.${index}` })),
    ...(caseFile.transcripts ?? []).map((file, index) => ({ file, field: `transcripts.${index}` })),
  ];
  for (const { file, field } of listed) {
    const where = `${field}.path`;
    // `./a.jpg` and `media/../a.jpg` are `a.jpg` listed again; another file with the same bytes is not.
    const normalised = posix.normalize(file.path);
    const previous = seen.get(normalised);
    if (previous !== undefined) {
      issues.push({ path: where, message: `${file.path} is listed twice (also at ${previous}).` });
      continue;
    }
    seen.set(normalised, field);
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
  return { root, located };
}

/**
 * Checks each transcript is a `custody-transcript/1` document whose attachments are among the case's
 * files. The stored copy is parsed again when it is shown: what is displayed is what was hashed.
 */
async function checkTranscripts(
  caseFilePath: string,
  caseFile: CaseFile,
  paths: readonly string[],
): Promise<void> {
  const files = new Set(caseFile.files.map((file) => file.path));
  const issues: FieldIssue[] = [];
  for (const [index, path] of paths.entries()) {
    const field = `transcripts.${index}`;
    let json: unknown;
    try {
      if ((await stat(path)).size > maxCaseFileBytes) {
        issues.push({ path: field, message: `The transcript is larger than ${maxCaseFileBytes} bytes.` });
        continue;
      }
      json = JSON.parse(await readFile(path, 'utf8'));
    } catch (error) {
      issues.push({ path: field, message: `Not a readable JSON transcript: ${(error as Error).message}` });
      continue;
    }
    const parsed = transcriptSchema.safeParse(json);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        issues.push({ path: [field, ...issue.path.map(String)].join('.'), message: issue.message });
      }
      continue;
    }
    parsed.data.messages.forEach((message, m) => {
      (message.attachments ?? []).forEach((attachment, a) => {
        if (!files.has(attachment)) {
          issues.push({
            path: `${field}.messages.${m}.attachments.${a}`,
            message: `${attachment} is not one of the case's files.`,
          });
        }
      });
    });
  }
  if (issues.length > 0) throw new CaseFileError(caseFilePath, issues);
}

/** What each transcript adds to the report, read from its stored copy: exactly what was hashed. */
async function storedTranscriptFacts(
  vault: Vault,
  itemIds: readonly string[],
): Promise<TranscriptReportFacts[]> {
  const facts: TranscriptReportFacts[] = [];
  for (const itemId of itemIds) {
    const parsed = transcriptSchema.safeParse(
      JSON.parse((await readItemOriginal(vault, itemId)).toString('utf8')),
    );
    if (!parsed.success) {
      throw new InvalidInputError(
        `The case was not created: transcript item ${itemId} changed while it was imported and is no longer a valid transcript.`,
      );
    }
    facts.push(transcriptReportFacts(parsed.data));
  }
  return facts;
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
  requireRole(vault, 'case.import');
  const caseFile = await readCaseFile(caseFilePath);
  const { root, located } = await locateMedia(caseFilePath, caseFile);
  const media = located.slice(0, caseFile.files.length);
  const transcripts = located.slice(caseFile.files.length);
  await checkTranscripts(caseFilePath, caseFile, transcripts);
  const summary = await ingestPaths(vault, located, { ...options, within: root });
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
  const transcriptItems = transcripts.map((path) => (byPath.get(path) as { itemId: string }).itemId);
  const facts = await storedTranscriptFacts(vault, transcriptItems);
  const caseId = createCase(
    vault,
    { ...caseFile, report: withTranscriptFacts(caseFile.report, facts) },
    items.map((i) => i.itemId),
    caseFilePath,
    transcriptItems,
  );
  return { caseId, title: caseFile.title, items };
}
