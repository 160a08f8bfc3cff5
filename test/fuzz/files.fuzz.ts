// Files Custody reads that a person or another program may have changed: a platform's case file
// (shared/case-file.ts through media/import-case.ts), the vault's keyslots.json (vault/keyslots.ts) and the
// EXIF block kept as evidence (review/exif.ts). Damaged or structurally mutated copies of valid files and
// arbitrary JSON end in a typed error with field paths, never another exception; valid files round-trip.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import sharp from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';
import { CaseFileError } from '../../main/core/media/import-case';
import { importCase, readCaseFile } from '../../main/core/media/import-case';
import { exampleCaseFile } from '../../main/core/review/case-example';
import { exifPairs } from '../../main/core/review/exif';
import { readKeySlots, writeKeySlots } from '../../main/core/vault/keyslots';
import { TamperDetectedError } from '../../main/core/errors';
import { Vault } from '../../main/core/identity';
import { jpegWithExif } from '../support/media';
import { passphrases } from '../support/temp';
import { fuzzTarget } from './harness';
import { damaged, hostileJsonText } from './mutate';

const scratch = mkdtempSync(join(tmpdir(), 'custody-fuzz-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
/** Writes `text` to the scratch folder's input file (one at a time, so the folder stays small). */
function file(text: string | Buffer): string {
  const path = join(scratch, 'input.json');
  writeFileSync(path, text);
  return path;
}

const example = exampleCaseFile(new Date('2026-06-01T00:00:00Z'));

const vaultDir = join(scratch, 'vault');
const made = await Vault.create(
  vaultDir,
  { user: 'ana', passphrase: passphrases.ana },
  { stateDir: join(scratch, 'state') },
);
made.lock();
const keySlots = JSON.parse(await readFile(join(vaultDir, 'keyslots.json'), 'utf8')) as unknown;

const exifBlocks = await Promise.all(
  [1, 2, 3].map(async (seed) => (await sharp(await jpegWithExif(seed)).metadata()).exif as Buffer),
);

// A case folder holding what a hostile case file may point at: a regular file, a folder, a FIFO, a link
// to a file outside, a link to a folder outside, and a link that stays inside.
const caseRoot = join(scratch, 'case');
mkdirSync(join(caseRoot, 'media', 'folder'), { recursive: true });
writeFileSync(join(scratch, 'outside.txt'), 'generated: outside the case folder\n');
writeFileSync(join(caseRoot, 'media', 'note.txt'), 'generated: inside the case folder\n');
execFileSync('mkfifo', [join(caseRoot, 'media', 'fifo')]);
symlinkSync(join(scratch, 'outside.txt'), join(caseRoot, 'media', 'out-link'));
symlinkSync(scratch, join(caseRoot, 'media', 'dir-link'));
symlinkSync('note.txt', join(caseRoot, 'media', 'in-link'));
const caseRootReal = realpathSync(caseRoot);
const SEGMENTS = [
  'media',
  'note.txt',
  'folder',
  'fifo',
  'out-link',
  'dir-link',
  'in-link',
  'outside.txt',
  '..',
  '.',
  '',
  'case.json',
  '%2e%2e',
  '..\\..',
  '/etc/passwd',
  'C:',
  '\u0000',
  'x',
];

describe('case files, keyslots.json and EXIF on hostile input', () => {
  fuzzTarget(
    'case import with hostile file paths (importCase locating media)',
    () =>
      fc.array(
        fc
          .array(fc.constantFrom(...SEGMENTS), { minLength: 1, maxLength: 5 })
          .map((parts) => parts.join('/')),
        { minLength: 1, maxLength: 4 },
      ),
    async (paths) => {
      const caseFile = { ...example, files: paths.map((path) => ({ path })) };
      const where = join(caseRoot, 'case.json');
      writeFileSync(where, JSON.stringify(caseFile));
      const imported = await importCase(made, where);
      // Imported: then every file it took is a regular file inside the case folder, reached without
      // leaving it (a link that stays inside is allowed).
      for (const item of imported.items) expect(item.path.startsWith(`${caseRootReal}/`)).toBe(true);
      for (const item of imported.items) expect(item.path).not.toMatch(/outside|fifo|folder$/);
    },
  );

  fuzzTarget(
    'case file (readCaseFile)',
    () => hostileJsonText(example),
    async (text) => {
      try {
        await readCaseFile(file(text));
      } catch (error) {
        expect(error).toBeInstanceOf(CaseFileError);
        for (const issue of (error as CaseFileError).issues ?? []) expect(typeof issue.path).toBe('string');
        throw error;
      }
    },
  );

  it('reads a generated valid case file back as written (round trip)', async () => {
    expect(await readCaseFile(file(JSON.stringify(example)))).toEqual(example);
  });

  fuzzTarget(
    'keyslots.json (readKeySlots)',
    () => hostileJsonText(keySlots),
    async (text) => {
      let read;
      try {
        read = await readKeySlots(file(text));
      } catch (error) {
        expect(error).toBeInstanceOf(TamperDetectedError);
        throw error;
      }
      // What was read writes back and reads again as the same slots.
      const again = join(scratch, 'written-back.json');
      await writeKeySlots(again, read);
      expect(await readKeySlots(again)).toEqual(read);
    },
  );

  fuzzTarget(
    'EXIF block (exifPairs)',
    () =>
      fc.oneof(
        fc.constantFrom(...exifBlocks).chain((block) => damaged(block, 6)),
        fc
          .uint8Array({ maxLength: 600 })
          .map((bytes) => Buffer.concat([Buffer.from('Exif\0\0MM\0*'), bytes])),
        fc
          .uint8Array({ maxLength: 600 })
          .map((bytes) => Buffer.concat([Buffer.from('Exif\0\0II*\0'), bytes])),
      ),
    (bytes) => {
      for (const pair of exifPairs(bytes.toString('base64'))) {
        expect(typeof pair.name).toBe('string');
        expect(pair.value.length).toBeLessThanOrEqual(2000);
      }
    },
    { typedErrorsAreCrashes: true },
  );
});
