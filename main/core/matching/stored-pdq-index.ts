// The persistent PDQ index: one segment per bank (its distinct PDQ values and built multi-index tables in
// the compact layout of pdq-segment-format.ts), kept as one blob of the vault's blob store (AES-256-GCM
// under its own key, wrapped by the data key, like every blob). A segment is written before its bank's
// import transaction and recorded in it, and shredded in the bank's removal transaction, so a crash leaves
// the old index or the new one; opening is one decrypting pass into one buffer, never a rebuild. Owns
// pdq_segments; it never decides what a hit means (matcher.ts does).
import { CustodyError, TamperDetectedError } from '../errors';
import type { Vault } from '../identity';
import {
  BlobWriter,
  readBlobSync,
  recordBlob,
  removeBlobFile,
  shredBlobKey,
  type StoredBlob,
} from '../vault';
import { PDQ_WORDS } from './pdq/hamming';
import { PdqIndex } from './pdq-index';
import { chunkLayout, chunkValue } from './pdq-index/chunks';
import { encodeSegment, SegmentDecoder } from './pdq-segment-format';

export interface BankSegment {
  bankId: string;
  /** The bank's distinct PDQ values; a hit's id is its position (index.hashAt gives the value back). */
  index: PdqIndex;
}

/** A segment written to the blob store and not yet recorded (null blob: the bank has no PDQ value). */
export interface WrittenSegment {
  blob: StoredBlob | null;
  size: number;
  chunks: number;
}

interface SegmentRow {
  bank_id: string;
  blob_id: string | null;
  size: number;
  chunks: number;
}

/** Bytes of a segment handed to the blob writer at once. */
const writeSliceBytes = 4 * 1024 * 1024;

/** Segments already read, per open vault: a bank's segment never changes once written. */
const opened = new WeakMap<Vault, Map<string, PdqIndex>>();

/** An index of distinct PDQ values (duplicates kept once, ids in first-seen order), built; null if none. */
export function segmentIndex(values: Iterable<string>): PdqIndex | null {
  const distinct = new Set(values);
  if (distinct.size === 0) return null;
  const index = new PdqIndex({ capacity: distinct.size });
  let id = 0;
  for (const value of distinct) index.add(id++, value);
  index.build();
  return index;
}

/**
 * Writes a built index (ids 0..size-1 in position order) as an encrypted blob, outside any transaction;
 * recordSegment then records it in the bank's transaction, or discardSegment removes it if that fails.
 */
export async function writeSegment(vault: Vault, index: PdqIndex | null): Promise<WrittenSegment> {
  if (!index || index.size === 0) return { blob: null, size: 0, chunks: 0 };
  const parts = index.parts();
  const writer = await BlobWriter.create(vault);
  try {
    // In slices, so that no more than one slice of ciphertext waits for the disk at a time.
    for (const bytes of encodeSegment(parts)) {
      for (let at = 0; at < bytes.byteLength; at += writeSliceBytes) {
        const length = Math.min(writeSliceBytes, bytes.byteLength - at);
        await writer.write(Buffer.from(bytes.buffer, bytes.byteOffset + at, length));
      }
    }
    return { blob: await writer.finish(), size: parts.ids.length, chunks: parts.chunks };
  } catch (error) {
    await writer.abort();
    throw error;
  }
}

/** Records a written segment as the bank's; call inside the bank's import transaction. */
export function recordSegment(vault: Vault, bankId: string, segment: WrittenSegment, now: string): void {
  if (segment.blob) recordBlob(vault.db, segment.blob, now);
  vault.db
    .prepare('INSERT INTO pdq_segments (bank_id, blob_id, size, chunks) VALUES (?, ?, ?, ?)')
    .run(bankId, segment.blob?.id ?? null, segment.size, segment.chunks);
}

/** Removes the file of a segment that was written but never recorded (its transaction failed). */
export async function discardSegment(vault: Vault, segment: WrittenSegment): Promise<void> {
  if (segment.blob) await removeBlobFile(vault.layout, segment.blob.id);
}

/**
 * Drops the bank's segment and destroys its blob's key; call inside the bank's removal transaction, and
 * remove the returned blob's file once it commits (the next unlock's orphan sweep does if the process
 * dies first).
 */
export function dropSegment(vault: Vault, bankId: string, now: string): string | null {
  const blobId = vault.db
    .prepare('SELECT blob_id FROM pdq_segments WHERE bank_id = ?')
    .pluck()
    .get(bankId) as string | null | undefined;
  vault.db.prepare('DELETE FROM pdq_segments WHERE bank_id = ?').run(bankId);
  opened.get(vault)?.delete(bankId);
  if (!blobId) return null;
  shredBlobKey(vault.db, blobId, now);
  return blobId;
}

function bankPdqValues(vault: Vault, bankId: string): string[] {
  return vault.db
    .prepare("SELECT value FROM bank_hashes WHERE bank_id = ? AND algorithm = 'pdq' ORDER BY rowid")
    .pluck()
    .all(bankId) as string[];
}

/**
 * Readies the PDQ index of an unlocked vault, so matching never waits for it: builds and stores the segment
 * of every live bank that has none (a bank imported before the index was kept as blobs; each recorded in
 * a transaction of its own, a once-only cost), then opens every live bank's segment. A bank removed or
 * given a segment meanwhile keeps what it has. Returns the segments built.
 */
export async function preparePdqIndex(vault: Vault): Promise<number> {
  const missing = vault.db
    .prepare(
      'SELECT id FROM banks WHERE removed_at IS NULL AND id NOT IN (SELECT bank_id FROM pdq_segments) ORDER BY imported_at',
    )
    .pluck()
    .all() as string[];
  let built = 0;
  for (const bankId of missing) {
    const segment = await writeSegment(vault, segmentIndex(bankPdqValues(vault, bankId)));
    const recorded = vault.db.transaction(() => {
      const live = vault.db
        .prepare(
          'SELECT 1 FROM banks WHERE id = ? AND removed_at IS NULL AND id NOT IN (SELECT bank_id FROM pdq_segments)',
        )
        .get(bankId);
      if (live) recordSegment(vault, bankId, segment, new Date().toISOString());
      return live !== undefined;
    })();
    if (recorded) built++;
    else await discardSegment(vault, segment);
  }
  const live = vault.db.prepare('SELECT id FROM banks WHERE removed_at IS NULL').pluck().all() as string[];
  openSegments(vault, live);
  return built;
}

/** Decrypts one segment into the index it holds; a damaged one is TamperDetectedError naming the bank. */
function readSegment(vault: Vault, row: SegmentRow & { blob_id: string }): PdqIndex {
  const decoder = new SegmentDecoder({ size: row.size, chunks: row.chunks });
  try {
    readBlobSync(vault, row.blob_id, (plain) => decoder.push(plain));
    return decoder.finish();
  } catch (error) {
    if (!(error instanceof CustodyError)) throw error;
    throw new TamperDetectedError(
      `The stored PDQ index of bank ${row.bank_id} is damaged (${error.message}) Restore the vault from a backup.`,
    );
  }
}

/**
 * The segments of the listed banks that hold PDQ values, each read from the vault once per open vault. A
 * bank with no stored segment yet (preparePdqIndex stores it) is indexed in memory from its rows meanwhile.
 */
export function openSegments(vault: Vault, bankIds: readonly string[]): BankSegment[] {
  let cache = opened.get(vault);
  if (!cache) opened.set(vault, (cache = new Map()));
  const rows = new Map(
    (
      vault.db
        .prepare(
          'SELECT bank_id, blob_id, size, chunks FROM pdq_segments WHERE bank_id IN (SELECT value FROM json_each(?))',
        )
        .all(JSON.stringify(bankIds)) as SegmentRow[]
    ).map((row) => [row.bank_id, row]),
  );
  const segments: BankSegment[] = [];
  for (const bankId of bankIds) {
    let index = cache.get(bankId) ?? null;
    if (!index) {
      const row = rows.get(bankId);
      if (row?.blob_id) index = readSegment(vault, { ...row, blob_id: row.blob_id });
      else if (!row) index = segmentIndex(bankPdqValues(vault, bankId));
      if (index) cache.set(bankId, index);
    }
    if (index && index.size > 0) segments.push({ bankId, index });
  }
  return segments;
}

/** Whether every posting of `index` sits in the bucket of its own hash's chunk value. */
function tablesConsistent(index: PdqIndex): boolean {
  const parts = index.parts();
  const size = parts.ids.length;
  return chunkLayout(parts.chunks).every((chunk, j) => {
    const offsets = parts.offsets[j];
    const postings = parts.postings[j];
    if (!offsets || !postings) return false;
    for (let bucket = 0; bucket + 1 < offsets.length; bucket++) {
      for (let p = offsets[bucket] ?? 0; p < (offsets[bucket + 1] ?? 0); p++) {
        const position = postings[p] ?? size;
        if (position >= size || chunkValue(parts.hashes, position * PDQ_WORDS, chunk) !== bucket)
          return false;
      }
    }
    return true;
  });
}

/**
 * For `verify`: every live bank's stored segment decrypts, its tables are consistent, and it holds exactly
 * the bank's distinct PDQ values; each problem names the bank. Reads every segment in full.
 */
export function pdqIndexProblems(vault: Vault): string[] {
  const banks = vault.db
    .prepare(
      `SELECT b.id, b.name, b.version, s.blob_id, s.size, s.chunks, s.bank_id
       FROM banks b LEFT JOIN pdq_segments s ON s.bank_id = b.id WHERE b.removed_at IS NULL ORDER BY b.imported_at`,
    )
    .all() as Array<{ id: string; name: string; version: string } & Partial<SegmentRow>>;
  const problems: string[] = [];
  for (const bank of banks) {
    const name = `bank "${bank.name}" ${bank.version}`;
    if (bank.bank_id === null || bank.bank_id === undefined) {
      problems.push(
        `${name}: its PDQ index is not stored yet (it is built from the bank's rows at the next unlock).`,
      );
      continue;
    }
    const values = new Set(bankPdqValues(vault, bank.id));
    let stored: Set<string>;
    try {
      const index = bank.blob_id
        ? readSegment(vault, {
            bank_id: bank.id,
            blob_id: bank.blob_id,
            size: bank.size ?? 0,
            chunks: bank.chunks ?? 0,
          })
        : null;
      if (index && !tablesConsistent(index)) {
        problems.push(`${name}: its stored PDQ index tables do not match its hashes (the index is damaged).`);
        continue;
      }
      stored = new Set(Array.from({ length: index?.size ?? 0 }, (_, i) => index?.hashAt(i) ?? ''));
    } catch (error) {
      if (!(error instanceof CustodyError)) throw error;
      problems.push(`${name}: ${error.message}`);
      continue;
    }
    const missing = [...values].filter((value) => !stored.has(value)).length;
    const extra = [...stored].filter((value) => !values.has(value)).length;
    if (missing > 0 || extra > 0 || stored.size !== (bank.size ?? 0)) {
      problems.push(
        `${name}: its stored PDQ index is stale (${missing} of its PDQ values missing, ${extra} it does not hold).`,
      );
    }
  }
  return problems;
}
