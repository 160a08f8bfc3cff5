// Importing a platform's case file: every problem in it reported with its field path (nothing imported
// when any is found), its media located inside the case folder and ingested, then the case recorded by
// review with its 24-hour clock. Only roles the policy lets import cases may start it.
import { readFile, realpath, stat } from 'node:fs/promises';
import { dirname, join, posix, resolve, sep } from 'node:path';
import { caseFileSchema, type CaseFile, type CaseFileEntry } from '../../../shared/case-file';
import type { FieldIssue } from '../../../shared/errors';
import { InvalidInputError, NotFoundError } from '../errors';
import { requireRole, type Vault } from '../identity';
import { createCase } from '../review';
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
 * Resolves each listed file inside the case folder and checks it is a readable regular file. Ingest checks
 * again, on the descriptor it reads, that each is still that file and still inside `root`.
 */
async function locateMedia(
  caseFilePath: string,
  files: readonly CaseFileEntry[],
): Promise<{ root: string; located: string[] }> {
  const root = await realpath(dirname(resolve(caseFilePath)));
  const issues: FieldIssue[] = [];
  const located: string[] = [];
  const seen = new Map<string, number>();
  for (const [index, file] of files.entries()) {
    const where = `files.${index}.path`;
    // `./a.jpg` and `media/../a.jpg` are `a.jpg` listed again; another file with the same bytes is not.
    const normalised = posix.normalize(file.path);
    const previous = seen.get(normalised);
    if (previous !== undefined) {
      issues.push({ path: where, message: `${file.path} is listed twice (also at files.${previous}).` });
      continue;
    }
    seen.set(normalised, index);
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
  const { root, located: media } = await locateMedia(caseFilePath, caseFile.files);
  const summary = await ingestPaths(vault, media, { ...options, within: root });
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
  const caseId = createCase(
    vault,
    caseFile,
    items.map((i) => i.itemId),
    caseFilePath,
  );
  return { caseId, title: caseFile.title, items };
}
