// The workstation's retention check: at each unlock and then once a day while the vault stays unlocked, it
// lists what has expired and, when anything has, tells the window (which shows counsel the list to
// confirm). It never shreds anything itself: only a confirmed list is shredded (./expiry).
import type { Vault } from '../identity';
import { expiryList } from './expiry';

/** How often the check runs while a vault stays unlocked: once a day. */
export const RETENTION_CHECK_INTERVAL_MS = 24 * 3600_000;

export interface RetentionDue {
  at: string;
  items: number;
  digest: string;
}

export interface RetentionCheckOptions {
  onUnlock(listener: (vault: Vault) => void): () => void;
  notify(due: RetentionDue): void;
  onError?: (error: unknown) => void;
  intervalMs?: number;
}

export function checkRetentionWhileUnlocked(options: RetentionCheckOptions): { stop(): void } {
  let timer: NodeJS.Timeout | undefined;
  const unsubscribe = options.onUnlock((vault) => {
    clearInterval(timer);
    const check = () => {
      if (!vault.isUnlocked) {
        clearInterval(timer);
        return;
      }
      try {
        const list = expiryList(vault);
        if (list.items.length > 0)
          options.notify({ at: list.at, items: list.items.length, digest: list.digest });
      } catch (error) {
        options.onError?.(error);
      }
    };
    check();
    timer = setInterval(check, options.intervalMs ?? RETENTION_CHECK_INTERVAL_MS);
    timer.unref();
  });
  return {
    stop() {
      clearInterval(timer);
      unsubscribe();
    },
  };
}
