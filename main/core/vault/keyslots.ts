// keyslots.json: one slot per user, each holding the vault's data key wrapped under a key derived from
// that user's passphrase with Argon2id (like LUKS key slots). Adding a user or changing a passphrase
// rewrites one slot, never the data. This module never sees the database and never stores a passphrase.
import { createHash, randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { hashRaw } from '@node-rs/argon2';
import { z } from 'zod';
import { AeadOpenError, open, seal } from '../crypto';
import { TamperDetectedError, UnknownUserError, WrongPassphraseError } from '../errors';
import { writeFileAtomic } from '../fs-atomic';
import { argon2idCeiling, argon2idDefaults, argon2idFloor, dataKeyBytes, saltBytes } from './parameters';

const b64 = z.string().regex(/^[A-Za-z0-9+/]*={0,2}$/);

const kdfSchema = z
  .object({
    name: z.literal('argon2id'),
    version: z.literal(19),
    memoryKiB: z.number().int().min(argon2idFloor.memoryKiB).max(argon2idCeiling.memoryKiB),
    iterations: z.number().int().min(argon2idFloor.iterations).max(argon2idCeiling.iterations),
    parallelism: z.number().int().min(1).max(argon2idCeiling.parallelism),
    salt: b64,
  })
  .strict();

const slotSchema = z
  .object({
    user: z.string().min(1).max(64),
    kdf: kdfSchema,
    wrap: z.object({ name: z.literal('aes-256-gcm'), nonce: b64, ciphertext: b64, tag: b64 }).strict(),
    createdAt: z.string(),
  })
  .strict();

const fileSchema = z
  .object({ format: z.literal('custody-keyslots/1'), vaultId: z.string().uuid(), slots: z.array(slotSchema) })
  .strict();

export type KeySlot = z.infer<typeof slotSchema>;
export type KeySlotFile = z.infer<typeof fileSchema>;

/** Binds a wrapped key to its vault, its user and its KDF parameters, so none can be swapped. */
function slotAad(vaultId: string, slot: Pick<KeySlot, 'user' | 'kdf'>): Buffer {
  const { name, version, memoryKiB, iterations, parallelism, salt } = slot.kdf;
  return Buffer.from(
    `custody-keyslot/1\n${vaultId}\n${slot.user}\n${name}:${version}:${memoryKiB}:${iterations}:${parallelism}:${salt}`,
  );
}

async function deriveSlotKey(passphrase: string, kdf: KeySlot['kdf']): Promise<Buffer> {
  return hashRaw(Buffer.from(passphrase.normalize('NFC'), 'utf8'), {
    algorithm: 2, // Argon2id (the package's Algorithm is a const enum, unusable with isolatedModules)
    version: 1, // 0x13
    memoryCost: kdf.memoryKiB,
    timeCost: kdf.iterations,
    parallelism: kdf.parallelism,
    outputLen: 32,
    salt: Buffer.from(kdf.salt, 'base64'),
  });
}

export function newDataKey(): Buffer {
  return randomBytes(dataKeyBytes);
}

export async function makeSlot(
  vaultId: string,
  user: string,
  passphrase: string,
  dataKey: Buffer,
): Promise<KeySlot> {
  const kdf: KeySlot['kdf'] = {
    name: 'argon2id',
    version: 19,
    ...argon2idDefaults,
    salt: randomBytes(saltBytes).toString('base64'),
  };
  const slotKey = await deriveSlotKey(passphrase, kdf);
  try {
    const sealed = seal(slotKey, dataKey, slotAad(vaultId, { user, kdf }));
    return {
      user,
      kdf,
      wrap: {
        name: 'aes-256-gcm',
        nonce: sealed.nonce.toString('base64'),
        ciphertext: sealed.ciphertext.toString('base64'),
        tag: sealed.tag.toString('base64'),
      },
      createdAt: new Date().toISOString(),
    };
  } finally {
    slotKey.fill(0);
  }
}

/** Unwraps the data key from a user's slot. A wrong passphrase and a changed slot look the same here. */
export async function openSlot(file: KeySlotFile, user: string, passphrase: string): Promise<Buffer> {
  const slot = file.slots.find((s) => s.user === user);
  if (!slot) throw new UnknownUserError(user);
  const slotKey = await deriveSlotKey(passphrase, slot.kdf);
  try {
    const dataKey = open(
      slotKey,
      {
        nonce: Buffer.from(slot.wrap.nonce, 'base64'),
        ciphertext: Buffer.from(slot.wrap.ciphertext, 'base64'),
        tag: Buffer.from(slot.wrap.tag, 'base64'),
      },
      slotAad(file.vaultId, slot),
    );
    if (dataKey.length !== dataKeyBytes) throw new AeadOpenError();
    return dataKey;
  } catch (error) {
    if (error instanceof AeadOpenError) throw new WrongPassphraseError(user);
    throw error;
  } finally {
    slotKey.fill(0);
  }
}

/** A stable digest of one slot, recorded in the (authenticated) database so `verify` can spot a changed slot. */
export function slotDigest(slot: KeySlot): string {
  const canonical = JSON.stringify([slot.user, slot.kdf, slot.wrap, slot.createdAt]);
  return createHash('sha256').update(canonical).digest('hex');
}

export async function readKeySlots(path: string): Promise<KeySlotFile> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new TamperDetectedError(
        `keyslots.json is missing from the vault (${path}). Restore it from a backup.`,
      );
    }
    throw error;
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new TamperDetectedError(
      'keyslots.json is not valid JSON: it is damaged. Restore it from a backup.',
    );
  }
  const parsed = fileSchema.safeParse(json);
  if (!parsed.success) {
    const where = parsed.error.issues[0]?.path.join('.') ?? '';
    throw new TamperDetectedError(
      `keyslots.json is damaged or was edited (at "${where}"). Restore it from a backup.`,
    );
  }
  return parsed.data;
}

export async function writeKeySlots(path: string, file: KeySlotFile): Promise<void> {
  await writeFileAtomic(path, `${JSON.stringify(file, null, 2)}\n`);
}
