// Signing keys kept in the vault: the workstation's (signs ledger checkpoints) and one per user (signs that
// user's ledger entries). The secret half is the signed-note signer key text, sealed with the data key and
// bound to the key's name; the public half is a verifier key anyone may have. Only identity reads the table.
import { open, packSealed, seal, unpackSealed, AeadOpenError } from '../crypto';
import { NotFoundError, TamperDetectedError } from '../errors';
import {
  generateSignerKey,
  parseSignerKey,
  parseVerifierKey,
  type NoteSigner,
  type NoteVerifier,
  type StoredKey,
} from '../ledger';
import type { VaultDatabase } from '../vault';

export function workstationKeyName(workstationId: string): string {
  return `custody/${workstationId}`;
}

export function userKeyName(workstationId: string, userName: string): string {
  return `custody/${workstationId}/users/${userName}`;
}

function aad(name: string): Buffer {
  return Buffer.from(`custody-signing-key/1\n${name}`);
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

export function loadSigner(db: VaultDatabase, dataKey: Buffer, name: string): NoteSigner {
  const row = db.prepare('SELECT signer_key_sealed FROM signing_keys WHERE name = ?').get(name) as
    { signer_key_sealed: Buffer } | undefined;
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
