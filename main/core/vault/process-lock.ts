// One process at a time per vault: a lock file holding the owner's pid and host, taken after the
// passphrase is checked and released at lock. A lock left by a process that no longer runs (a crash,
// kill -9) is taken over.
import { hostname } from 'node:os';
import { rmSync } from 'node:fs';
import { open, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { VaultBusyError } from '../errors';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Takes the lock; the function it returns releases it (synchronously, so lock() can be synchronous). */
export async function acquireProcessLock(dir: string): Promise<() => void> {
  const path = join(dir, 'vault.lock');
  const mine = JSON.stringify({ pid: process.pid, host: hostname() });
  try {
    const handle = await open(path, 'wx', 0o600);
    await handle.writeFile(mine);
    await handle.close();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    let holder: { pid?: number; host?: string } = {};
    try {
      holder = JSON.parse(await readFile(path, 'utf8')) as typeof holder;
    } catch {
      // An empty or torn lock file is a crash's leftover.
    }
    const pid = typeof holder.pid === 'number' ? holder.pid : 0;
    if (pid > 0 && pid !== process.pid && holder.host === hostname() && alive(pid)) {
      throw new VaultBusyError(`pid ${pid}`);
    }
    await writeFile(path, mine, { mode: 0o600 });
  }
  return () => rmSync(path, { force: true });
}
