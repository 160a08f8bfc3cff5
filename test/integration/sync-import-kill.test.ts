// kill -9 during `custody sync import` once a seeded number of the bundle's originals are written into
// staging/: the next unlock sweeps what the import left, no file of the vault holds an original's
// plaintext, nothing was taken in, the vault still verifies, and the bundle is then taken in whole.
// Moments come from a printed seed: CUSTODY_KILL_SEED=<seed> replays a run.
import { randomBytes } from 'node:crypto';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { Vault } from '../../main/core/identity';
import { ingestPaths } from '../../main/core/media';
import { itemProjection } from '../../main/core/review';
import { exportBundle, importBundle } from '../../main/core/sync';
import { liveBlobIds } from '../../main/core/vault';
import { verifyVault } from '../../main/core/verify';
import { startCli } from '../support/cli';
import { seededRandom, testSeed } from '../support/random';
import { makeTeam, type Member } from '../support/sync';
import { passphrases, useTempDirs } from '../support/temp';

const tempDir = useTempDirs();
const seed = testSeed('CUSTODY_KILL_SEED');
const random = seededRandom(seed);
const images = 8;
const killPoints = 3;

async function filesUnder(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await filesUnder(path)));
    else out.push(path);
  }
  return out;
}

async function stagedFiles(vaultDir: string): Promise<number> {
  return (await readdir(join(vaultDir, 'staging')).catch(() => [] as string[])).length;
}

describe('kill -9 during a sync import', () => {
  it(`leaves nothing the next unlock does not sweep (${killPoints} kills)`, async () => {
    const [a, b] = (await makeTeam(tempDir, ['a', 'b'])) as [Member, Member];
    const media = await tempDir();
    const originals: Buffer[] = [];
    for (let i = 0; i < images; i++) {
      const png = await sharp(randomBytes(384 * 384 * 3), { raw: { width: 384, height: 384, channels: 3 } })
        .png({ compressionLevel: 1 })
        .toBuffer();
      originals.push(png);
      await writeFile(join(media, `noise-${i}.png`), png);
    }
    await ingestPaths(
      a.vault,
      originals.map((_, i) => join(media, `noise-${i}.png`)),
    );
    const bundle = join(a.root, 'bundle.age');
    await exportBundle(a.vault, bundle, { to: [b.vault.workstationId] });
    const dir = join(b.root, 'vault');
    const stateDir = join(b.root, 'state');
    b.vault.lock();
    let killedWhileStaging = 0;
    for (let round = 0; round < killPoints; round++) {
      const child = await startCli(['sync', 'import', '--vault', dir, bundle], {
        env: { CUSTODY_STATE_DIR: stateDir },
        passphrase: passphrases.ana,
      });
      const exited = new Promise<void>((done) => child.on('close', () => done()));
      let running = true;
      void exited.then(() => (running = false));
      // The kill lands once a seeded number of the originals are written into staging/.
      const threshold = 1 + Math.floor(random.next() * (images - 1));
      while (running && (await stagedFiles(dir)) < threshold) await new Promise((r) => setTimeout(r, 2));
      if (running) {
        child.kill('SIGKILL');
        killedWhileStaging++;
      }
      await exited;

      const vault = await Vault.unlock(dir, { user: 'ana', passphrase: passphrases.ana }, { stateDir });
      try {
        expect(await readdir(join(dir, 'staging')), `staging/ after kill ${round}`).toEqual([]);
        const live = new Set(liveBlobIds(vault.db));
        const blobFiles = (await filesUnder(join(dir, 'blobs'))).map((p) => p.split('/').pop() ?? '');
        expect(
          blobFiles.filter((id) => !live.has(id)),
          `unrecorded blob files after kill ${round}`,
        ).toEqual([]);
        for (const file of await filesUnder(dir)) {
          const bytes = await readFile(file);
          for (const original of originals)
            expect(bytes.includes(original.subarray(2048, 2048 + 64)), `plaintext in ${file}`).toBe(false);
        }
        expect(itemProjection(vault)).toHaveLength(0);
        const report = await verifyVault(vault);
        expect(report.problems, `after kill ${round}`).toEqual([]);
      } finally {
        vault.lock();
      }
    }
    console.log(
      `sync import kill test (CUSTODY_KILL_SEED=${seed}): ${killedWhileStaging} of ${killPoints} kills while originals were staged`,
    );
    expect(killedWhileStaging, `kills while staging (CUSTODY_KILL_SEED=${seed})`).toBe(killPoints);
    const vault = await Vault.unlock(dir, { user: 'ana', passphrase: passphrases.ana }, { stateDir });
    try {
      const summary = await importBundle(vault, bundle);
      expect(summary.newItems).toBe(images);
    } finally {
      vault.lock();
    }
  }, 300_000);
});
