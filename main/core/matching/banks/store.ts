// Banks in the vault: importing a parsed hash list as one named, versioned bank (all its good rows and its
// stored PDQ index segment in one transaction, every bad row kept with its line number), listing and
// removing banks. A bank's hashes are evidence of what it said at import; removing a bank keeps its row
// (the ledger's matches cite it) but drops its hashes, its index segment and the matches found with it.
// Either change queues the items it may affect for re-matching, in the same transaction. A vPDQ list's
// videos are kept whole, one row each with its frames (bank_vpdq_videos), and count as its entries.
import { randomUUID } from 'node:crypto';
import { InvalidInputError, NotFoundError } from '../../errors';
import { requireRole, userNames, type Vault } from '../../identity';
import { queueRematch } from '../rematch-queue';
import { removeBlobFile } from '../../vault';
import { discardSegment, dropSegment, recordSegment, segmentIndex, writeSegment } from '../stored-pdq-index';
import { frameLinesOf } from '../vpdq-match';
import type { BankEntry, BankVideo, ImportItem, ImportProblem } from './entry';

export type BankKind = 'known' | 'allow';

export interface BankMeta {
  name: string;
  version: string;
  source: string;
  kind: BankKind;
  format: string;
}

export interface BankSummary extends BankMeta {
  id: string;
  entries: number;
  problems: number;
  importedAt: string;
  importedBy: string;
}

export interface BankImport {
  bank: BankSummary;
  problems: ImportProblem[];
}

/** Problems kept in full; past this many, the count is still exact but only the first are stored. */
const problemsKept = 10_000;

export interface ImportOptions {
  /** The items to re-match against the new bank, queued in the import's transaction (the caller knows them). */
  rematch?: () => readonly string[];
}

export async function importBank(
  vault: Vault,
  records: AsyncIterable<ImportItem>,
  meta: BankMeta,
  options: ImportOptions = {},
): Promise<BankImport> {
  // An allow list suppresses matches, so importing one is a lead's decision.
  requireRole(vault, meta.kind === 'allow' ? 'bank.import_allow' : 'bank.import');
  const existing = vault.db
    .prepare('SELECT id FROM banks WHERE name = ? AND version = ?')
    .get(meta.name, meta.version);
  if (existing) {
    throw new InvalidInputError(
      `Bank "${meta.name}" version ${meta.version} is already imported. Give the new list a new version.`,
    );
  }
  const id = randomUUID();
  const now = new Date().toISOString();
  const problems: ImportProblem[] = [];
  let problemCount = 0;
  const rows: BankEntry[] = [];
  const videos: BankVideo[] = [];
  // Rows are collected first (a list of a few million hashes fits comfortably), so that the import is a
  // single transaction: a list that fails to read part-way changes nothing in the vault.
  for await (const record of records) {
    if ('entry' in record) rows.push(record.entry);
    else if ('video' in record) videos.push(record.video);
    else {
      problemCount++;
      if (problems.length < problemsKept) problems.push(record.problem);
    }
  }
  const fatal = problems.find((p) => p.fatal);
  if (fatal) {
    throw new InvalidInputError(
      `The list could not be read to the end (line ${fatal.line}: ${fatal.message}). Nothing was imported: fix or re-export the file.`,
    );
  }
  if (rows.length === 0 && videos.length === 0) {
    throw new InvalidInputError(
      `The list has no usable hashes (${problemCount} bad line(s)${problems[0] ? `, first at line ${problems[0].line}: ${problems[0].message}` : ''}). Nothing was imported.`,
    );
  }
  // The bank's PDQ index is built and written as a blob before the transaction, so the transaction stays
  // short; recorded in it, or removed if it fails (a crash leaves an unrecorded blob the sweep removes).
  const segment = await writeSegment(
    vault,
    segmentIndex(rows.filter((row) => row.algorithm === 'pdq').map((row) => row.value)),
  );
  try {
    vault.db.transaction(() => {
      vault.db
        .prepare(
          `INSERT INTO banks (id, name, version, source, kind, format, entries, problems, imported_at, imported_by)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(
          id,
          meta.name,
          meta.version,
          meta.source,
          meta.kind,
          meta.format,
          rows.length + videos.length,
          problemCount,
          now,
          vault.user.id,
        );
      const insert = vault.db.prepare(
        'INSERT INTO bank_hashes (bank_id, algorithm, value, label, category, quality, line) VALUES (?, ?, ?, ?, ?, ?, ?)',
      );
      for (const row of rows) {
        insert.run(
          id,
          row.algorithm,
          row.value,
          row.label ?? null,
          row.category ?? null,
          row.quality ?? null,
          row.line,
        );
      }
      const problem = vault.db.prepare(
        'INSERT INTO bank_import_problems (bank_id, line, message) VALUES (?, ?, ?)',
      );
      for (const p of problems) problem.run(id, p.line, p.message);
      const byAlgorithm: Record<string, number> = {};
      for (const row of rows) byAlgorithm[row.algorithm] = (byAlgorithm[row.algorithm] ?? 0) + 1;
      if (videos.length > 0) {
        const video = vault.db.prepare(
          'INSERT INTO bank_vpdq_videos (bank_id, video, label, category, line, frames) VALUES (?, ?, ?, ?, ?, ?)',
        );
        videos.forEach((v, i) =>
          video.run(id, i, v.label, v.category ?? null, v.line, frameLinesOf(v.frames)),
        );
        byAlgorithm.vpdq = videos.length;
        byAlgorithm.vpdqFrames = videos.reduce((sum, v) => sum + v.frames.length, 0);
      }
      recordSegment(vault, id, segment, now);
      vault.record('bank.import', [id], {
        ...meta,
        entries: rows.length + videos.length,
        problems: problemCount,
        byAlgorithm,
      });
      if (options.rematch) queueRematch(vault, options.rematch(), `bank.import ${meta.name} ${meta.version}`);
    })();
  } catch (error) {
    await discardSegment(vault, segment);
    throw error;
  }
  return {
    bank: {
      id,
      ...meta,
      entries: rows.length + videos.length,
      problems: problemCount,
      importedAt: now,
      importedBy: vault.user.name,
    },
    problems,
  };
}

interface BankRow {
  id: string;
  name: string;
  version: string;
  source: string;
  kind: BankKind;
  format: string;
  entries: number;
  problems: number;
  imported_at: string;
  imported_by: string;
}

/** A bank row's fields as the core names them (the importer still as the user id). */
function bankFields(r: BankRow) {
  return {
    id: r.id,
    name: r.name,
    version: r.version,
    source: r.source,
    kind: r.kind,
    format: r.format,
    entries: r.entries,
    problems: r.problems,
    importedBy: r.imported_by,
  };
}

export function listBanks(vault: Vault): BankSummary[] {
  const rows = vault.db
    .prepare('SELECT * FROM banks WHERE removed_at IS NULL ORDER BY name, imported_at')
    .all() as BankRow[];
  const importers = userNames(
    vault,
    rows.map((r) => r.imported_by),
  );
  return rows.map((r) => ({
    ...bankFields(r),
    importedAt: r.imported_at,
    importedBy: importers.get(r.imported_by) ?? r.imported_by,
  }));
}

/** Finds a bank by id, or by name (the latest version of that name). */
export function findBank(vault: Vault, idOrName: string): BankSummary {
  const banks = listBanks(vault).filter((b) => b.id === idOrName || b.name === idOrName);
  const bank = banks.at(-1);
  if (!bank)
    throw new NotFoundError(
      `There is no bank "${idOrName}" in this vault. \`custody banks list\` shows them.`,
    );
  return bank;
}

/** Whether any bank is in use, so there is something to match against. */
export function hasLiveBanks(vault: Vault): boolean {
  return vault.db.prepare('SELECT 1 FROM banks WHERE removed_at IS NULL LIMIT 1').get() !== undefined;
}

export interface RemoveOptions {
  /**
   * Called in the removal's transaction with the items whose matches changed (the bank's matches cleared,
   * the matches it suppressed no longer suppressed), so the caller can put them back in review order.
   */
  rerank?: (itemIds: readonly string[]) => void;
}

export function removeBank(
  vault: Vault,
  idOrName: string,
  reason: string,
  options: RemoveOptions = {},
): BankSummary {
  requireRole(vault, 'bank.remove');
  const bank = findBank(vault, idOrName);
  const db = vault.db;
  const segmentBlob = db.transaction(() => {
    const suppressedHere = `(json_extract(suppressor, '$.bank') = ? AND json_extract(suppressor, '$.bankVersion') = ?)
      OR (suppressor IS NULL AND suppressed_by = ?)`;
    const label = `${bank.name} ${bank.version}`;
    const affected = db
      .prepare(`SELECT DISTINCT item_id FROM matches WHERE bank_id = ? OR ${suppressedHere}`)
      .pluck()
      .all(bank.id, bank.name, bank.version, label) as string[];
    db.prepare('UPDATE banks SET removed_at = ? WHERE id = ?').run(new Date().toISOString(), bank.id);
    db.prepare('DELETE FROM bank_hashes WHERE bank_id = ?').run(bank.id);
    db.prepare('DELETE FROM bank_vpdq_videos WHERE bank_id = ?').run(bank.id);
    const blobId = dropSegment(vault, bank.id, new Date().toISOString());
    db.prepare('DELETE FROM matches WHERE bank_id = ?').run(bank.id);
    db.prepare(`UPDATE matches SET suppressed_by = NULL, suppressor = NULL WHERE ${suppressedHere}`).run(
      bank.name,
      bank.version,
      label,
    );
    vault.record('bank.remove', [bank.id], {
      name: bank.name,
      version: bank.version,
      reason,
      matchesCleared: affected.length,
    });
    queueRematch(vault, affected, `bank.remove ${label}`);
    options.rerank?.(affected);
    return blobId;
  })();
  if (segmentBlob) void removeBlobFile(vault.layout, segmentBlob).catch(() => undefined);
  return bank;
}

export interface BankRecord extends BankMeta {
  id: string;
  entries: number;
  problems: number;
  importedBy: string;
  removed: boolean;
  /** Hashes held now: every entry while the bank is live, none once it is removed. */
  hashes: number;
}

/** Every bank row with its stored hash count, removed banks included, as `verify` compares them. */
export function bankProjection(vault: Vault): BankRecord[] {
  const held = new Map(
    (
      vault.db
        .prepare(
          `SELECT bank_id, count(*) AS n FROM (
             SELECT bank_id FROM bank_hashes UNION ALL SELECT bank_id FROM bank_vpdq_videos
           ) GROUP BY bank_id`,
        )
        .all() as Array<{
        bank_id: string;
        n: number;
      }>
    ).map((r) => [r.bank_id, r.n]),
  );
  return (
    vault.db.prepare('SELECT * FROM banks').all() as Array<BankRow & { removed_at: string | null }>
  ).map((r) => ({
    ...bankFields(r),
    removed: r.removed_at !== null,
    hashes: held.get(r.id) ?? 0,
  }));
}
