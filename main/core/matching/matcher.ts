// Matches items against the vault's banks: exact MD5/SHA-1/SHA-256 through the database index, PDQ through
// the persistent per-bank index (every bank hash within the threshold, the same answer as brute force),
// queried with the item's hash and its 7 other dihedral orientations, so rotated and mirrored copies are
// found; each PDQ match records which orientation matched. Allow banks suppress known matches only under
// allow-rules.ts, and a suppressed match is stored and shown with the allow entry that suppressed it. PDQ
// hashes with quality below 50 are stored but never matched. Each item's matches are replaced as a whole,
// in one transaction with its `item.match` ledger entry, which also takes it off the re-match queue.
// An animation's later frames (item_pdq_frames) are queried too: a PDQ match then says which frame matched.
// A video's vPDQ frames (item_vpdq_frames) are queried the same way, in all 8 orientations, so a still in
// a PDQ bank is found inside the video (the match cites the frame and its timestamp); and the video is
// compared with every video of the live vPDQ banks by the two vPDQ percentages (vpdq-match.ts).
import type { Vault } from '../identity';
import { suppressorOf, type Hit } from './allow-rules';
import { itemDihedral } from './item-dihedral';
import { itemPdq, itemPdqFrames } from './item-pdq';
import { itemVpdq, itemVpdqFrames } from './item-vpdq';
import { DIHEDRAL_TRANSFORMS, type DihedralTransform } from './pdq';
import { DEFAULT_PDQ_THRESHOLD } from './pdq-index';
import { dequeueRematch } from './rematch-queue';
import { openSegments } from './stored-pdq-index';
import { VpdqBankIndex } from './vpdq-match';

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
  algorithm: 'md5' | 'sha1' | 'sha256' | 'pdq' | 'vpdq';
  /** For vPDQ: the bank video's label. */
  matchedValue: string;
  distance: number;
  /** For PDQ: the orientation of the item that matched ('original' unless rotated or mirrored). */
  transform: DihedralTransform | null;
  label: string | null;
  category: string | null;
  /** "<bank> <version>" of the allow entry that suppressed this known match. */
  suppressedBy: string | null;
  /** For a PDQ match of an animation or a video: the frame (0-based) whose hash matched. */
  frame?: number;
  /** For a PDQ match of a video: the matching frame's time in the video, in seconds. */
  timestampSeconds?: number;
  /** For a vPDQ match: the percentage of the item's frames that match the bank video, and the reverse. */
  queryPercent?: number;
  targetPercent?: number;
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

/** Where in the item a PDQ match was found: an animation's or a video's frame. */
interface FramePlace {
  frame?: number;
  timestampSeconds?: number;
}

interface Found extends FramePlace {
  row: BankHashRow;
  distance: number;
  transform: DihedralTransform | null;
  queryPercent?: number;
  targetPercent?: number;
}

interface Query extends FramePlace {
  transform: DihedralTransform;
  hash: string;
}

/** A vPDQ match's distance: how far the weaker of its two percentages is from 100. */
export function vpdqDistance(queryPercent: number, targetPercent: number): number {
  return Math.ceil(100 - Math.min(queryPercent, targetPercent));
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

  #videoIndex: { key: string; index: VpdqBankIndex } | null = null;

  /** The item's PDQ hashes worth querying: each orientation of quality >= 50, the plain hash as 'original'. */
  #queries(itemId: string): Query[] {
    const pdq = itemPdq(this.vault, itemId);
    const frames = itemPdqFrames(this.vault, itemId);
    const first = frames.length > 0 ? { frame: 0 } : {};
    const queries: Query[] = [];
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
    const seen = new Set(queries.map((q) => q.hash));
    for (const f of itemVpdqFrames(this.vault, itemId)) {
      if (f.quality < minMatchQuality) continue;
      const place = { frame: f.frameNumber, timestampSeconds: f.timestampSeconds };
      const orientations = f.dihedral ?? [f.hash];
      orientations.forEach((hash, i) => {
        if (seen.has(hash)) return;
        seen.add(hash);
        queries.push({ transform: DIHEDRAL_TRANSFORMS[i] ?? 'original', hash, ...place });
      });
    }
    return queries;
  }

  /** The videos of the live vPDQ banks that the item's vPDQ frames match by both percentages. */
  #videoHits(itemId: string, live: readonly string[]): Found[] {
    const frames = itemVpdqFrames(this.vault, itemId);
    const every = itemVpdq(this.vault, itemId)?.everySeconds;
    if (frames.length === 0 || every === undefined) return [];
    const key = `${live.join(' ')} every ${every}`;
    if (this.#videoIndex?.key !== key)
      this.#videoIndex = { key, index: new VpdqBankIndex(this.vault, live, every) };
    const banks = new Map(
      (
        this.vault.db
          .prepare(`SELECT id, name, version, kind FROM banks WHERE id IN (SELECT value FROM json_each(?))`)
          .all(JSON.stringify(live)) as Array<{
          id: string;
          name: string;
          version: string;
          kind: 'known' | 'allow';
        }>
      ).map((b) => [b.id, b]),
    );
    return this.#videoIndex.index.match(frames).flatMap(({ video, queryPercent, targetPercent }) => {
      const bank = banks.get(video.bankId);
      if (!bank) return [];
      return [
        {
          row: {
            bank_id: bank.id,
            name: bank.name,
            version: bank.version,
            kind: bank.kind,
            algorithm: 'vpdq' as const,
            value: video.label,
            label: video.label,
            category: video.category,
          },
          distance: vpdqDistance(queryPercent, targetPercent),
          transform: null,
          queryPercent,
          targetPercent,
        },
      ];
    });
  }

  #liveBanks(): string[] {
    return this.vault.db
      .prepare('SELECT id FROM banks WHERE removed_at IS NULL ORDER BY id')
      .pluck()
      .all() as string[];
  }

  /** Every bank PDQ value within the threshold of any orientation, each at its closest orientation. */
  #pdqHits(itemId: string): Found[] {
    const queries = this.#queries(itemId);
    if (queries.length === 0) return [];
    const live = this.#liveBanks();
    const lookup = this.vault.db.prepare(
      `SELECT ${bankHashColumns} FROM bank_hashes h JOIN banks b ON b.id = h.bank_id
       WHERE h.algorithm = 'pdq' AND h.value = ? AND h.bank_id = ?`,
    );
    const found: Found[] = [];
    for (const segment of openSegments(this.vault, live)) {
      const best = new Map<number, { distance: number; query: Query }>();
      for (const query of queries) {
        for (const hit of segment.index.query(query.hash, this.threshold)) {
          const seen = best.get(hit.id);
          if (!seen || hit.distance < seen.distance) best.set(hit.id, { distance: hit.distance, query });
        }
      }
      for (const [id, { distance, query }] of best) {
        const place = {
          ...(query.frame !== undefined ? { frame: query.frame } : {}),
          ...(query.timestampSeconds !== undefined ? { timestampSeconds: query.timestampSeconds } : {}),
        };
        for (const row of lookup.all(segment.index.hashAt(id), segment.bankId) as BankHashRow[])
          found.push({ row, distance, transform: query.transform, ...place });
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
      ...this.#videoHits(item.id, this.#liveBanks()),
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
    const matches: ItemMatch[] = found.map((f, i) => {
      const { row, distance, transform } = f;
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
        ...(f.frame !== undefined ? { frame: f.frame } : {}),
        ...(f.timestampSeconds !== undefined ? { timestampSeconds: f.timestampSeconds } : {}),
        ...(f.queryPercent !== undefined ? { queryPercent: f.queryPercent } : {}),
        ...(f.targetPercent !== undefined ? { targetPercent: f.targetPercent } : {}),
      };
    });
    db.transaction(() => {
      db.prepare('DELETE FROM matches WHERE item_id = ?').run(item.id);
      const insert = db.prepare(
        `INSERT OR IGNORE INTO matches (item_id, bank_id, bank_name, bank_version, bank_kind, algorithm, matched_value,
           distance, label, category, suppressed_by, matched_at, transform, suppressor, flagged_at,
           frame, timestamp_seconds, query_percent, target_percent)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
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
          m.frame ?? null,
          m.timestampSeconds ?? null,
          m.queryPercent ?? null,
          m.targetPercent ?? null,
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
          ...(m.timestampSeconds !== undefined ? { timestampSeconds: m.timestampSeconds } : {}),
          ...(m.queryPercent !== undefined
            ? { queryPercent: m.queryPercent, targetPercent: m.targetPercent }
            : {}),
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
