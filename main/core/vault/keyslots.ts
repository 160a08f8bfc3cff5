// keyslots.json: one slot per user (like LUKS key slots). A slot holds the user's X25519 key pair, the
// private half sealed under a key derived from their passphrase (Argon2id, then HKDF), and the vault's
// current database key sealed TO the public half, so an admin can wrap a new key for every user without
// knowing their passphrases. Slots of the first format (the key wrapped under the Argon2id output itself)
// still open and are upgraded at their user's next unlock. This module never sees the database and never
// stores a passphrase.
import { createHash, randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { hashRaw } from '@node-rs/argon2';
import { z } from 'zod';
import {
  AeadOpenError,
  boxTo,
  deriveSubkey,
  generateBoxKeyPair,
  open,
  packSealed,
  seal,
  unbox,
  unpackSealed,
  type BoxKeyPair,
} from '../crypto';
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

const legacySlotSchema = z
  .object({
    user: z.string().min(1).max(64),
    kdf: kdfSchema,
    wrap: z.object({ name: z.literal('aes-256-gcm'), nonce: b64, ciphertext: b64, tag: b64 }).strict(),
    createdAt: z.string(),
  })
  .strict();

const boxSlotSchema = z
  .object({
    version: z.literal(2),
    user: z.string().min(1).max(64),
    kdf: kdfSchema,
    /** The user's X25519 public key. */
    publicKey: b64,
    /** The X25519 private key, sealed under the user's passphrase-derived key. */
    privateKey: b64,
    /** The database key of `epoch`, sealed to publicKey. */
    wrap: z
      .object({ name: z.literal('x25519-hkdf-aes-256-gcm'), epoch: z.number().int().min(0), boxed: b64 })
      .strict(),
    createdAt: z.string(),
  })
  .strict();

const fileSchema = z.discriminatedUnion('format', [
  z
    .object({
      format: z.literal('custody-keyslots/1'),
      vaultId: z.string().uuid(),
      slots: z.array(legacySlotSchema),
    })
    .strict(),
  z
    .object({
      format: z.literal('custody-keyslots/2'),
      vaultId: z.string().uuid(),
      epoch: z.number().int().min(0),
      slots: z.array(z.union([boxSlotSchema, legacySlotSchema])),
    })
    .strict(),
]);

export type LegacyKeySlot = z.infer<typeof legacySlotSchema>;
export type BoxKeySlot = z.infer<typeof boxSlotSchema>;
export type KeySlot = BoxKeySlot | LegacyKeySlot;
/** The slot file as the vault uses it (a first-format file reads as epoch 0). */
export interface KeySlotFile {
  format: 'custody-keyslots/2';
  vaultId: string;
  epoch: number;
  slots: KeySlot[];
}

/** What a user's passphrase opens in their slot besides the database key: their own keys. */
export interface UserSecrets {
  /** HKDF(slot key, "custody-user-seal/2"): seals what only this user may open. */
  userKey: Buffer;
  box: BoxKeyPair;
}

export interface OpenedSlot {
  slot: KeySlot;
  dataKey: Buffer;
  secrets: UserSecrets;
  /** For a first-format slot: its replacement in the current format, made with the same passphrase. */
  upgrade: BoxKeySlot | null;
}

export function isBoxSlot(slot: KeySlot): slot is BoxKeySlot {
  return 'version' in slot;
}

/** Binds a first-format wrapped key to its vault, its user and its KDF parameters. */
function legacyAad(vaultId: string, slot: Pick<KeySlot, 'user' | 'kdf'>): Buffer {
  const { name, version, memoryKiB, iterations, parallelism, salt } = slot.kdf;
  return Buffer.from(
    `custody-keyslot/1\n${vaultId}\n${slot.user}\n${name}:${version}:${memoryKiB}:${iterations}:${parallelism}:${salt}`,
  );
}

function privateKeyAad(vaultId: string, user: string, publicKey: string): Buffer {
  return Buffer.from(`custody-keyslot-private/2\n${vaultId}\n${user}\n${publicKey}`);
}

function wrapAad(vaultId: string, user: string, epoch: number): Buffer {
  return Buffer.from(`custody-keyslot-wrap/2\n${vaultId}\n${user}\n${epoch}`);
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

/** One Argon2id derivation with the default parameters (the benchmark's baseline). */
export function deriveDefaultSlotKey(passphrase: string): Promise<Buffer> {
  return deriveSlotKey(passphrase, {
    name: 'argon2id',
    version: 19,
    ...argon2idDefaults,
    salt: randomBytes(saltBytes).toString('base64'),
  });
}

function userKeyFrom(slotKey: Buffer): Buffer {
  return deriveSubkey(slotKey, 'custody-user-seal/2');
}

export function newDataKey(): Buffer {
  return randomBytes(dataKeyBytes);
}

function boxSlot(
  vaultId: string,
  user: string,
  kdf: KeySlot['kdf'],
  slotKey: Buffer,
  box: BoxKeyPair,
  dataKey: Buffer,
  epoch: number,
): { slot: BoxKeySlot; secrets: UserSecrets } {
  const userKey = userKeyFrom(slotKey);
  const publicKey = box.publicKey.toString('base64');
  const privateKey = packSealed(seal(userKey, box.privateKey, privateKeyAad(vaultId, user, publicKey)));
  const slot: BoxKeySlot = {
    version: 2,
    user,
    kdf,
    publicKey,
    privateKey: privateKey.toString('base64'),
    wrap: { name: 'x25519-hkdf-aes-256-gcm', epoch, boxed: '' },
    createdAt: new Date().toISOString(),
  };
  return { slot: rewrapSlot(vaultId, slot, dataKey, epoch), secrets: { userKey, box } };
}

/**
 * A new slot for a user: a fresh salt and, unless `box` is given (a passphrase change that keeps the
 * user's keys), a fresh X25519 key pair.
 */
export async function makeSlot(
  vaultId: string,
  user: string,
  passphrase: string,
  dataKey: Buffer,
  epoch: number,
  box: BoxKeyPair = generateBoxKeyPair(),
): Promise<{ slot: BoxKeySlot; secrets: UserSecrets }> {
  const kdf: KeySlot['kdf'] = {
    name: 'argon2id',
    version: 19,
    ...argon2idDefaults,
    salt: randomBytes(saltBytes).toString('base64'),
  };
  const slotKey = await deriveSlotKey(passphrase, kdf);
  try {
    return boxSlot(vaultId, user, kdf, slotKey, box, dataKey, epoch);
  } finally {
    slotKey.fill(0);
  }
}

/** The same slot with `dataKey` of `epoch` sealed to its public key; needs no passphrase. */
export function rewrapSlot(vaultId: string, slot: BoxKeySlot, dataKey: Buffer, epoch: number): BoxKeySlot {
  const boxed = boxTo(Buffer.from(slot.publicKey, 'base64'), dataKey, wrapAad(vaultId, slot.user, epoch));
  return { ...slot, wrap: { name: 'x25519-hkdf-aes-256-gcm', epoch, boxed: boxed.toString('base64') } };
}

/** The database key sealed in a slot, opened with the user's key pair. */
export function unwrapSlot(vaultId: string, slot: BoxKeySlot, box: BoxKeyPair): Buffer {
  const dataKey = unbox(
    box,
    Buffer.from(slot.wrap.boxed, 'base64'),
    wrapAad(vaultId, slot.user, slot.wrap.epoch),
  );
  if (dataKey.length !== dataKeyBytes) throw new AeadOpenError();
  return dataKey;
}

function openBoxSlot(vaultId: string, slot: BoxKeySlot, slotKey: Buffer): OpenedSlot {
  const userKey = userKeyFrom(slotKey);
  const privateKey = open(
    userKey,
    unpackSealed(Buffer.from(slot.privateKey, 'base64')),
    privateKeyAad(vaultId, slot.user, slot.publicKey),
  );
  const box = { publicKey: Buffer.from(slot.publicKey, 'base64'), privateKey };
  return { slot, dataKey: unwrapSlot(vaultId, slot, box), secrets: { userKey, box }, upgrade: null };
}

function openLegacySlot(vaultId: string, slot: LegacyKeySlot, slotKey: Buffer, epoch: number): OpenedSlot {
  const sealed = {
    nonce: Buffer.from(slot.wrap.nonce, 'base64'),
    ciphertext: Buffer.from(slot.wrap.ciphertext, 'base64'),
    tag: Buffer.from(slot.wrap.tag, 'base64'),
  };
  const dataKey = open(slotKey, sealed, legacyAad(vaultId, slot));
  if (dataKey.length !== dataKeyBytes) throw new AeadOpenError();
  const made = boxSlot(vaultId, slot.user, slot.kdf, slotKey, generateBoxKeyPair(), dataKey, epoch);
  return { slot, dataKey, secrets: made.secrets, upgrade: made.slot };
}

/**
 * Opens a user's slot with their passphrase: the database key and the user's own keys. A wrong
 * passphrase and a changed slot look the same here. `known` skips the Argon2id derivation when the
 * slot's key pair is already open (the same user's slot in a pending rotation).
 */
export async function openSlot(
  file: KeySlotFile,
  user: string,
  passphrase: string,
  known?: UserSecrets,
): Promise<OpenedSlot> {
  const slot = file.slots.find((s) => s.user === user);
  if (!slot) throw new UnknownUserError(user);
  try {
    if (known && isBoxSlot(slot) && known.box.publicKey.toString('base64') === slot.publicKey) {
      const dataKey = unwrapSlot(file.vaultId, slot, known.box);
      return { slot, dataKey, secrets: known, upgrade: null };
    }
    const slotKey = await deriveSlotKey(passphrase, slot.kdf);
    try {
      return isBoxSlot(slot)
        ? openBoxSlot(file.vaultId, slot, slotKey)
        : openLegacySlot(file.vaultId, slot, slotKey, file.epoch);
    } finally {
      slotKey.fill(0);
    }
  } catch (error) {
    if (error instanceof AeadOpenError) throw new WrongPassphraseError(user);
    throw error;
  }
}

/** A stable digest of one slot, recorded in the (authenticated) database so a changed slot is refused. */
export function slotDigest(slot: KeySlot): string {
  const canonical = isBoxSlot(slot)
    ? JSON.stringify([
        slot.version,
        slot.user,
        slot.kdf,
        slot.publicKey,
        slot.privateKey,
        slot.wrap,
        slot.createdAt,
      ])
    : JSON.stringify([slot.user, slot.kdf, slot.wrap, slot.createdAt]);
  return createHash('sha256').update(canonical).digest('hex');
}

/** Reads a slot file; null when `optional` and it does not exist. */
export async function readKeySlots(path: string): Promise<KeySlotFile>;
export async function readKeySlots(path: string, optional: 'optional'): Promise<KeySlotFile | null>;
export async function readKeySlots(path: string, optional?: 'optional'): Promise<KeySlotFile | null> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      if (optional) return null;
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
      `${path} is not valid JSON: it is damaged. Restore keyslots.json from a backup.`,
    );
  }
  const parsed = fileSchema.safeParse(json);
  if (!parsed.success) {
    const where = parsed.error.issues[0]?.path.join('.') ?? '';
    throw new TamperDetectedError(
      `${path} is damaged or was edited (at "${where}"). Restore keyslots.json from a backup.`,
    );
  }
  const file = parsed.data;
  return file.format === 'custody-keyslots/1'
    ? { format: 'custody-keyslots/2', vaultId: file.vaultId, epoch: 0, slots: file.slots }
    : file;
}

export async function writeKeySlots(path: string, file: KeySlotFile): Promise<void> {
  await writeFileAtomic(path, `${JSON.stringify(file, null, 2)}\n`);
}
