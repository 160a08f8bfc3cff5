// AES-256-GCM sealing of small values (wrapped keys, key slots). Every seal takes associated data that
// binds the ciphertext to its context, so a value moved to another row or slot no longer opens.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/** AES-256-GCM: 96-bit nonces and 128-bit tags (NIST SP 800-38D). */
export const gcmNonceBytes = 12;
export const gcmTagBytes = 16;

export interface Sealed {
  nonce: Buffer;
  ciphertext: Buffer;
  tag: Buffer;
}

export class AeadOpenError extends Error {
  constructor() {
    super('Authenticated decryption failed: wrong key, or the data was changed.');
    this.name = 'AeadOpenError';
  }
}

export function seal(key: Uint8Array, plaintext: Uint8Array, aad: Uint8Array): Sealed {
  const nonce = randomBytes(gcmNonceBytes);
  const cipher = createCipheriv('aes-256-gcm', key, nonce, { authTagLength: gcmTagBytes });
  cipher.setAAD(aad);
  const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return { nonce, ciphertext, tag: cipher.getAuthTag() };
}

export function open(key: Uint8Array, sealed: Sealed, aad: Uint8Array): Buffer {
  if (sealed.nonce.length !== gcmNonceBytes || sealed.tag.length !== gcmTagBytes) throw new AeadOpenError();
  const decipher = createDecipheriv('aes-256-gcm', key, sealed.nonce, { authTagLength: gcmTagBytes });
  decipher.setAAD(aad);
  decipher.setAuthTag(sealed.tag);
  try {
    return Buffer.concat([decipher.update(sealed.ciphertext), decipher.final()]);
  } catch {
    throw new AeadOpenError();
  }
}

/** Packs a sealed value as nonce || tag || ciphertext, for database columns. */
export function packSealed(sealed: Sealed): Buffer {
  return Buffer.concat([sealed.nonce, sealed.tag, sealed.ciphertext]);
}

export function unpackSealed(packed: Uint8Array): Sealed {
  const buf = Buffer.from(packed.buffer, packed.byteOffset, packed.byteLength);
  if (buf.length < gcmNonceBytes + gcmTagBytes) throw new AeadOpenError();
  return {
    nonce: buf.subarray(0, gcmNonceBytes),
    tag: buf.subarray(gcmNonceBytes, gcmNonceBytes + gcmTagBytes),
    ciphertext: buf.subarray(gcmNonceBytes + gcmTagBytes),
  };
}
