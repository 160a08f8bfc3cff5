// Sealing a small secret TO a public key (ephemeral-static X25519, HKDF-SHA256, AES-256-GCM), so a key
// can be wrapped for a user without knowing their passphrase, and HKDF subkeys with distinct purposes.
// Never stores a key; every sealed value is bound to its context by associated data.
import { createPrivateKey, createPublicKey, diffieHellman, generateKeyPairSync, hkdfSync } from 'node:crypto';
import { AeadOpenError, open, packSealed, seal, unpackSealed } from './aead';

const x25519Bytes = 32;
const spkiPrefix = Buffer.from('302a300506032b656e032100', 'hex');
const pkcs8Prefix = Buffer.from('302e020100300506032b656e04220420', 'hex');

/** A raw X25519 key pair (32 bytes each). */
export interface BoxKeyPair {
  publicKey: Buffer;
  privateKey: Buffer;
}

export function generateBoxKeyPair(): BoxKeyPair {
  const { publicKey, privateKey } = generateKeyPairSync('x25519');
  return {
    publicKey: publicKey.export({ format: 'der', type: 'spki' }).subarray(spkiPrefix.length),
    privateKey: privateKey.export({ format: 'der', type: 'pkcs8' }).subarray(pkcs8Prefix.length),
  };
}

function sharedSecret(privateKey: Buffer, publicKey: Buffer): Buffer {
  if (privateKey.length !== x25519Bytes || publicKey.length !== x25519Bytes) throw new AeadOpenError();
  return diffieHellman({
    privateKey: createPrivateKey({
      key: Buffer.concat([pkcs8Prefix, privateKey]),
      format: 'der',
      type: 'pkcs8',
    }),
    publicKey: createPublicKey({ key: Buffer.concat([spkiPrefix, publicKey]), format: 'der', type: 'spki' }),
  });
}

function boxKey(shared: Buffer, ephemeral: Buffer, recipient: Buffer): Buffer {
  const salt = Buffer.concat([ephemeral, recipient]);
  return Buffer.from(hkdfSync('sha256', shared, salt, 'custody-box/1', 32));
}

/** Seals `plaintext` so that only the holder of `publicKey`'s private half opens it: ephemeral || sealed. */
export function boxTo(publicKey: Buffer, plaintext: Uint8Array, aad: Uint8Array): Buffer {
  const ephemeral = generateBoxKeyPair();
  const shared = sharedSecret(ephemeral.privateKey, publicKey);
  const key = boxKey(shared, ephemeral.publicKey, publicKey);
  try {
    return Buffer.concat([ephemeral.publicKey, packSealed(seal(key, plaintext, aad))]);
  } finally {
    key.fill(0);
    shared.fill(0);
    ephemeral.privateKey.fill(0);
  }
}

/** Opens a value sealed by boxTo with the recipient's key pair. Throws AeadOpenError when it does not open. */
export function unbox(recipient: BoxKeyPair, boxed: Uint8Array, aad: Uint8Array): Buffer {
  const bytes = Buffer.from(boxed);
  if (bytes.length < x25519Bytes) throw new AeadOpenError();
  const ephemeral = bytes.subarray(0, x25519Bytes);
  let shared: Buffer;
  try {
    shared = sharedSecret(recipient.privateKey, ephemeral);
  } catch {
    throw new AeadOpenError();
  }
  const key = boxKey(shared, ephemeral, recipient.publicKey);
  try {
    return open(key, unpackSealed(bytes.subarray(x25519Bytes)), aad);
  } finally {
    key.fill(0);
    shared.fill(0);
  }
}

/** A 256-bit subkey of `secret` for one purpose; distinct `purpose` strings give independent keys. */
export function deriveSubkey(secret: Uint8Array, purpose: string): Buffer {
  return Buffer.from(hkdfSync('sha256', secret, Buffer.alloc(0), purpose, 32));
}
