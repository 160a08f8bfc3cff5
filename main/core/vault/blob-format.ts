// The on-disk format of one encrypted blob. AES-256-GCM over 64 KiB chunks: the nonce is a random 8-byte
// prefix (in the header) followed by the 4-byte big-endian chunk counter; the associated data binds each
// chunk to its blob id, its position and whether it is the last, so truncation, reordering, and chunks
// moved between blobs are all detected.
//
//   header  = "CSTDBLB1" (8 bytes) || nonce prefix (8 bytes)
//   chunk i = ciphertext (64 KiB, or less for the last) || tag (16 bytes)
//
// An empty object is one empty last chunk (a bare tag).
import { createCipheriv, createDecipheriv } from 'node:crypto';
import { gcmTagBytes } from '../crypto';

export const blobMagic = Buffer.from('CSTDBLB1', 'latin1');
export const noncePrefixBytes = 8;
export const headerBytes = blobMagic.length + noncePrefixBytes;
export const chunkBytes = 64 * 1024;
export const sealedChunkBytes = chunkBytes + gcmTagBytes;
const maxChunks = 2 ** 32;

function nonce(prefix: Buffer, index: number): Buffer {
  if (index >= maxChunks) throw new RangeError('Blob too large: more than 2^32 chunks.');
  const n = Buffer.alloc(12);
  prefix.copy(n, 0);
  n.writeUInt32BE(index, 8);
  return n;
}

function chunkAad(blobId: string, index: number, last: boolean): Buffer {
  const aad = Buffer.alloc(5);
  aad.writeUInt32BE(index, 0);
  aad[4] = last ? 1 : 0;
  return Buffer.concat([Buffer.from(`custody-blob/1\n${blobId}\n`), aad]);
}

/** One sealed chunk as its two parts, ciphertext then tag, to be written one after the other (no copy). */
export function sealChunkParts(
  key: Buffer,
  prefix: Buffer,
  blobId: string,
  index: number,
  last: boolean,
  plain: Buffer,
): [Buffer, Buffer] {
  const cipher = createCipheriv('aes-256-gcm', key, nonce(prefix, index), { authTagLength: gcmTagBytes });
  cipher.setAAD(chunkAad(blobId, index, last));
  const ciphertext = cipher.update(plain);
  cipher.final();
  return [ciphertext, cipher.getAuthTag()];
}

/** Returns the plaintext, or null when the chunk does not authenticate in that position. */
export function openChunk(
  key: Buffer,
  prefix: Buffer,
  blobId: string,
  index: number,
  last: boolean,
  sealed: Buffer,
): Buffer | null {
  if (sealed.length < gcmTagBytes) return null;
  const decipher = createDecipheriv('aes-256-gcm', key, nonce(prefix, index), { authTagLength: gcmTagBytes });
  decipher.setAAD(chunkAad(blobId, index, last));
  decipher.setAuthTag(sealed.subarray(sealed.length - gcmTagBytes));
  try {
    // GCM's final() only checks the tag (it returns no bytes), so the plaintext is update()'s, uncopied.
    const plain = decipher.update(sealed.subarray(0, sealed.length - gcmTagBytes));
    decipher.final();
    return plain;
  } catch {
    return null;
  }
}
