// What the merge reads from a peer's ledger entry: its leaf hash (RFC 6962, over the canonical JSON the
// peer signed), its place in the order entries are applied (hybrid logical clock, then origin and
// sequence number), and the typed fields of the details it acts on. Never trusts a field it did not check.
import { createHash } from 'node:crypto';
import { canonicalize, type LedgerEntry } from '../../ledger';

const hex64 = /^[0-9a-f]{64}$/;

/** RFC 6962 leaf hash of an entry: SHA-256(0x00 || its canonical JSON), hex. */
export function entryLeafHash(entry: LedgerEntry): string {
  return createHash('sha256')
    .update(Buffer.from([0]))
    .update(canonicalize(entry))
    .digest('hex');
}

/** A verified peer entry as the merge takes it: parsed, with its canonical JSON and leaf hash (hex). */
export interface MergeEntry {
  entry: LedgerEntry;
  canonical: string;
  leafHash: string;
}

/** A merge entry for an entry held only parsed (the importer passes the leaves it checked instead). */
export function mergeEntry(entry: LedgerEntry): MergeEntry {
  return { entry, canonical: canonicalize(entry), leafHash: entryLeafHash(entry) };
}

/** The order entries are applied in: by hybrid logical clock, then origin, then sequence number. */
export function byClock(a: LedgerEntry, b: LedgerEntry): number {
  return (
    a.hlc.wall - b.hlc.wall ||
    a.hlc.count - b.hlc.count ||
    (a.origin < b.origin ? -1 : a.origin > b.origin ? 1 : 0) ||
    a.seq - b.seq
  );
}

export function text(details: Record<string, unknown>, key: string): string | null {
  const value = details[key];
  return typeof value === 'string' && value.length > 0 ? value : null;
}

export function sha256Of(details: Record<string, unknown>, key = 'sha256'): string | null {
  const value = text(details, key);
  return value && hex64.test(value) ? value : null;
}

export function strings(details: Record<string, unknown>, key: string): string[] | null {
  const value = details[key];
  return Array.isArray(value) && value.every((v) => typeof v === 'string') ? (value as string[]) : null;
}
