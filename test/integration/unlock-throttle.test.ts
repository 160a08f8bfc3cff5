// Unlock throttling (finding 17): after three wrong passphrases in a row, one user of one vault waits 1 s,
// 2 s, 4 s… (capped) before the next attempt is even checked; other users are not slowed; a success resets
// the count; deleting the throttle file neither resets a running process nor goes unnoticed by the vault;
// the wait reaches the person through the router and the CLI. The clock is fake (test/support/clock.ts).
import { readdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UnlockThrottledError, WrongPassphraseError } from '../../main/core/errors';
import { addUser, Vault } from '../../main/core/identity';
import { parseEntry } from '../../main/core/ledger/entry';
import { firstDelayMs, freeAttempts, maxDelayMs } from '../../main/core/vault/unlock-throttle';
import { cliBundle, runCli } from '../support/cli';
import { fakeClock } from '../support/clock';
import { testCore } from '../support/core';
import { passphrases, useTempDirs } from '../support/temp';

const tempDir = useTempDirs();

async function setup() {
  const root = await tempDir();
  const dir = join(root, 'vault');
  const stateDir = join(root, 'state');
  const vault = await Vault.create(dir, { user: 'ana', passphrase: passphrases.ana }, { stateDir });
  await addUser(vault, 'ben', passphrases.ben, 'analyst');
  vault.lock();
  const clock = fakeClock({ start: Date.now() });
  const unlock = (user: string, passphrase: string) =>
    Vault.unlock(dir, { user, passphrase }, { stateDir, now: clock.now });
  return { dir, stateDir, clock, unlock };
}

async function refusal(attempt: Promise<Vault>): Promise<unknown> {
  return attempt.then(
    (vault) => {
      vault.lock();
      return null;
    },
    (error: unknown) => error,
  );
}

function actions(vault: Vault) {
  return vault.ledger.leaves(0, vault.ledger.size).map((leaf) => parseEntry(leaf));
}

describe('unlock throttling', () => {
  it('makes each attempt after the third wrong one wait twice as long, up to the cap', async () => {
    const { clock, unlock } = await setup();
    for (let i = 0; i < freeAttempts; i++) {
      expect(await refusal(unlock('ana', `wrong ${i}`))).toBeInstanceOf(WrongPassphraseError);
    }
    const waits: number[] = [];
    for (let i = 0; i < 4; i++) {
      const throttled = await refusal(unlock('ana', passphrases.ana));
      expect(throttled, 'even the right passphrase is not checked while waiting').toBeInstanceOf(
        UnlockThrottledError,
      );
      const { retryAfterSeconds, message } = throttled as UnlockThrottledError;
      expect(message).toBe(
        `Too many wrong passphrases for user "ana" on this workstation. Try again in ${retryAfterSeconds} s.`,
      );
      waits.push(retryAfterSeconds);
      await clock.sleep(retryAfterSeconds * 1000 - 1);
      expect(await refusal(unlock('ana', 'still wrong'))).toBeInstanceOf(UnlockThrottledError);
      await clock.sleep(1);
      expect(await refusal(unlock('ana', `wrong again ${i}`))).toBeInstanceOf(WrongPassphraseError);
    }
    expect(waits).toEqual([1, 2, 4, 8].map((n) => (n * firstDelayMs) / 1000));
    for (let i = 0; i < 12; i++) {
      await clock.sleep(maxDelayMs);
      expect(await refusal(unlock('ana', `wrong late ${i}`))).toBeInstanceOf(WrongPassphraseError);
    }
    const capped = (await refusal(unlock('ana', passphrases.ana))) as UnlockThrottledError;
    expect(capped.retryAfterSeconds).toBe(maxDelayMs / 1000);
  }, 60_000);

  it('throttles one user only, and a success starts the count again', async () => {
    const { clock, unlock } = await setup();
    for (let i = 0; i < freeAttempts; i++) await refusal(unlock('ben', `wrong ${i}`));
    expect(await refusal(unlock('ben', passphrases.ben))).toBeInstanceOf(UnlockThrottledError);
    expect(await refusal(unlock('ana', passphrases.ana)), 'ana is not slowed by ben').toBeNull();
    await clock.sleep(firstDelayMs);
    expect(await refusal(unlock('ben', passphrases.ben))).toBeNull();
    for (let i = 0; i < freeAttempts; i++) {
      expect(await refusal(unlock('ben', `wrong ${i}`))).toBeInstanceOf(WrongPassphraseError);
    }
  }, 60_000);

  it('never writes a name that is not a user of the vault', async () => {
    const { stateDir, unlock } = await setup();
    await refusal(unlock('ana', 'wrong'));
    for (let i = 0; i < 5; i++) await refusal(unlock('my secret passphrase', 'x'));
    expect(await refusal(unlock('my secret passphrase', 'x'))).not.toBeInstanceOf(UnlockThrottledError);
    const text = await readFile(await throttleFile(stateDir), 'utf8');
    expect(text).toContain('"ana"');
    expect(text).not.toContain('my secret passphrase');
  });

  it('is not reset by deleting its file, and the next unlock records that the file was deleted', async () => {
    const { stateDir, clock, unlock } = await setup();
    for (let i = 0; i < freeAttempts + 2; i++) {
      await clock.sleep(maxDelayMs);
      await refusal(unlock('ana', `wrong ${i}`));
    }
    await rm(await throttleFile(stateDir));
    const throttled = (await refusal(unlock('ana', passphrases.ana))) as UnlockThrottledError;
    expect(throttled).toBeInstanceOf(UnlockThrottledError);
    await clock.sleep(throttled.retryAfterSeconds * 1000);
    const vault = await unlock('ana', passphrases.ana);
    const reset = actions(vault).filter((e) => e.action === 'vault.unlock_throttle_reset');
    expect(reset.map((e) => e.details)).toEqual([{ throttleFile: 'deleted' }]);
    vault.lock();
    const again = await unlock('ana', passphrases.ana);
    expect(actions(again).filter((e) => e.action === 'vault.unlock_throttle_reset')).toHaveLength(1);
    again.lock();
  }, 60_000);
});

/** The vault's throttle file (the only file in its folder). */
async function throttleFile(stateDir: string): Promise<string> {
  const [file] = await readdir(join(stateDir, 'unlock-throttle'));
  return join(stateDir, 'unlock-throttle', file ?? 'missing');
}

describe('the wait reaches the person', () => {
  it('through the router, with the seconds to wait', async () => {
    const { core } = await testCore(tempDir);
    const ana = { vault: 'Throttled', user: 'ana', passphrase: passphrases.ana };
    expect(await core.router.call('vault.create', ana)).toMatchObject({ ok: true });
    await core.router.call('vault.lock', {});
    for (let i = 0; i < freeAttempts; i++) {
      expect(await core.router.call('vault.unlock', { ...ana, passphrase: `wrong ${i}` })).toMatchObject({
        ok: false,
        error: { code: 'WRONG_PASSPHRASE' },
      });
    }
    expect(await core.router.call('vault.unlock', ana)).toEqual({
      ok: false,
      error: {
        code: 'UNLOCK_THROTTLED',
        message: 'Too many wrong passphrases for user "ana" on this workstation. Try again in 1 s.',
        retryAfterSeconds: 1,
      },
    });
  }, 60_000);

  it('through the CLI, as one line and exit 1', async () => {
    await cliBundle();
    const { dir, stateDir, clock, unlock } = await setup();
    for (let i = 0; i < freeAttempts + 3; i++) {
      const throttled = await refusal(unlock('ana', `wrong ${i}`));
      if (throttled instanceof UnlockThrottledError) {
        await clock.sleep(throttled.retryAfterSeconds * 1000);
        await refusal(unlock('ana', `wrong ${i}`));
      }
    }
    const result = await runCli(['verify', '--vault', dir, '--user', 'ana'], {
      env: { CUSTODY_STATE_DIR: stateDir },
      passphrase: passphrases.ana,
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      /^custody verify: Too many wrong passphrases for user "ana" on this workstation\. Try again in \d+ s\.\n$/,
    );
  }, 60_000);
});
