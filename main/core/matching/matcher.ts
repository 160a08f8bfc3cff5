// Matches items against the vault's banks: exact MD5/SHA-1/SHA-256 through the database index, PDQ through
// the persistent per-bank index (every bank hash within the threshold, the same answer as brute force),
// queried with the item's hash and its 7 other dihedral orientations, so rotated and mirrored copies are
// found; each PDQ match records which orientation matched. Allow banks suppress known matches only under
// allow-rules.ts, and a suppressed match is stored and shown with the allow entry that suppressed it. PDQ
// hashes with quality below 50 are stored but never matched. Each item's matches are replaced as a whole,
// in one transaction with its `item.match` ledger entry, which also takes it off the re-match queue.
// An animation's later frames (item_pdq_frames) are queried too: a PDQ match then says which frame matched.
import type { Vault } from '../identity';
import { suppressorOf, type Hit } from './allow-rules';
import { itemDihedral } from './item-dihedral';
import { itemPdq, itemPdqFrames } from './item-pdq';
import type { DihedralTransform } from './pdq';
import { DEFAULT_PDQ_THRESHOLD } from './pdq-index';
import { dequeueRematch } from './rematch-queue';
import { openSegments } from './stored-pdq-index';

/** The PDQ reference implementation's quality floor for matching. */
export const minMatchQuality = 50;

/** The original hashes of the item to match. */
export interface ItemHashes {
  id: string;
  md5: string;
  sha1: string;
  sha256: string;
}

/** The allow entry that suppressed a match. */
export interface Suppressor {
  bank: string;
  bankVersion: string;
  algorithm: Hit['algorithm'];
  value: string;
  distance: number;
}

export interface ItemMatch {
  bankId: string;
  bankName: string;
  bankVersion: string;
  bankKind: 'known' | 'allow';
  algorithm: 'md5' | 'sha1' | 'sha256' | 'pdq';
  matchedValue: string;
  distance: number;
  /** For PDQ: the orientation of the item that matched ('original' unless rotated or mirrored). */
  transform: DihedralTransform | null;
  label: string | null;
  category: string | null;
  /** "<bank> <version>" of the allow entry that suppressed this known match. */
  suppressedBy: string | null;
  /** For a PDQ match of an animation: the frame (0-based) whose hash matched. */
  frame?: number;
  suppressor: Suppressor | null;
  /** When a re-match after a bank change found this known match: new for review. */
  flaggedAt: string | null;
}

export interface MatchOptions {
  /** A re-match after a bank change: known matches the item did not have before are flagged for review. */
  flagNew?: boolean;
}

interface BankHashRow {
  bank_id: string;
  name: string;
  version: string;
  kind: 'known' | 'allow';
  algorithm: ItemMatch['algorithm'];
  value: string;
  label: string | null;
  category: string | null;
}

const bankHashColumns = `h.bank_id, b.name, b.version, b.kind, h.algorithm, h.value, h.label, h.category`;

interface Found {
  row: BankHashRow;
  distance: number;
  transform: DihedralTransform | null;
  /** Set for animations: the frame whose hash matched. */
  frame?: number;
}

function hitOf(f: Found): Hit {
  return {
    bankId: f.row.bank_id,
    bankName: f.row.name,
    bankVersion: f.row.version,
    bankKind: f.row.kind,
    algorithm: f.row.algorithm,
    value: f.row.value,
    distance: f.distance,
    transform: f.transform,
  };
}

export class Matcher {
  constructor(
    private readonly vault: Vault,
    readonly threshold = DEFAULT_PDQ_THRESHOLD,
  ) {}

  /** The item's PDQ hashes worth querying: each orientation of quality >= 50, the plain hash as 'original'. */
  #queries(itemId: string): Array<{ transform: DihedralTransform; hash: string; frame?: number }> {
    const pdq = itemPdq(this.vault, itemId);
    const frames = itemPdqFrames(this.vault, itemId);
    const first = frames.length > 0 ? { frame: 0 } : {};
    const queries: Array<{ transform: DihedralTransform; hash: string; frame?: number }> = [];
    if (pdq?.hash && (pdq.quality ?? 0) >= minMatchQuality)
      queries.push({ transform: 'original', hash: pdq.hash, ...first });
    const dihedral = itemDihedral(this.vault, itemId);
    if (dihedral && dihedral.quality >= minMatchQuality) {
      for (const q of dihedral.hashes) {
        if (q.transform !== 'original' && !queries.some((known) => known.hash === q.hash))
          queries.push({ ...q, ...first });
      }
    }
    for (const { frame, hash, quality } of frames) {
      if (hash && (quality ?? 0) >= minMatchQuality && !queries.some((known) => known.hash === hash))
        queries.push({ transform: 'original', hash, frame });
    }
    return queries;
  }

  /** Every bank PDQ value within the threshold of any orientation, each at its closest orientation. */
  #pdqHits(itemId: string): Found[] {
    const queries = this.#queries(itemId);
    if (queries.length === 0) return [];
    const live = this.vault.db
      .prepare('SELECT id FROM banks WHERE removed_at IS NULL')
      .pluck()
      .all() as string[];
    const lookup = this.vault.db.prepare(
      `SELECT ${bankHashColumns} FROM bank_hashes h JOIN banks b ON b.id = h.bank_id
       WHERE h.algorithm = 'pdq' AND h.value = ? AND h.bank_id = ?`,
    );
    const found: Found[] = [];
    for (const segment of openSegments(this.vault, live)) {
      const best = new Map<number, { distance: number; transform: DihedralTransform; frame?: number }>();
      for (const { transform, hash, frame } of queries) {
        for (const hit of segment.index.query(hash, this.threshold)) {
          const seen = best.get(hit.id);
          if (!seen || hit.distance < seen.distance)
            best.set(hit.id, {
              distance: hit.distance,
              transform,
              ...(frame !== undefined ? { frame } : {}),
            });
        }
      }
      for (const [id, { distance, transform, frame }] of best) {
        for (const row of lookup.all(segment.index.hashAt(id), segment.bankId) as BankHashRow[])
          found.push({ row, distance, transform, ...(frame !== undefined ? { frame } : {}) });
      }
    }
    return found;
  }

  /**
   * Finds, stores and records the matches of one item; returns them (suppressed ones included). The
   * caller puts the item in review order (`shownFirst`) in the same transaction.
   */
  matchItem(item: ItemHashes, options: MatchOptions = {}): ItemMatch[] {
    const db = this.vault.db;
    const exact = db
      .prepare(
        `SELECT ${bankHashColumns} FROM bank_hashes h JOIN banks b ON b.id = h.bank_id
         WHERE b.removed_at IS NULL AND ((h.algorithm = 'md5' AND h.value = ?) OR (h.algorithm = 'sha1' AND h.value = ?)
           OR (h.algorithm = 'sha256' AND h.value = ?))`,
      )
      .all(item.md5, item.sha1, item.sha256) as BankHashRow[];
    const found: Found[] = [
      ...exact.map((row) => ({ row, distance: 0, transform: null })),
      ...this.#pdqHits(item.id),
    ];
    const hits = found.map(hitOf);
    const now = new Date().toISOString();
    const before = new Map(
      (
        db
          .prepare('SELECT bank_id, algorithm, matched_value, flagged_at FROM matches WHERE item_id = ?')
          .all(item.id) as Array<{
          bank_id: string;
          algorithm: string;
          matched_value: string;
          flagged_at: string | null;
        }>
      ).map((r) => [`${r.bank_id} ${r.algorithm} ${r.matched_value}`, r.flagged_at]),
    );
    const matches: ItemMatch[] = found.map(({ row, distance, transform, frame }, i) => {
      const by = row.kind === 'known' ? suppressorOf(hits[i] as Hit, hits) : null;
      const key = `${row.bank_id} ${row.algorithm} ${row.value}`;
      const isNew = !before.has(key) && options.flagNew === true && row.kind === 'known' && !by;
      return {
        bankId: row.bank_id,
        bankName: row.name,
        bankVersion: row.version,
        bankKind: row.kind,
        algorithm: row.algorithm,
        matchedValue: row.value,
        distance,
        transform,
        label: row.label,
        category: row.category,
        suppressedBy: by ? `${by.bankName} ${by.bankVersion}` : null,
        suppressor: by
          ? {
              bank: by.bankName,
              bankVersion: by.bankVersion,
              algorithm: by.algorithm,
              value: by.value,
              distance: by.distance,
            }
          : null,
        flaggedAt: isNew ? now : (before.get(key) ?? null),
        ...(frame !== undefined ? { frame } : {}),
      };
    });
    db.transaction(() => {
      db.prepare('DELETE FROM matches WHERE item_id = ?').run(item.id);
      const insert = db.prepare(
        `INSERT OR IGNORE INTO matches (item_id, bank_id, bank_name, bank_version, bank_kind, algorithm, matched_value,
           distance, label, category, suppressed_by, matched_at, transform, suppressor, flagged_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      );
      for (const m of matches) {
        insert.run(
          item.id,
          m.bankId,
          m.bankName,
          m.bankVersion,
          m.bankKind,
          m.algorithm,
          m.matchedValue,
          m.distance,
          m.label,
          m.category,
          m.suppressedBy,
          now,
          m.transform,
          m.suppressor ? JSON.stringify(m.suppressor) : null,
          m.flaggedAt,
        );
      }
      dequeueRematch(this.vault, item.id);
      this.vault.record('item.match', [item.id], {
        threshold: this.threshold,
        pdqQuality: itemPdq(this.vault, item.id)?.quality ?? null,
        matches: matches.map((m) => ({
          bank: `${m.bankName} ${m.bankVersion}`,
          algorithm: m.algorithm,
          value: m.matchedValue,
          distance: m.distance,
          ...(m.frame !== undefined ? { frame: m.frame } : {}),
          ...(m.transform && m.transform !== 'original' ? { transform: m.transform } : {}),
          ...(m.suppressor ? { suppressedBy: m.suppressedBy, suppressor: m.suppressor } : {}),
          ...(m.flaggedAt === now ? { flagged: true } : {}),
        })),
      });
    })();
    return matches;
  }
}

/** Whether an item with these matches goes first in review: it has a known match no allow bank suppresses. */
export function shownFirst(matches: readonly ItemMatch[]): boolean {
  return matches.some((m) => m.bankKind === 'known' && !m.suppressedBy);
}
