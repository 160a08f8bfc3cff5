// Rotations and mirrors: the reference's 8 orientations of the bridge photo each match, at ingest and in
// `custody match`, a bank holding only the original's PDQ hash, and the match records which orientation
// of the item matched; the item's record shows it.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importBank, quickMatch } from '../../main/core/matching';
import { hammingDistance, hashImage } from '../../main/core/matching/pdq';
import { ingestPaths } from '../../main/core/media';
import { itemDetail } from '../../main/core/review';
import { fixture } from '../support/fixtures';
import { createTestVault, useTempDirs } from '../support/temp';

const tempDir = useTempDirs();
const dih = fixture('pdq', 'images', 'reg-test-input', 'dih');
const photos = readdirSync(dih)
  .filter((name) => name.endsWith('.jpg'))
  .sort();

async function* onlyOriginal(hash: string) {
  yield { entry: { algorithm: 'pdq' as const, value: hash, line: 1, label: 'bridge original' } };
}

describe('dihedral matching', () => {
  it('every rotated or mirrored bridge photo matches a bank holding only the original, by transform', async () => {
    expect(photos).toHaveLength(8);
    const original = (await hashImage(join(dih, 'bridge-1-original.jpg'))).hash;
    // Without the orientations most of them are far from the original: the test can fail.
    const plainDistances = await Promise.all(
      photos.map(async (name) => hammingDistance((await hashImage(join(dih, name))).hash, original)),
    );
    expect(plainDistances.filter((d) => d > 31).length).toBeGreaterThanOrEqual(6);

    const { vault } = await createTestVault(tempDir);
    await importBank(vault, onlyOriginal(original), {
      name: 'bridge',
      version: '1',
      source: 'generated',
      kind: 'known',
      format: 'pdq',
    });
    const summary = await ingestPaths(vault, [dih]);
    expect(summary.ingested).toBe(8);
    const byName = new Map(
      summary.outcomes.map((o) => [o.path.split('/').at(-1), o.kind === 'failed' ? null : o.itemId]),
    );
    const transforms: Record<string, string | null> = {};
    for (const name of photos) {
      const detail = itemDetail(vault, byName.get(name) as string, false);
      expect(detail.matches, name).toHaveLength(1);
      const match = detail.matches[0];
      expect(match).toMatchObject({ bank: 'bridge', algorithm: 'pdq', value: original, suppressedBy: null });
      expect(match?.distance, name).toBeLessThanOrEqual(31);
      expect(detail.match?.transform).toBe(match?.transform);
      expect(detail.matchPending).toBe(false);
      transforms[name] = match?.transform ?? null;
    }
    expect(transforms['bridge-1-original.jpg']).toBe('original');
    // The 7 others match through an orientation other than the original, and not all through the same one.
    const others = photos.filter((n) => n !== 'bridge-1-original.jpg').map((n) => transforms[n]);
    expect(others.every((t) => t !== 'original' && t !== null)).toBe(true);
    expect(new Set(others).size).toBeGreaterThanOrEqual(4);
    // The ledger's item.match entries name the transform too.
    const rotated = vault.ledger.entriesFor(byName.get('bridge-2-rotate-90.jpg') as string, undefined, 10);
    const matchEntry = rotated.find((e) => e.action === 'item.match');
    expect(JSON.stringify(matchEntry?.details)).toContain(
      `"transform":"${transforms['bridge-2-rotate-90.jpg']}"`,
    );
    vault.lock();
  });

  it('quick matching against a list file finds every orientation too', async () => {
    const original = (await hashImage(join(dih, 'bridge-1-original.jpg'))).hash;
    const { results } = await quickMatch(
      onlyOriginal(original),
      photos.map((name) => join(dih, name)),
    );
    for (const result of results) {
      expect(result.ok && result.matches.length, result.path).toBe(1);
      if (result.ok) expect(result.matches[0]?.transform).not.toBeNull();
    }
  });
});
