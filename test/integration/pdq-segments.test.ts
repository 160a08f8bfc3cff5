// The PDQ index kept in the vault's blob store: a bank's segment, read back after a lock, answers exactly
// as the in-memory index and brute force (fast-check over random banks, near-duplicates and thresholds);
// verify names a bank whose segment is missing, stale or damaged, and the next unlock's preparation
// rebuilds a missing one from the bank's rows; a kill -9 during a PDQ bank import (at a seeded moment, or
// just as the segment's blob lands) leaves the old index or the new one, never a corrupt one, and no blob
// file without its key once the next unlock has swept.
// CUSTODY_KILL_SEED=<seed> replays a run.
import fc from 'fast-check';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Vault } from '../../main/core/identity';
import {
  importBank,
  listBanks,
  openSegments,
  pdqIndexProblems,
  preparePdqIndex,
} from '../../main/core/matching';
import { pdqHexToWords, pdqWordsToHex } from '../../main/core/matching/pdq';
import { bruteForce, PdqIndex } from '../../main/core/matching/pdq-index';
import { verifyVault } from '../../main/core/verify';
import { startCli } from '../support/cli';
import { seededRandom, testSeed } from '../support/random';
import { createTestVault, passphrases, useTempDirs } from '../support/temp';

const tempDir = useTempDirs();
const credentials = { user: 'ana', passphrase: passphrases.ana };

async function* entries(values: readonly string[]) {
  let line = 0;
  for (const value of values) yield { entry: { algorithm: 'pdq' as const, value, line: ++line } };
}

function meta(name: string) {
  return { name, version: '1', source: 'test', kind: 'known' as const, format: 'pdq' };
}

function unlock(root: string): Promise<Vault> {
  return Vault.unlock(join(root, 'vault'), credentials, { stateDir: join(root, 'state') });
}

/** `value` with the listed bits flipped. */
function flipped(value: string, bits: readonly number[]): string {
  const words = pdqHexToWords(value);
  for (const bit of bits) words[bit >>> 5] = (words[bit >>> 5] ?? 0) ^ (1 << (bit & 31));
  return pdqWordsToHex(words);
}

const hex = fc.stringMatching(/^[0-9a-f]{64}$/);

/** Blob files under the vault's blobs/ shard folders. */
async function blobFiles(vaultDir: string): Promise<string[]> {
  const shards = await readdir(join(vaultDir, 'blobs')).catch(() => [] as string[]);
  const files: string[] = [];
  for (const shard of shards) files.push(...(await readdir(join(vaultDir, 'blobs', shard)).catch(() => [])));
  return files;
}

describe('the PDQ index in the vault', () => {
  it('answers after a lock exactly as the in-memory index and brute force', async () => {
    const { root, vault } = await createTestVault(tempDir);
    vault.lock();
    let run = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(hex, { minLength: 1, maxLength: 400 }),
        fc.array(fc.record({ of: fc.nat(), bits: fc.uniqueArray(fc.nat({ max: 255 }), { maxLength: 40 }) }), {
          minLength: 1,
          maxLength: 8,
        }),
        fc.integer({ min: 0, max: 63 }),
        async (random, near, threshold) => {
          const values = [
            ...random,
            ...near.map(({ of, bits }) => flipped(random[of % random.length] ?? '', bits)),
          ];
          const writer = await unlock(root);
          const { bank } = await importBank(writer, entries(values), meta(`random-${run++}`));
          writer.lock();
          const reader = await unlock(root);
          try {
            const [segment] = openSegments(reader, [bank.id]);
            const distinct = [...new Set(values)];
            expect(segment?.index.size).toBe(distinct.length);
            const memory = new PdqIndex();
            distinct.forEach((value, id) => memory.add(id, value));
            for (const { of, bits } of near) {
              const query = flipped(values[of % values.length] ?? '', bits.slice(0, 20));
              const want = bruteForce(distinct, query, threshold);
              expect(segment?.index.query(query, threshold)).toEqual(want);
              expect(memory.query(query, threshold)).toEqual(want);
            }
            expect(pdqIndexProblems(reader)).toEqual([]);
          } finally {
            reader.lock();
          }
        },
      ),
      { numRuns: 4 },
    );
  }, 300_000);

  it('verify names a missing, stale or damaged segment; preparing the index rebuilds a missing one', async () => {
    const { root, vault } = await createTestVault(tempDir);
    const random = seededRandom(19);
    const value = () => Array.from({ length: 64 }, () => '0123456789abcdef'[random.int(0, 15)]).join('');
    const a = (await importBank(vault, entries(Array.from({ length: 300 }, value)), meta('a'))).bank;
    const valuesB = Array.from({ length: 300 }, value);
    const b = (await importBank(vault, entries(valuesB), meta('b'))).bank;
    expect(pdqIndexProblems(vault)).toEqual([]);
    expect((await verifyVault(vault)).problems).toEqual([]);
    const segmentOf = (bankId: string) =>
      vault.db.prepare('SELECT * FROM pdq_segments WHERE bank_id = ?').get(bankId) as {
        blob_id: string;
        size: number;
        chunks: number;
      };
    const segmentA = segmentOf(a.id);
    const segmentB = segmentOf(b.id);

    // Stale: bank a's row points at bank b's segment.
    vault.db.prepare('UPDATE pdq_segments SET blob_id = ? WHERE bank_id = ?').run(segmentB.blob_id, a.id);
    expect(pdqIndexProblems(vault)).toEqual([
      expect.stringMatching(/^bank "a" 1: .*stale \(300 of its PDQ values missing, 300/),
    ]);
    vault.db.prepare('UPDATE pdq_segments SET blob_id = ? WHERE bank_id = ?').run(segmentA.blob_id, a.id);

    // Missing: matching meanwhile indexes the bank's rows in memory; preparing stores the segment again.
    vault.db.prepare('DELETE FROM pdq_segments WHERE bank_id = ?').run(b.id);
    expect(pdqIndexProblems(vault)).toEqual([
      expect.stringMatching(/^bank "b" 1: its PDQ index is not stored yet/),
    ]);
    vault.lock();
    const again = await unlock(root);
    const query = flipped(valuesB[7] as string, [1, 2, 3]);
    const [inMemory] = openSegments(again, [b.id]);
    expect(inMemory?.index.query(query, 31).map((m) => inMemory.index.hashAt(m.id))).toEqual([valuesB[7]]);
    expect(await preparePdqIndex(again)).toBe(1);
    expect(pdqIndexProblems(again)).toEqual([]);
    again.lock();
    const rebuilt = await unlock(root);
    const [stored] = openSegments(rebuilt, [b.id]);
    expect(stored?.index.query(query, 31).map((m) => stored.index.hashAt(m.id))).toEqual(
      inMemory?.index.query(query, 31).map((m) => inMemory.index.hashAt(m.id)),
    );

    // Damaged: one byte of bank a's segment blob changed.
    const file = join(root, 'vault', 'blobs', segmentA.blob_id.slice(0, 2), segmentA.blob_id);
    const bytes = await readFile(file);
    bytes[bytes.length - 40] = (bytes[bytes.length - 40] ?? 0) ^ 0x10;
    await writeFile(file, bytes);
    expect(pdqIndexProblems(rebuilt)).toEqual([
      expect.stringMatching(
        /^bank "a" 1: The stored PDQ index of bank .* is damaged \(Blob .* is damaged or truncated/,
      ),
    ]);
    expect(() => openSegments(rebuilt, [a.id])).toThrow(/damaged/);
    rebuilt.lock();
  }, 300_000);

  it('a kill -9 during a PDQ bank import leaves the old index or the new one', async () => {
    const seed = testSeed('CUSTODY_KILL_SEED');
    const random = seededRandom(seed);
    const { root, vault } = await createTestVault(tempDir);
    vault.lock();
    const dir = join(root, 'vault');
    const list = join(root, 'bank.pdq');
    const values = Array.from({ length: 60_000 }, () =>
      Array.from({ length: 64 }, () => '0123456789abcdef'[random.int(0, 15)]).join(''),
    );
    await writeFile(list, `${values.join('\n')}\n`);
    const rounds = 6;
    let landedBefore = 0;
    let landedAfter = 0;
    for (let round = 0; round < rounds; round++) {
      const child = await startCli(
        [
          'banks',
          'import',
          '--vault',
          dir,
          '--format',
          'pdq',
          '--name',
          `kill-${round}`,
          '--version',
          '1',
          list,
        ],
        { env: { CUSTODY_STATE_DIR: join(root, 'state') }, passphrase: passphrases.ana },
      );
      let ended = false;
      const exited = new Promise<void>((done) =>
        child.on('close', () => {
          ended = true;
          done();
        }),
      );
      if (round % 2 === 0) {
        // Just as the segment's blob lands in blobs/: before or after its transaction commits.
        const before = (await blobFiles(dir)).length;
        while (!ended && (await blobFiles(dir)).length === before) await new Promise((r) => setTimeout(r, 1));
      } else if (round < rounds - 1) {
        await new Promise((r) => setTimeout(r, random.int(500, 15_000)));
      } else {
        // The last import runs to its end: the new index, committed.
        await exited;
      }
      child.kill('SIGKILL');
      await exited;
      const after = await unlock(root);
      try {
        const where = `after kill ${round} (CUSTODY_KILL_SEED=${seed})`;
        expect((await verifyVault(after)).problems, where).toEqual([]);
        const bank = listBanks(after).find((b) => b.name === `kill-${round}`);
        if (bank) {
          landedAfter++;
          const [segment] = openSegments(after, [bank.id]);
          expect(segment?.index.size, where).toBe(values.length);
          expect(segment?.index.query(values[round] ?? '', 0).length, where).toBe(1);
        } else landedBefore++;
        const live = after.db.prepare('SELECT id FROM blobs WHERE wrapped_key IS NOT NULL').pluck().all();
        expect((await blobFiles(dir)).sort(), `${where}: no blob file without its key`).toEqual(live.sort());
      } finally {
        after.lock();
      }
    }
    console.log(
      `PDQ index kill test (CUSTODY_KILL_SEED=${seed}): ${landedBefore} kills before the import committed, ${landedAfter} after`,
    );
    expect(landedBefore, `kills that landed before the commit (seed ${seed})`).toBeGreaterThan(0);
    expect(landedAfter, `imports that committed (seed ${seed})`).toBeGreaterThan(0);
  }, 600_000);
});
