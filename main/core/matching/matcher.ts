// Matches items against the vault's banks: exact MD5/SHA-1/SHA-256 through the database index, PDQ
// through an exact in-memory index (every bank hash within the threshold, the same answer as brute
// force). Allow banks suppress known matches without hiding them: a suppressed match is stored and shown
// with the allow bank that suppressed it. PDQ hashes with quality below 50 are stored but never matched.
// Each item's matches are replaced as a whole, in one transaction with its `item.match` ledger entry.
// The item's hashes come from the caller (the item is review's); its PDQ hashes are read from item_pdq and,
// for an animation's later frames, item_pdq_frames: a PDQ match says which frame matched.
import type { Vault } from '../identity';
import { itemPdq, itemPdqFrames } from './item-pdq';
import { DEFAULT_PDQ_THRESHOLD, PdqIndex } from './pdq-index';

/** The PDQ reference implementation's quality floor for matching. */
export const minMatchQuality = 50;

/** The original hashes of the item to match. */
export interface ItemHashes {
  id: string;
  md5: string;
  sha1: string;
  sha256: string;
}

export interface ItemMatch {
  bankId: string;
  bankName: string;
  bankVersion: string;
  bankKind: 'known' | 'allow';
  algorithm: 'md5' | 'sha1' | 'sha256' | 'pdq';
  matchedValue: string;
  distance: number;
  label: string | null;
  category: string | null;
  suppressedBy: string | null;
  /** For a PDQ match: the frame (0-based) whose hash matched. */
  frame?: number;
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

export class Matcher {
  #pdq: { index: PdqIndex; rows: BankHashRow[] } | null = null;

  constructor(
    private readonly vault: Vault,
    readonly threshold = DEFAULT_PDQ_THRESHOLD,
  ) {}

  /** The PDQ index over every live bank's PDQ hashes, built on first use. */
  #pdqIndex(): { index: PdqIndex; rows: BankHashRow[] } {
    if (!this.#pdq) {
      const rows = this.vault.db
        .prepare(
          `SELECT ${bankHashColumns} FROM bank_hashes h JOIN banks b ON b.id = h.bank_id
           WHERE h.algorithm = 'pdq' AND b.removed_at IS NULL`,
        )
        .all() as BankHashRow[];
      const index = new PdqIndex({ threshold: this.threshold, capacity: Math.max(1, rows.length) });
      rows.forEach((row, i) => index.add(i, row.value));
      index.build();
      this.#pdq = { index, rows };
    }
    return this.#pdq;
  }

  /**
   * Finds, stores and records the matches of one item; returns them (suppressed ones included). The
   * caller puts the item in review order (`shownFirst`) in the same transaction.
   */
  matchItem(item: ItemHashes): ItemMatch[] {
    const db = this.vault.db;
    const pdq = itemPdq(this.vault, item.id);
    const exact = db
      .prepare(
        `SELECT ${bankHashColumns} FROM bank_hashes h JOIN banks b ON b.id = h.bank_id
         WHERE b.removed_at IS NULL AND ((h.algorithm = 'md5' AND h.value = ?) OR (h.algorithm = 'sha1' AND h.value = ?)
           OR (h.algorithm = 'sha256' AND h.value = ?))`,
      )
      .all(item.md5, item.sha1, item.sha256) as BankHashRow[];
    const found: Array<{ row: BankHashRow; distance: number; frame?: number }> = exact.map((row) => ({
      row,
      distance: 0,
    }));
    const frames = [...(pdq ? [{ frame: 0, ...pdq }] : []), ...itemPdqFrames(this.vault, item.id)].filter(
      (f) => f.hash && (f.quality ?? 0) >= minMatchQuality,
    );
    if (frames.length > 0) {
      const { index, rows } = this.#pdqIndex();
      // Each bank hash once, with the frame closest to it (the first such frame on a tie).
      const best = new Map<number, { distance: number; frame: number }>();
      for (const { frame, hash } of frames)
        for (const hit of index.query(hash as string)) {
          const known = best.get(hit.id);
          if (!known || hit.distance < known.distance) best.set(hit.id, { distance: hit.distance, frame });
        }
      for (const [id, { distance, frame }] of best)
        found.push({ row: rows[id] as BankHashRow, distance, frame });
    }
    const allow = found.find((f) => f.row.kind === 'allow');
    const matches: ItemMatch[] = found.map(({ row, distance, frame }) => ({
      bankId: row.bank_id,
      bankName: row.name,
      bankVersion: row.version,
      bankKind: row.kind,
      algorithm: row.algorithm,
      matchedValue: row.value,
      distance,
      label: row.label,
      category: row.category,
      suppressedBy: row.kind === 'known' && allow ? `${allow.row.name} ${allow.row.version}` : null,
      ...(frame !== undefined ? { frame } : {}),
    }));
    const now = new Date().toISOString();
    db.transaction(() => {
      db.prepare('DELETE FROM matches WHERE item_id = ?').run(item.id);
      const insert = db.prepare(
        `INSERT OR IGNORE INTO matches (item_id, bank_id, bank_name, bank_version, bank_kind, algorithm, matched_value,
           distance, label, category, suppressed_by, matched_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
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
        );
      }
      this.vault.record('item.match', [item.id], {
        threshold: this.threshold,
        pdqQuality: pdq?.quality ?? null,
        matches: matches.map((m) => ({
          bank: `${m.bankName} ${m.bankVersion}`,
          algorithm: m.algorithm,
          value: m.matchedValue,
          distance: m.distance,
          ...(m.frame !== undefined ? { frame: m.frame } : {}),
          ...(m.suppressedBy ? { suppressedBy: m.suppressedBy } : {}),
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
