// C2SP tlog-cosignature v1 with Ed25519: a witness's timestamped signature over
// "cosignature/v1\ntime <t>\n" followed by a checkpoint's body, added to the checkpoint as one more
// signed-note line `— <witness name> base64(key ID || u64 time || signature)`, the key ID being
// SHA-256(name || "\n" || 0x04 || public key)[:4]. Verifying never trusts a key the caller did not give.
import { createHash, createPublicKey, sign, verify } from 'node:crypto';
import { TamperDetectedError } from '../errors';
import { parseCheckpoint, parseNote, type Checkpoint, type NoteSigner } from '../ledger';

const cosignatureType = 0x04;
const spkiPrefix = Buffer.from('302a300506032b6570032100', 'hex');

export class CosignatureError extends TamperDetectedError {}

export function cosignatureKeyId(name: string, publicKey: Uint8Array): number {
  return createHash('sha256')
    .update(name, 'utf8')
    .update(Buffer.from([0x0a, cosignatureType]))
    .update(publicKey)
    .digest()
    .readUInt32BE(0);
}

function signedMessage(body: string, time: number): Buffer {
  return Buffer.from(`cosignature/v1\ntime ${time}\n${body}`, 'utf8');
}

/** Adds the witness's cosignature line to a checkpoint note (whose log signature it keeps). */
export function cosign(
  checkpointNote: string,
  witness: NoteSigner,
  time = Math.floor(Date.now() / 1000),
): string {
  const { text } = parseNote(checkpointNote);
  const signature = sign(null, signedMessage(text, time), witness.privateKey);
  const head = Buffer.alloc(12);
  head.writeUInt32BE(cosignatureKeyId(witness.name, witness.publicKey), 0);
  head.writeBigUInt64BE(BigInt(time), 4);
  const line = `\u2014 ${witness.name} ${Buffer.concat([head, signature]).toString('base64')}\n`;
  return `${checkpointNote}${line}`;
}

export interface VerifiedCosignature {
  checkpoint: Checkpoint;
  /** Seconds since the epoch. */
  time: number;
}

/** Checks the cosignature of `witnessName` with its raw Ed25519 key and reads the checkpoint it covers. */
export function verifyCosignature(
  note: string,
  witnessName: string,
  witnessKey: Uint8Array,
): VerifiedCosignature {
  const { text, signatures } = parseNote(note);
  const keyId = cosignatureKeyId(witnessName, witnessKey);
  const line = signatures.find((s) => s.name === witnessName && s.keyId === keyId);
  if (!line) throw new CosignatureError(`The checkpoint carries no cosignature by witness ${witnessName}.`);
  if (line.signature.length !== 72)
    throw new CosignatureError(`The cosignature by ${witnessName} is not 72 bytes.`);
  const time = Buffer.from(line.signature).readBigUInt64BE(0);
  if (time > 2n ** 53n)
    throw new CosignatureError(`The cosignature by ${witnessName} has an impossible time.`);
  const publicKey = createPublicKey({
    key: Buffer.concat([spkiPrefix, witnessKey]),
    format: 'der',
    type: 'spki',
  });
  if (!verify(null, signedMessage(text, Number(time)), publicKey, line.signature.subarray(8))) {
    throw new CosignatureError(`The cosignature by ${witnessName} does not verify.`);
  }
  return { checkpoint: parseCheckpoint(text), time: Number(time) };
}
