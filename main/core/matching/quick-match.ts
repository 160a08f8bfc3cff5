// Matching without a vault, for a quick check: a hash-list file held in memory (exact hashes in maps, PDQ
// hashes in the exact index) against image files, each read once for its three hashes and PDQ-hashed on
// the worker pool in all 8 orientations, so rotated and mirrored copies match too. Writes nothing anywhere.
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import type { BankEntry, ImportItem, ImportProblem } from './banks/entry';
import { minMatchQuality } from './matcher';
import { DIHEDRAL_TRANSFORMS, hashFiles, type DihedralTransform, type PdqResult } from './pdq';
import { DEFAULT_PDQ_THRESHOLD, PdqIndex } from './pdq-index';

export interface QuickMatch {
  algorithm: BankEntry['algorithm'];
  value: string;
  distance: number;
  /** For PDQ: the orientation of the file that matched. */
  transform: DihedralTransform | null;
  label: string | null;
  line: number;
}

/** The file's hashes worth querying: each orientation of quality >= 50, the plain hash as 'original'. */
function orientations(pdq: PdqResult): Array<{ transform: DihedralTransform; hash: string }> {
  const queries: Array<{ transform: DihedralTransform; hash: string }> = [];
  if (pdq.quality >= minMatchQuality) queries.push({ transform: 'original', hash: pdq.hash });
  if (pdq.dihedral && pdq.dihedral.quality >= minMatchQuality) {
    pdq.dihedral.hashes.forEach((hash, i) => {
      const transform = DIHEDRAL_TRANSFORMS[i];
      if (transform && transform !== 'original' && !queries.some((q) => q.hash === hash))
        queries.push({ transform, hash });
    });
  }
  return queries;
}

export type QuickResult =
  | { path: string; ok: true; matches: QuickMatch[]; pdqQuality: number | null }
  | { path: string; ok: false; error: string };

export async function quickMatch(
  bank: AsyncIterable<ImportItem>,
  files: readonly string[],
  threshold = DEFAULT_PDQ_THRESHOLD,
): Promise<{ problems: ImportProblem[]; results: QuickResult[] }> {
  const exact = new Map<string, BankEntry[]>();
  const pdqRows: BankEntry[] = [];
  const problems: ImportProblem[] = [];
  for await (const item of bank) {
    if ('problem' in item) problems.push(item.problem);
    else if ('video' in item)
      problems.push({
        line: item.video.line,
        message: `The vPDQ video "${item.video.label}" is matched against videos in a vault only (custody banks import), not here.`,
      });
    else if (item.entry.algorithm === 'pdq') pdqRows.push(item.entry);
    else {
      const key = `${item.entry.algorithm}:${item.entry.value}`;
      exact.set(key, [...(exact.get(key) ?? []), item.entry]);
    }
  }
  const index = new PdqIndex({ threshold, capacity: Math.max(1, pdqRows.length) });
  pdqRows.forEach((row, i) => index.add(i, row.value));
  index.build();

  const pdq = await hashFiles(files, { dihedral: true });
  const results: QuickResult[] = [];
  for (const [i, path] of files.entries()) {
    let hashes: Record<'md5' | 'sha1' | 'sha256', string>;
    try {
      const h = { md5: createHash('md5'), sha1: createHash('sha1'), sha256: createHash('sha256') };
      for await (const chunk of createReadStream(path))
        for (const hash of Object.values(h)) hash.update(chunk as Buffer);
      hashes = { md5: h.md5.digest('hex'), sha1: h.sha1.digest('hex'), sha256: h.sha256.digest('hex') };
    } catch (error) {
      results.push({
        path,
        ok: false,
        error: `cannot read ${path}: ${error instanceof Error ? error.message : String(error)}`,
      });
      continue;
    }
    const matches: QuickMatch[] = [];
    for (const algorithm of ['md5', 'sha1', 'sha256'] as const) {
      for (const entry of exact.get(`${algorithm}:${hashes[algorithm]}`) ?? []) {
        matches.push({
          algorithm,
          value: entry.value,
          distance: 0,
          transform: null,
          label: entry.label ?? null,
          line: entry.line,
        });
      }
    }
    const hashed = pdq[i];
    let pdqQuality: number | null = null;
    if (hashed?.ok) {
      pdqQuality = hashed.pdq.quality;
      const best = new Map<number, { distance: number; transform: DihedralTransform }>();
      for (const { transform, hash } of orientations(hashed.pdq)) {
        for (const hit of index.query(hash)) {
          const seen = best.get(hit.id);
          if (!seen || hit.distance < seen.distance) best.set(hit.id, { distance: hit.distance, transform });
        }
      }
      for (const [id, { distance, transform }] of [...best].sort(
        (a, b) => a[1].distance - b[1].distance || a[0] - b[0],
      )) {
        const row = pdqRows[id] as BankEntry;
        matches.push({
          algorithm: 'pdq',
          value: row.value,
          distance,
          transform,
          label: row.label ?? null,
          line: row.line,
        });
      }
    }
    results.push({ path, ok: true, matches, pdqQuality });
  }
  return { problems, results };
}
