// Matches items against the vault's banks: exact MD5/SHA-1/SHA-256 through the database index, PDQ
// through an exact in-memory index (every bank hash within the threshold, the same answer as brute
// force). Allow banks suppress known matches without hiding them: a suppressed match is stored and shown
// with the allow bank that suppressed it. PDQ hashes with quality below 50 are stored but never matched.
// Each item's matches are replaced as a whole, in one transaction with its `item.match` ledger entry.
import type { Vault } from '../vault/vault';
import { DEFAULT_PDQ_THRESHOLD, PdqIndex } from './pdq-index';

/** The PDQ reference implementation's quality floor for matching. */
export const minMatchQuality = 50;

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

  /** Finds, stores and records the matches of one item; returns them (suppressed ones included). */
  matchItem(itemId: string): ItemMatch[] {
    const db = this.vault.db;
    const item = db
      .prepare(
        `SELECT i.md5, i.sha1, i.sha256, p.hash AS pdq, p.quality FROM items i
         LEFT JOIN item_pdq p ON p.item_id = i.id WHERE i.id = ?`,
      )
      .get(itemId) as
      { md5: string; sha1: string; sha256: string; pdq: string | null; quality: number | null } | undefined;
    if (!item) return [];
    const exact = db
      .prepare(
        `SELECT ${bankHashColumns} FROM bank_hashes h JOIN banks b ON b.id = h.bank_id
         WHERE b.removed_at IS NULL AND ((h.algorithm = 'md5' AND h.value = ?) OR (h.algorithm = 'sha1' AND h.value = ?)
           OR (h.algorithm = 'sha256' AND h.value = ?))`,
      )
      .all(item.md5, item.sha1, item.sha256) as BankHashRow[];
    const found: Array<{ row: BankHashRow; distance: number }> = exact.map((row) => ({ row, distance: 0 }));
    if (item.pdq && (item.quality ?? 0) >= minMatchQuality) {
      const { index, rows } = this.#pdqIndex();
      for (const hit of index.query(item.pdq))
        found.push({ row: rows[hit.id] as BankHashRow, distance: hit.distance });
    }
    const allow = found.find((f) => f.row.kind === 'allow');
    const matches: ItemMatch[] = found.map(({ row, distance }) => ({
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
    }));
    const now = new Date().toISOString();
    db.transaction(() => {
      db.prepare('DELETE FROM matches WHERE item_id = ?').run(itemId);
      const insert = db.prepare(
        `INSERT OR IGNORE INTO matches (item_id, bank_id, bank_name, bank_version, bank_kind, algorithm, matched_value,
           distance, label, category, suppressed_by, matched_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      );
      for (const m of matches) {
        insert.run(
          itemId,
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
      const shownFirst = matches.some((m) => m.bankKind === 'known' && !m.suppressedBy);
      db.prepare('UPDATE items SET review_rank = ? WHERE id = ?').run(shownFirst ? 0 : 1, itemId);
      this.vault.record('item.match', [itemId], {
        threshold: this.threshold,
        pdqQuality: item.quality,
        matches: matches.map((m) => ({
          bank: `${m.bankName} ${m.bankVersion}`,
          algorithm: m.algorithm,
          value: m.matchedValue,
          distance: m.distance,
          ...(m.suppressedBy ? { suppressedBy: m.suppressedBy } : {}),
        })),
      });
    })();
    return matches;
  }
}
