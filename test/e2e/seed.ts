// A review vault for the end-to-end tests, built with the core's own functions before the app starts:
// generated shapes and patterns only (never anything else), a known bank that matches some of them by
// exact hash and some by the PDQ hash of a resized, re-encoded copy, an allow bank suppressing one match,
// a file that is not an image and an image that cannot be decoded.
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';
import { generateSelfSignedIdentity } from '../../main/core/identity/organisation';
import { installIdentity } from '../../main/core/identity/store';
import type { BankEntry } from '../../main/core/matching/banks/entry';
import { importBank } from '../../main/core/matching/banks/store';
import { hashImage } from '../../main/core/matching/pdq';
import { ingestPaths } from '../../main/core/media/ingest';
import { writeExampleCase } from '../../main/core/review/case-example';
import { importCase } from '../../main/core/media';
import { addUser, Vault } from '../../main/core/identity';
import { jpegWithExif, patternImage, shapesImage } from '../support/media';
import type { VaultSeed } from './fixtures';

export const reviewVault = { name: 'Review', user: 'ana', passphrase: 'correct horse battery staple' };

/** What the seed holds, by file name: how each one should show in the grid. */
export const seeded = {
  exact: ['exact-sha256.png', 'exact-md5.png', 'exact-sha1.png'],
  nearCopies: ['near-copy-1.png', 'near-copy-2.png'],
  suppressed: 'allowed.png',
  plain: ['scene-07.png', 'scene-08.png', 'scene-09.png', 'scene-10.png', 'pattern-11.png', 'camera.jpg'],
  notImage: 'notes.txt',
  undecodable: 'broken.jpg',
  bank: { name: 'known-test', version: '2026-11' },
  allowBank: { name: 'allow-test', version: '1' },
} as const;

export const seededCount = 3 + 2 + 1 + 6 + 2;
export const viewableCount = seededCount - 2;

const digest = (algorithm: string, bytes: Buffer) => createHash(algorithm).update(bytes).digest('hex');

async function* entries(rows: Array<Omit<BankEntry, 'line'>>) {
  let line = 0;
  for (const row of rows) yield { entry: { ...row, line: ++line } };
}

/** The copy a platform would have made: smaller and JPEG-compressed, so its PDQ differs a little. */
async function reencoded(bytes: Buffer): Promise<Buffer> {
  return sharp(bytes).resize(200, 150).jpeg({ quality: 70 }).toBuffer();
}

export const reviewSeed: VaultSeed = {
  async run(folders) {
    const files: Record<string, Buffer> = {};
    const [sha256Hit, md5Hit, sha1Hit, near1, near2, allowed] = await Promise.all(
      [1, 2, 3, 4, 5, 6].map((seed) => shapesImage(seed)),
    );
    Object.assign(files, {
      'exact-sha256.png': sha256Hit,
      'exact-md5.png': md5Hit,
      'exact-sha1.png': sha1Hit,
      'near-copy-1.png': near1,
      'near-copy-2.png': near2,
      'allowed.png': allowed,
      'scene-07.png': await shapesImage(7),
      'scene-08.png': await shapesImage(8),
      'scene-09.png': await shapesImage(9),
      'scene-10.png': await shapesImage(10),
      'pattern-11.png': await patternImage(11, 'png', { width: 240, height: 160 }),
      'camera.jpg': await jpegWithExif(12),
      'notes.txt': Buffer.from('Case notes: nothing to display here.\n'),
      'broken.jpg': (await shapesImage(13)).subarray(0, 300),
    });
    const vault = await Vault.create(
      join(folders.vaultsRoot, reviewVault.name),
      { user: reviewVault.user, passphrase: reviewVault.passphrase },
      { stateDir: folders.stateDir },
    );
    const source = await mkdtemp(join(folders.userData, 'source-'));
    try {
      for (const [name, bytes] of Object.entries(files)) await writeFile(join(source, name), bytes);
      const pdq = async (bytes: Buffer) => (await hashImage(bytes)).hash;
      // Banks first: matching happens at ingest.
      await importBank(
        vault,
        entries([
          { algorithm: 'sha256', value: digest('sha256', sha256Hit as Buffer), label: 'ref-1' },
          { algorithm: 'md5', value: digest('md5', md5Hit as Buffer), label: 'ref-2' },
          { algorithm: 'sha1', value: digest('sha1', sha1Hit as Buffer), label: 'ref-3' },
          { algorithm: 'pdq', value: await pdq(await reencoded(near1 as Buffer)), label: 'ref-4' },
          // Banked mirrored: near-copy-2.png matches through one of its 8 orientations.
          {
            algorithm: 'pdq',
            value: await pdq(
              await reencoded(
                await sharp(near2 as Buffer)
                  .flop()
                  .toBuffer(),
              ),
            ),
            label: 'ref-5',
          },
          { algorithm: 'sha1', value: digest('sha1', allowed as Buffer), label: 'ref-6' },
        ]),
        { ...seeded.bank, source: 'generated for tests', kind: 'known', format: 'test' },
      );
      await importBank(
        vault,
        entries([{ algorithm: 'sha256', value: digest('sha256', allowed as Buffer) }]),
        {
          ...seeded.allowBank,
          source: 'generated for tests',
          kind: 'allow',
          format: 'test',
        },
      );
      const summary = await ingestPaths(vault, [source]);
      if (summary.ingested !== seededCount)
        throw new Error(`The review seed ingested ${summary.ingested} of ${seededCount} files.`);
    } finally {
      vault.lock();
      await rm(source, { recursive: true, force: true });
    }
  },
};

export const casesVault = {
  name: 'Cases',
  user: 'ana',
  passphrase: 'correct horse battery staple',
  analyst: { user: 'ben', passphrase: 'another correct horse battery' },
};

/** The two cases the report test opens: the complete example, and one without a reporter. */
export const seededCases = {
  complete: 'Example: shared images flagged by hash match (benign demonstration data)',
  incomplete: 'Incomplete example: reporter missing (benign demonstration data)',
} as const;

/**
 * A vault with two cases built from the core's benign example (generated shapes): the complete example,
 * detected two hours ago; and a copy detected 32 hours ago (so it is overdue and listed first) whose
 * report has no reporter. An organisation signing identity is installed so reports can be exported, and
 * an analyst, who may save reports but not export them.
 */
export const casesSeed: VaultSeed = {
  async run(folders) {
    const vault = await Vault.create(
      join(folders.vaultsRoot, casesVault.name),
      { user: casesVault.user, passphrase: casesVault.passphrase },
      { stateDir: folders.stateDir },
    );
    const source = await mkdtemp(join(folders.userData, 'cases-'));
    try {
      const incomplete = await writeExampleCase(
        join(source, 'incomplete'),
        new Date(Date.now() - 30 * 3600_000),
      );
      const caseFile = JSON.parse(await readFile(incomplete, 'utf8')) as {
        title: string;
        report: Record<string, unknown>;
      };
      delete caseFile.report.reporter;
      caseFile.title = seededCases.incomplete;
      await writeFile(incomplete, JSON.stringify(caseFile, null, 2));
      await importCase(vault, await writeExampleCase(join(source, 'complete')));
      await importCase(vault, incomplete);
      installIdentity(
        vault,
        await generateSelfSignedIdentity({
          commonName: 'Custody e2e',
          organisation: 'Example Trust & Safety',
        }),
        'self-signed',
      );
      await addUser(vault, casesVault.analyst.user, casesVault.analyst.passphrase, 'analyst');
    } finally {
      vault.lock();
      await rm(source, { recursive: true, force: true });
    }
  },
};
