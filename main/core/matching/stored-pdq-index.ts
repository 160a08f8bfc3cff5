// The persistent PDQ index: one segment per bank, its distinct PDQ values and built multi-index tables kept
// as 4 MiB pages inside the encrypted vault database, written in the bank's import transaction and dropped
// in its removal transaction, so opening is reading pages, never rebuilding. Owns pdq_segments and
// pdq_segment_pages; it never decides what a hit means (matcher.ts does).
import type { Vault } from '../identity';
import { TamperDetectedError } from '../errors';
import { PdqIndex, partsArrays, partsOver, partsWords } from './pdq-index';

/** Words (4 bytes each) in one stored page: 4 MiB, few rows for SQLite, little waste in the last page. */
const PAGE_WORDS = 1024 * 1024;

export interface BankSegment {
  bankId: string;
  /** The bank's distinct PDQ values; a hit's id is its position (index.hashAt gives the value back). */
  index: PdqIndex;
}

/** Segments already read, per open vault: a bank's segment never changes once written. */
const opened = new WeakMap<Vault, Map<string, PdqIndex>>();

/**
 * Builds and stores the segment of one bank from its PDQ values (duplicates kept once); call inside the
 * bank's import transaction. A bank with no PDQ value gets an empty segment, so every live bank has one.
 */
export function writeSegment(vault: Vault, bankId: string, values: Iterable<string>): number {
  const distinct = new Set(values);
  let index: PdqIndex | null = null;
  if (distinct.size > 0) {
    index = new PdqIndex({ capacity: distinct.size });
    let id = 0;
    for (const value of distinct) index.add(id++, value);
  }
  return writeSegmentIndex(vault, bankId, index);
}

/** Stores an already built index as the bank's segment (ids must be 0..size-1 in position order). */
export function writeSegmentIndex(vault: Vault, bankId: string, index: PdqIndex | null): number {
  const parts = index?.parts();
  const size = parts?.ids.length ?? 0;
  vault.db
    .prepare('INSERT INTO pdq_segments (bank_id, size, chunks, pages) VALUES (?, ?, ?, 0)')
    .run(bankId, size, parts?.chunks ?? 0);
  const insert = vault.db.prepare('INSERT INTO pdq_segment_pages (bank_id, page, data) VALUES (?, ?, ?)');
  let page = 0;
  let pending: Buffer[] = [];
  let pendingWords = 0;
  const flush = () => {
    insert.run(bankId, page++, pending.length === 1 ? pending[0] : Buffer.concat(pending));
    pending = [];
    pendingWords = 0;
  };
  for (const array of parts ? partsArrays(parts) : []) {
    for (let start = 0; start < array.length;) {
      const take = Math.min(PAGE_WORDS - pendingWords, array.length - start);
      const slice = array.subarray(start, start + take);
      pending.push(Buffer.from(slice.buffer, slice.byteOffset, slice.byteLength));
      pendingWords += take;
      start += take;
      if (pendingWords === PAGE_WORDS) flush();
    }
  }
  if (pendingWords > 0) flush();
  vault.db.prepare('UPDATE pdq_segments SET pages = ? WHERE bank_id = ?').run(page, bankId);
  return size;
}

/** Drops the bank's segment; call inside the bank's removal transaction. */
export function dropSegment(vault: Vault, bankId: string): void {
  vault.db.prepare('DELETE FROM pdq_segment_pages WHERE bank_id = ?').run(bankId);
  vault.db.prepare('DELETE FROM pdq_segments WHERE bank_id = ?').run(bankId);
  opened.get(vault)?.delete(bankId);
}

/**
 * Builds the segment of each listed bank that has none (a bank imported before the index was kept in the
 * vault), each in a transaction of its own: a once-only cost, after which opening is reading pages.
 */
export function ensureSegments(vault: Vault, bankIds: readonly string[]): void {
  const has = vault.db.prepare('SELECT 1 FROM pdq_segments WHERE bank_id = ?');
  const values = vault.db
    .prepare("SELECT value FROM bank_hashes WHERE bank_id = ? AND algorithm = 'pdq'")
    .pluck();
  for (const bankId of bankIds) {
    if (has.get(bankId) !== undefined) continue;
    vault.db.transaction(() => writeSegment(vault, bankId, values.all(bankId) as string[]))();
  }
}

interface SegmentRow {
  bank_id: string;
  size: number;
  chunks: number;
  pages: number;
}

/** Reads one segment's pages into one array and views the index's parts over it, without copying again. */
function readSegment(vault: Vault, row: SegmentRow): PdqIndex {
  const words = new Uint32Array(partsWords(row.size, row.chunks));
  const bytes = new Uint8Array(words.buffer);
  let at = 0;
  let pages = 0;
  const pageRows = vault.db
    .prepare('SELECT data FROM pdq_segment_pages WHERE bank_id = ? ORDER BY page')
    .pluck()
    .iterate(row.bank_id) as IterableIterator<Buffer>;
  for (const data of pageRows) {
    if (at + data.length > bytes.length) {
      at += data.length;
      break;
    }
    bytes.set(data, at);
    at += data.length;
    pages++;
  }
  if (at !== bytes.length || pages !== row.pages) {
    throw new TamperDetectedError(
      `The stored PDQ index of bank ${row.bank_id} is damaged (${at} of ${bytes.length} bytes in ${pages} of ${row.pages} pages). Restore the vault from a backup.`,
    );
  }
  return PdqIndex.fromParts(partsOver(words, row.size, row.chunks));
}

/** The segments of the listed banks that hold PDQ values, read from the vault once per open vault. */
export function openSegments(vault: Vault, bankIds: readonly string[]): BankSegment[] {
  ensureSegments(vault, bankIds);
  let cache = opened.get(vault);
  if (!cache) opened.set(vault, (cache = new Map()));
  const rows = vault.db
    .prepare(
      'SELECT bank_id, size, chunks, pages FROM pdq_segments WHERE size > 0 AND bank_id IN (SELECT value FROM json_each(?))',
    )
    .all(JSON.stringify(bankIds)) as SegmentRow[];
  return rows.map((row) => {
    let index = cache.get(row.bank_id);
    if (!index) cache.set(row.bank_id, (index = readSegment(vault, row)));
    return { bankId: row.bank_id, index };
  });
}
