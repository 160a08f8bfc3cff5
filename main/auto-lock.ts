// Locks the vault after a period without keyboard or mouse input on this machine, when the screen locks
// and when the machine suspends, so an unattended workstation shows no evidence. The lock-screen event
// exists on macOS and Windows only; on Linux a locked screen is seen by polling the idle state. Locking
// drops every key and reloads the renderer (see index.ts).
import { powerMonitor } from 'electron';

/** Default inactivity before the vault locks. */
export const autoLockAfterSeconds = 10 * 60;

export function startAutoLock(
  isUnlocked: () => boolean,
  lock: () => void,
  afterSeconds = autoLockAfterSeconds,
): () => void {
  const lockNow = () => {
    if (isUnlocked()) lock();
  };
  const timer = setInterval(() => {
    if (!isUnlocked()) return;
    const idle = powerMonitor.getSystemIdleTime() >= afterSeconds;
    if (idle || powerMonitor.getSystemIdleState(afterSeconds) === 'locked') lock();
  }, 15_000);
  powerMonitor.on('lock-screen', lockNow);
  powerMonitor.on('suspend', lockNow);
  return () => {
    clearInterval(timer);
    powerMonitor.off('lock-screen', lockNow);
    powerMonitor.off('suspend', lockNow);
  };
}
