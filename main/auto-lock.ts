// Locks the vault after a period without keyboard or mouse input on this machine, so an unattended
// workstation shows no evidence. Locking drops every key and reloads the renderer (see index.ts).
import { powerMonitor } from 'electron';

/** Default inactivity before the vault locks. */
export const autoLockAfterSeconds = 10 * 60;

export function startAutoLock(
  isUnlocked: () => boolean,
  lock: () => void,
  afterSeconds = autoLockAfterSeconds,
): () => void {
  const timer = setInterval(() => {
    if (isUnlocked() && powerMonitor.getSystemIdleTime() >= afterSeconds) lock();
  }, 15_000);
  powerMonitor.on('lock-screen', () => {
    if (isUnlocked()) lock();
  });
  return () => clearInterval(timer);
}
