// Replacing the database key so that it survives kill -9 at any point. The order is: the new slots go to
// keyslots.next.json; one transaction under the old key records the new epoch (and whatever the caller
// records); vault.db is copied to vault.db.rotating, re-keyed in place, the copy deleted, and
// keyslots.next.json renamed over keyslots.json. Unlock finds any interrupted state and finishes the
// rotation or rolls it back, so the vault always opens with the old key or the new one. Knows no users.
import { copyFile, open, rename, rm } from 'node:fs/promises';
import { TamperDetectedError } from '../errors';
import { exists, fsyncDirectory } from '../fs-atomic';
import { openDatabase, type VaultDatabase } from './database';
import type { OpenedSlot } from './keyslots';
import type { VaultLayout } from './layout';

/** The key epoch recorded in the database (0 before the first rotation). */
export function keyEpoch(db: VaultDatabase): number {
  const value = db.prepare("SELECT value FROM meta WHERE key = 'key_epoch'").pluck().get() as
    string | undefined;
  return Number(value ?? '0');
}

async function copyDurably(from: string, to: string, dir: string): Promise<void> {
  const temp = `${to}.tmp`;
  await copyFile(from, temp);
  const handle = await open(temp, 'r+');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
  await rename(temp, to);
  await fsyncDirectory(dir);
}

/**
 * Re-keys the open database (already at the new epoch under the old key) and makes the new slots
 * current. SQLCipher's rekey does not work in WAL mode, and a re-key interrupted half-way is undone
 * from the copy, never from SQLite's journal.
 */
export async function finishRotation(layout: VaultLayout, db: VaultDatabase, newKey: Buffer): Promise<void> {
  const [checkpoint] = db.pragma('wal_checkpoint(TRUNCATE)') as Array<{ busy: number }>;
  if (checkpoint?.busy)
    throw new TamperDetectedError('vault.db is in use by another connection; cannot re-key it.');
  await copyDurably(layout.database, layout.rotationBackup, layout.dir);
  db.pragma('journal_mode = DELETE');
  db.pragma(`rekey = "x'${newKey.toString('hex')}'"`);
  db.pragma('journal_mode = WAL');
  await rm(layout.rotationBackup);
  await fsyncDirectory(layout.dir);
  await rename(layout.nextKeySlots, layout.keySlots);
  await fsyncDirectory(layout.dir);
}

function tryOpen(path: string, key: Buffer): VaultDatabase | null {
  try {
    return openDatabase(path, key, { create: false });
  } catch (error) {
    if (error instanceof TamperDetectedError) return null;
    throw error;
  }
}

/**
 * Settles a rotation that a crash interrupted (keyslots.next.json is present), with what the unlocking
 * user's passphrase opened: `current` in keyslots.json, `pending` in keyslots.next.json (either may be
 * null). Returns the open database and the slot it opened with.
 */
export async function settleRotation(
  layout: VaultLayout,
  current: OpenedSlot | null,
  pending: OpenedSlot | null,
  nextEpoch: number,
): Promise<{ db: VaultDatabase; opened: OpenedSlot }> {
  if (await exists(layout.rotationBackup)) {
    for (const leftover of ['-journal', '-wal', '-shm'])
      await rm(`${layout.database}${leftover}`, { force: true });
    await rename(layout.rotationBackup, layout.database);
    await fsyncDirectory(layout.dir);
  }
  await rm(`${layout.rotationBackup}.tmp`, { force: true });
  const old = current ? tryOpen(layout.database, current.dataKey) : null;
  if (old && current) {
    if (keyEpoch(old) < nextEpoch) {
      await rm(layout.nextKeySlots);
      await fsyncDirectory(layout.dir);
      return { db: old, opened: current };
    }
    if (!pending) {
      old.close();
      throw new TamperDetectedError(
        'A key rotation of this vault was interrupted and your key slot has no place in the new key (you were removed, or your passphrase was changed). Ask another user to unlock the vault to finish it.',
      );
    }
    try {
      await finishRotation(layout, old, pending.dataKey);
    } catch (error) {
      old.close();
      throw error;
    }
    return { db: old, opened: pending };
  }
  const rotated = pending ? tryOpen(layout.database, pending.dataKey) : null;
  if (rotated && pending) {
    await rename(layout.nextKeySlots, layout.keySlots);
    await fsyncDirectory(layout.dir);
    return { db: rotated, opened: pending };
  }
  throw new TamperDetectedError(
    current
      ? "vault.db opens with neither this vault's key nor the key of its interrupted rotation: the database is damaged or was replaced. Restore it from a backup."
      : 'A key rotation of this vault was interrupted before your new passphrase took effect. Unlock with your previous passphrase, or ask another user to unlock the vault, to finish it.',
  );
}
