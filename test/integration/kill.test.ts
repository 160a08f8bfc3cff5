// kill -9 at random moments during `custody ingest`: afterwards the vault opens and verifies, and every
// item the CLI had reported as ingested is in it; enough kills must land in the middle of a batch. Sizes,
// contents and moments come from a printed seed: CUSTODY_KILL_SEED=<seed> replays a run.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Vault } from '../../main/core/identity';
import { verifyVault } from '../../main/core/verify';
import { startCli } from '../support/cli';
import { patternImage } from '../support/media';
import { seededRandom, testSeed } from '../support/random';
import { passphrases, useTempDirs } from '../support/temp';

const tempDir = useTempDirs();
const killPoints = 24;
const seed = testSeed('CUSTODY_KILL_SEED');
const random = seededRandom(seed);

describe('kill -9 during ingest', () => {
  it(`leaves a vault that opens and verifies, holding every reported item (${killPoints} kill points)`, async () => {
    const root = await tempDir();
    const dir = join(root, 'vault');
    const stateDir = join(root, 'state');
    const first = await Vault.create(dir, { user: 'ana', passphrase: passphrases.ana }, { stateDir });
    first.lock();
    const reported = new Map<string, string>();
    let killedWhileIngesting = 0;

    for (let round = 0; round < killPoints; round++) {
      const src = join(root, `batch-${round}`);
      await mkdir(src);
      for (let i = 0; i < 6; i++) {
        const bytes =
          i % 3 === 0
            ? await patternImage(round * 10 + i, 'png', { width: 320, height: 240 })
            : random.bytes(random.int(1, 4_000_000));
        await writeFile(join(src, `f${i}.bin`), bytes);
      }
      const child = await startCli(['ingest', '--vault', dir, src], {
        env: { CUSTODY_STATE_DIR: stateDir },
        passphrase: passphrases.ana,
      });
      let stdout = '';
      // Half the kills land at a random time (start-up, unlock, ingest); half right after the k-th reported
      // item, so they fall inside the next item's read, encryption, rename or commit. The delays are the
      // seeded moments of the kills, not waits for the app.
      const afterLine = round % 2 === 1 ? random.int(1, 6) : 0;
      const delayMs = afterLine === 0 ? random.int(100, 700) : random.int(0, 25);
      const killed = new Promise<void>((done) => {
        const kill = () => {
          child.kill('SIGKILL');
          done();
        };
        if (afterLine === 0) setTimeout(kill, delayMs);
        child.stdout?.on('data', (d: Buffer) => {
          stdout += d.toString();
          if (afterLine > 0 && stdout.split('\n').length - 1 >= afterLine) setTimeout(kill, delayMs);
        });
      });
      const exited = new Promise<NodeJS.Signals | null>((done) =>
        child.on('close', (_, signal) => done(signal)),
      );
      await Promise.race([killed, exited]);
      child.kill('SIGKILL');
      const signal = await exited;
      const lines = stdout.split('\n').filter((l) => /^[0-9a-f-]{36} [0-9a-f]{64} /.test(l));
      if (signal === 'SIGKILL' && lines.length > 0 && lines.length < 6) killedWhileIngesting++;
      for (const line of lines) {
        const [itemId, sha256] = line.split(' ');
        reported.set(itemId as string, sha256 as string);
      }

      const vault = await Vault.unlock(dir, { user: 'ana', passphrase: passphrases.ana }, { stateDir });
      try {
        const report = await verifyVault(vault);
        expect(report.problems, `after kill ${round}`).toEqual([]);
        const stored = vault.db.prepare('SELECT id, sha256 FROM items').all() as Array<{
          id: string;
          sha256: string;
        }>;
        const byId = new Map(stored.map((r) => [r.id, r.sha256]));
        for (const [itemId, sha256] of reported)
          expect(byId.get(itemId), `item ${itemId} after kill ${round}`).toBe(sha256);
      } finally {
        vault.lock();
      }
    }
    console.log(
      `kill -9 test (CUSTODY_KILL_SEED=${seed}): ${killPoints} kills, ${killedWhileIngesting} in the middle of a batch, ${reported.size} reported items all present`,
    );
    expect(reported.size).toBeGreaterThan(0);
    // Each of the 12 kills after a reported item lands mid-batch unless the rest of the batch was done
    // within its delay; a run where none did would not have tested a kill during ingest at all.
    expect(killedWhileIngesting, `kills that landed mid-batch (CUSTODY_KILL_SEED=${seed})`).toBeGreaterThan(
      killPoints / 4,
    );
  }, 300_000);
});
