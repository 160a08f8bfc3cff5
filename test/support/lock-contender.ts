// A process that contends for a vault's process lock when told to, for the lock race tests: it is forked
// once (with tsx) and answers each { take } with whether it got the lock, holding it until { release }.
// It touches nothing but the lock.
import { setTimeout as sleep } from 'node:timers/promises';
import { acquireProcessLock } from '../../main/core/vault/process-lock';

export type ContenderRequest =
  { kind: 'take'; dir: string; delayMs: number } | { kind: 'release' } | { kind: 'exit' };

export type ContenderAnswer =
  { kind: 'taken'; pid: number } | { kind: 'refused'; code: string; message: string } | { kind: 'released' };

let release: (() => void) | null = null;

function answer(message: ContenderAnswer): void {
  process.send?.(message);
}

process.on('message', (request: ContenderRequest) => {
  void (async () => {
    if (request.kind === 'exit') process.exit(0);
    if (request.kind === 'release') {
      release?.();
      release = null;
      answer({ kind: 'released' });
      return;
    }
    await sleep(request.delayMs);
    try {
      release = await acquireProcessLock(request.dir);
      answer({ kind: 'taken', pid: process.pid });
    } catch (error) {
      const { code = 'THROWN', message } = error as Error & { code?: string };
      answer({ kind: 'refused', code, message });
    }
  })();
});
process.send?.({ kind: 'released' } satisfies ContenderAnswer);
