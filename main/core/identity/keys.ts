// Signing keys kept in the vault: the workstation's (signs ledger checkpoints), sealed with the vault's
// value key, and each user's (signs that user's ledger entries), sealed TO the user's X25519 public key,
// whose private half only their passphrase opens; never a user's key under a key every user holds. The
// public half is a verifier key anyone may have. Only identity reads the table.
import { boxTo, open, packSealed, seal, unbox, unpackSealed, AeadOpenError } from '../crypto';
import { NotFoundError, TamperDetectedError } from '../errors';
import {
  generateSignerKey,
  parseSignerKey,
  parseVerifierKey,
  type NoteSigner,
  type NoteVerifier,
  type StoredKey,
} from '../ledger';
import type { UserSecrets, VaultDatabase } from '../vault';

export function workstationKeyName(workstationId: string): string {
  return `custody/${workstationId}`;
}

export function userKeyName(workstationId: string, userName: string): string {
  return `custody/${workstationId}/users/${userName}`;
}

function aad(name: string): Buffer {
  return Buffer.from(`custody-signing-key/1\n${name}`);
}

function userAad(name: string): Buffer {
  return Buffer.from(`custody-signing-key/2\n${name}`);
}

/** A name for a user's next signing key (the first is userKeyName; later ones after a key reset). */
export function newUserKeyName(
  db: VaultDatabase,
  workstationId: string,
  userName: string,
  owner: string,
): string {
  const count = db.prepare('SELECT count(*) FROM signing_keys WHERE owner = ?').pluck().get(owner) as number;
  const base = userKeyName(workstationId, userName);
  return count === 0 ? base : `${base}/${count + 1}`;
}

/** Generates a user's key, sealed to their X25519 public key, stores it and returns its signer. */
export function createUserSigningKey(
  db: VaultDatabase,
  publicKey: Buffer,
  name: string,
  owner: string,
  now: string,
): NoteSigner {
  const { signerKey, verifierKey } = generateSignerKey(name);
  const boxed = boxTo(publicKey, Buffer.from(signerKey), userAad(name));
  db.prepare(
    'INSERT INTO signing_keys (name, owner, verifier_key, signer_key_sealed, created_at, sealed_to) VALUES (?, ?, ?, ?, ?, ?)',
  ).run(name, owner, verifierKey, boxed, now, publicKey.toString('base64'));
  return parseSignerKey(signerKey);
}

/** The signer of the user's key sealed to the key pair their slot opened, or null when there is none. */
export function loadUserSigner(db: VaultDatabase, owner: string, secrets: UserSecrets): NoteSigner | null {
  const row = db
    .prepare(
      'SELECT name, signer_key_sealed FROM signing_keys WHERE owner = ? AND sealed_to = ? ORDER BY created_at DESC',
    )
    .get(owner, secrets.box.publicKey.toString('base64')) as
    { name: string; signer_key_sealed: Buffer } | undefined;
  if (!row) return null;
  let text: Buffer;
  try {
    text = unbox(secrets.box, row.signer_key_sealed, userAad(row.name));
  } catch (error) {
    if (error instanceof AeadOpenError)
      throw new TamperDetectedError(`The signing key ${row.name} does not open: its row was changed.`);
    throw error;
  }
  try {
    return parseSignerKey(text.toString('utf8'));
  } finally {
    text.fill(0);
  }
}

/**
 * Moves a user's keys made before per-user custody (sealed with the value key) to their X25519 public
 * key. Runs at that user's first unlock after the upgrade.
 */
export function resealLegacyUserKeys(
  db: VaultDatabase,
  dataKey: Buffer,
  owner: string,
  publicKey: Buffer,
): void {
  const rows = db
    .prepare('SELECT name, signer_key_sealed FROM signing_keys WHERE owner = ? AND sealed_to IS NULL')
    .all(owner) as Array<{ name: string; signer_key_sealed: Buffer }>;
  for (const row of rows) {
    const text = open(dataKey, unpackSealed(row.signer_key_sealed), aad(row.name));
    try {
      db.prepare('UPDATE signing_keys SET signer_key_sealed = ?, sealed_to = ? WHERE name = ?').run(
        boxTo(publicKey, text, userAad(row.name)),
        publicKey.toString('base64'),
        row.name,
      );
    } finally {
      text.fill(0);
    }
  }
}

/** Generates a key, stores it, and returns its signer. Call inside the transaction that records why. */
export function createSigningKey(
  db: VaultDatabase,
  dataKey: Buffer,
  name: string,
  owner: string,
  now: string,
): NoteSigner {
  const { signerKey, verifierKey } = generateSignerKey(name);
  const sealed = packSealed(seal(dataKey, Buffer.from(signerKey), aad(name)));
  db.prepare(
    'INSERT INTO signing_keys (name, owner, verifier_key, signer_key_sealed, created_at) VALUES (?, ?, ?, ?, ?)',
  ).run(name, owner, verifierKey, sealed, now);
  return parseSignerKey(signerKey);
}

/** The signer of a key sealed with the value key (the workstation's). */
export function loadSigner(db: VaultDatabase, dataKey: Buffer, name: string): NoteSigner {
  const row = db
    .prepare('SELECT signer_key_sealed FROM signing_keys WHERE name = ? AND sealed_to IS NULL')
    .get(name) as { signer_key_sealed: Buffer } | undefined;
  if (!row) throw new NotFoundError(`The vault has no signing key named ${name}.`);
  let text: Buffer;
  try {
    text = open(dataKey, unpackSealed(row.signer_key_sealed), aad(name));
  } catch (error) {
    if (error instanceof AeadOpenError)
      throw new TamperDetectedError(`The signing key ${name} does not open: its row was changed.`);
    throw error;
  }
  try {
    return parseSignerKey(text.toString('utf8'));
  } finally {
    text.fill(0);
  }
}

export function storedKeys(db: VaultDatabase): StoredKey[] {
  return (
    db
      .prepare('SELECT name, owner, verifier_key FROM signing_keys ORDER BY created_at, name')
      .all() as Array<{
      name: string;
      owner: string;
      verifier_key: string;
    }>
  ).map((r) => ({ name: r.name, owner: r.owner, verifierKey: r.verifier_key }));
}

export function verifiersByName(keys: readonly StoredKey[]): Map<string, NoteVerifier> {
  return new Map(keys.map((k) => [k.name, parseVerifierKey(k.verifierKey)]));
}
