// Creating, unlocking and locking a vault take turns in the workstation: two unlocks at once (a double
// Enter), an unlock racing a lock, and a lock afterwards leave no Vault unlocked and no database open
// behind the session's back. Open database handles are counted in /proc/self/fd (Linux).
import { readdirSync, readlinkSync } from 'node:fs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Vault } from '../../main/core/identity';
import { testCore } from '../support/core';
import { passphrases, useTempDirs } from '../support/temp';

const tempDir = useTempDirs();
const ana = { vault: 'Turns', user: 'ana', passphrase: passphrases.ana };

afterEach(() => {
  vi.restoreAllMocks();
});

/** The handles this process holds on a file named vault.db. */
function vaultDbHandles(): number {
  return readdirSync('/proc/self/fd').filter((fd) => {
    try {
      return readlinkSync(`/proc/self/fd/${fd}`).endsWith('/vault.db');
    } catch {
      return false;
    }
  }).length;
}

/** Every Vault the workstation opens from now on (creating a vault unlocks it too). */
function watchUnlocks(): Vault[] {
  const made: Vault[] = [];
  const unlock = Vault.unlock.bind(Vault);
  vi.spyOn(Vault, 'unlock').mockImplementation(async (...args) => {
    const vault = await unlock(...args);
    made.push(vault);
    return vault;
  });
  return made;
}

const stillUnlocked = (made: Vault[]) => made.filter((v) => v.isUnlocked).length;

describe('the workstation opens one vault at a time', () => {
  it('two unlocks at once leave one vault open, and lock closes it', async () => {
    const { core, call } = await testCore(tempDir);
    await call('vault.create', ana);
    await call('vault.lock', {});
    expect(vaultDbHandles()).toBe(0);
    const made = watchUnlocks();
    const [a, b] = await Promise.all([
      core.router.call('vault.unlock', ana),
      core.router.call('vault.unlock', ana),
    ]);
    expect([a.ok, b.ok]).toEqual([true, true]);
    expect(made).toHaveLength(2);
    expect(stillUnlocked(made), 'the first one was locked when the second was adopted').toBe(1);
    expect(vaultDbHandles()).toBe(1);
    await call('vault.lock', {});
    expect(core.workstation.session()).toBeNull();
    expect(stillUnlocked(made)).toBe(0);
    expect(vaultDbHandles()).toBe(0);
  });

  it('a lock while an unlock is under way closes the vault that unlock opens', async () => {
    const { core, call } = await testCore(tempDir);
    await call('vault.create', ana);
    await call('vault.lock', {});
    const made = watchUnlocks();
    const unlocking = core.router.call('vault.unlock', ana);
    await vi.waitFor(() => expect(Vault.unlock).toHaveBeenCalled());
    // The auto-lock and the lock screen lock the workstation directly, whatever the router is doing.
    core.workstation.lock();
    expect(await unlocking).toMatchObject({
      ok: false,
      error: { code: 'VAULT_LOCKED', message: expect.stringMatching(/locked while it was being opened/) },
    });
    expect(made).toHaveLength(1);
    expect(stillUnlocked(made)).toBe(0);
    expect(core.workstation.session()).toBeNull();
    expect(vaultDbHandles()).toBe(0);
    expect(await call('vault.unlock', ana)).toMatchObject({ vault: 'Turns', user: 'ana' });
    await call('vault.lock', {});
    expect(vaultDbHandles()).toBe(0);
  });

  it('an unlock and a create at once leave only the one adopted last open', async () => {
    const { core, call } = await testCore(tempDir);
    await call('vault.create', ana);
    await call('vault.lock', {});
    const made = watchUnlocks();
    const [unlocked, created] = await Promise.all([
      core.router.call('vault.unlock', ana),
      core.router.call('vault.create', { ...ana, vault: 'Second' }),
    ]);
    expect([unlocked.ok, created.ok]).toEqual([true, true]);
    expect(core.workstation.session()).toMatchObject({ vault: 'Second' });
    expect(made).toHaveLength(2);
    const open = made.filter((v) => v.isUnlocked);
    expect(open, 'the unlocked one was locked when the new one was adopted').toHaveLength(1);
    expect(open[0]).toBe(core.workstation.vault());
    expect(vaultDbHandles()).toBe(1);
    await call('vault.lock', {});
    expect(vaultDbHandles()).toBe(0);
  });
});
