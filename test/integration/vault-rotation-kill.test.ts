// kill -9 at random moments during a key rotation (`custody user remove`, run by the real CLI in a child
// process): afterwards the vault opens, with the new key or the old one, and verifies; the removal either
// happened entirely or not at all. Kills are timed from the moment keyslots.next.json appears, so they
// land inside the rotation; the moments come from a printed seed (CUSTODY_KILL_SEED=<seed> replays).
import { cp, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { addUser, Vault } from '../../main/core/identity';
import { ingestPaths } from '../../main/core/media';
import { verifyVault } from '../../main/core/verify';
import { startCli } from '../support/cli';
import { seededRandom, testSeed } from '../support/random';
import { passphrases, useTempDirs } from '../support/temp';

const tempDir = useTempDirs();
const kills = 16;
const seed = testSeed('CUSTODY_KILL_SEED');
const random = seededRandom(seed);

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}

describe('kill -9 during a key rotation', () => {
  it(`leaves a vault that opens with the old or the new key and verifies (${kills} kills)`, async () => {
    const root = await tempDir();
    const template = join(root, 'template');
    const templateState = join(root, 'template-state');
    const first = await Vault.create(
      template,
      { user: 'ana', passphrase: passphrases.ana },
      { stateDir: templateState },
    );
    await addUser(first, 'ben', passphrases.ben, 'analyst');
    const evidence = join(root, 'evidence.txt');
    await writeFile(evidence, 'generated test evidence\n');
    await ingestPaths(first, [evidence]);
    // Shredded blob rows make vault.db large enough (several MiB) that the copy and re-key take a while.
    const pad = first.db.prepare(
      'INSERT INTO blobs (id, wrapped_key, size, created_at, shredded_at) VALUES (?, NULL, 0, ?, ?)',
    );
    const now = new Date().toISOString();
    first.db.transaction(() => {
      for (let i = 0; i < 40_000; i++) pad.run(`pad-${i}-${'x'.repeat(64)}`, now, now);
    })();
    first.lock();

    let midRotation = 0;
    let removed = 0;
    for (let round = 0; round < kills; round++) {
      const dir = join(root, `v${round}`);
      await cp(template, dir, { recursive: true });
      // Each copy is its own workstation's vault: its own state directory (and anchor store), from the
      // template's, since every copy has the template's vault id.
      const stateDir = join(root, `state${round}`);
      await cp(templateState, stateDir, { recursive: true });
      const next = join(dir, 'keyslots.next.json');
      const child = await startCli(['user', 'remove', 'ben', '--vault', dir, '--user', 'ana'], {
        env: { CUSTODY_STATE_DIR: stateDir },
        passphrase: passphrases.ana,
      });
      let stderr = '';
      child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
      const exited = new Promise<number | null>((done) => child.on('close', (code) => done(code)));
      const delayMs = random.int(0, 60);
      let landed = false;
      const watcher = setInterval(() => {
        void exists(next).then((present) => {
          if (!present || landed) return;
          landed = true;
          clearInterval(watcher);
          setTimeout(() => child.kill('SIGKILL'), delayMs);
        });
      }, 1);
      const code = await exited;
      clearInterval(watcher);
      expect(code === null || code === 0, `the CLI failed on its own: ${stderr}`).toBe(true);
      if (await exists(next)) midRotation++;

      const vault = await Vault.unlock(dir, { user: 'ana', passphrase: passphrases.ana }, { stateDir });
      try {
        expect((await verifyVault(vault)).problems, `after kill ${round} (seed ${seed})`).toEqual([]);
        const benGone =
          vault.db.prepare("SELECT removed_at FROM users WHERE name = 'ben'").pluck().get() !== null;
        const epoch = vault.storage.keyEpoch;
        expect(epoch, `after kill ${round}`).toBe(benGone ? 1 : 0);
        if (benGone) removed++;
      } finally {
        vault.lock();
      }
      expect(await exists(next)).toBe(false);
      expect(await exists(join(dir, 'vault.db.rotating'))).toBe(false);
    }
    console.log(
      `rotation kill test (CUSTODY_KILL_SEED=${seed}): ${kills} kills, ${midRotation} left a rotation unfinished, ${removed} ended with the user removed`,
    );
    expect(midRotation, `kills that landed mid-rotation (CUSTODY_KILL_SEED=${seed})`).toBeGreaterThan(
      kills / 3,
    );
  }, 300_000);
});
