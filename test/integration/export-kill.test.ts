// kill -9 during `custody report build` of a case with a large file (finding 7): the next unlock removes
// the interrupted staging folder, records the interruption, and leaves neither a partial package nor any
// plaintext beside the destination; the vault still verifies. Moments come from a printed seed:
// CUSTODY_KILL_SEED=<seed> replays a run.
import { mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { installIdentity, Vault } from '../../main/core/identity';
import { generateSelfSignedIdentity } from '../../main/core/identity/organisation';
import { importCase } from '../../main/core/media';
import { writeExampleCase } from '../../main/core/review/case-example';
import { verifyVault } from '../../main/core/verify';
import { startCli } from '../support/cli';
import { seededRandom, testSeed } from '../support/random';
import { passphrases, useTempDirs } from '../support/temp';

const tempDir = useTempDirs();
const seed = testSeed('CUSTODY_KILL_SEED');
const random = seededRandom(seed);
const bigBytes = 48 * 1024 * 1024;
const killPoints = 4;

/** Bytes of the large original written so far into any staging folder under `out`, or -1 if none yet. */
async function stagedBytes(out: string): Promise<number> {
  for (const name of await readdir(out)) {
    if (!name.startsWith('.custody-export-')) continue;
    const big = join(out, name, 'export', 'files', '0005-big.bin');
    return stat(big).then(
      (s) => s.size,
      () => 0,
    );
  }
  return -1;
}

async function caseWithLargeFile(root: string): Promise<{ dir: string; stateDir: string; caseId: string }> {
  const dir = join(root, 'vault');
  const stateDir = join(root, 'state');
  const vault = await Vault.create(dir, { user: 'ana', passphrase: passphrases.ana }, { stateDir });
  installIdentity(
    vault,
    await generateSelfSignedIdentity({ commonName: 'Example report signing', organisation: 'Example' }),
    'self-signed',
  );
  const casePath = await writeExampleCase(join(root, 'case'));
  const caseFile = JSON.parse(await readFile(casePath, 'utf8')) as { files: unknown[] };
  const big = Buffer.alloc(bigBytes);
  for (let at = 0; at < bigBytes; at += 4) big.writeUInt32LE(random.uint32(), at);
  await writeFile(join(root, 'case', 'media', 'big.bin'), big);
  caseFile.files.push({ path: 'media/big.bin', fileRelevance: 'Reported' });
  await writeFile(casePath, JSON.stringify(caseFile));
  const { caseId } = await importCase(vault, casePath);
  vault.lock();
  return { dir, stateDir, caseId };
}

describe('kill -9 during a report package build', () => {
  it(`leaves nothing behind after the next unlock (${killPoints} kills)`, async () => {
    const root = await tempDir();
    const { dir, stateDir, caseId } = await caseWithLargeFile(root);
    let killedWhileWriting = 0;
    for (let round = 0; round < killPoints; round++) {
      const out = join(root, `out-${round}`);
      await mkdir(out);
      const child = await startCli(
        ['report', 'build', '--vault', dir, '--case', caseId, '--out', join(out, 'package')],
        { env: { CUSTODY_STATE_DIR: stateDir }, passphrase: passphrases.ana },
      );
      const exited = new Promise<void>((done) => child.on('close', () => done()));
      let running = true;
      void exited.then(() => (running = false));
      // The kill lands once a seeded share of the large original is on disk in the staging folder.
      const threshold = Math.floor(bigBytes * (0.1 + 0.8 * random.next()));
      while (running && (await stagedBytes(out)) < threshold) await new Promise((r) => setTimeout(r, 5));
      if (running) {
        child.kill('SIGKILL');
        killedWhileWriting++;
      }
      await exited;

      const vault = await Vault.unlock(dir, { user: 'ana', passphrase: passphrases.ana }, { stateDir });
      try {
        expect(await readdir(out), `after kill ${round}`).toEqual([]);
        const interrupted = vault.db
          .prepare(`SELECT count(*) FROM exports WHERE state = 'interrupted'`)
          .pluck()
          .get() as number;
        expect(interrupted).toBe(killedWhileWriting);
        const entries = vault.ledger.entriesFor(caseId).map((e) => e.action);
        expect(entries.filter((a) => a === 'export.start')).toHaveLength(round + 1);
        expect(entries).not.toContain('report.build');
        const report = await verifyVault(vault);
        expect(report.problems, `after kill ${round}`).toEqual([]);
      } finally {
        vault.lock();
      }
    }
    console.log(
      `report build kill test (CUSTODY_KILL_SEED=${seed}): ${killedWhileWriting} of ${killPoints} kills while the large original was written`,
    );
    expect(killedWhileWriting, `kills while writing (CUSTODY_KILL_SEED=${seed})`).toBe(killPoints);
  }, 300_000);
});
