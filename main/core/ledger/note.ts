// C2SP signed notes (c2sp.org/signed-note v1.0.0) with Ed25519 keys: key texts, signing and verifying.
// It never accepts a note it cannot read exactly (strict UTF-8, strict base64, one signature per key),
// never trusts a signature from a key it was not given, and never puts signer key material in a message.
import {
  createHash,
  createPrivateKey,
  createPublicKey,
  randomBytes,
  sign,
  verify,
  type KeyObject,
} from 'node:crypto';
import { InvalidInputError, TamperDetectedError } from '../errors';

/** A note or a key text is malformed, or the arguments to sign one are unusable. */
export class NoteError extends InvalidInputError {}

/** A well-formed note whose signatures do not establish it: a bad signature, or none from a trusted key. */
export class NoteVerificationError extends TamperDetectedError {}

/** Signature type 0x01 of signed-note: Ed25519 (RFC 8032). */
const ed25519Type = 0x01;
const ed25519PublicKeyBytes = 32;
const ed25519SignatureBytes = 64;
/** DER prefixes that wrap a raw Ed25519 seed as PKCS#8 and a raw public key as SPKI (RFC 8410). */
const pkcs8Ed25519Prefix = Buffer.from('302e020100300506032b657004220420', 'hex');
const spkiEd25519Prefix = Buffer.from('302a300506032b6570032100', 'hex');

/** Room for the 16 signatures of up to ~5 kB each that signed-note says verifiers must accept, many times over. */
export const maxNoteBytes = 1024 * 1024;
/** The limit golang.org/x/mod/sumdb/note applies; signed-note requires accepting at least 16. */
export const maxSignatures = 100;
/** Larger than any signature type signed-note lists (post-quantum ones are "up to nearly 5kB"). */
export const maxSignatureBytes = 8 * 1024;

const signaturePrefix = '\u2014 ';
const loneSurrogate = /[\uD800-\uDFFF]/u;
const validKeyName = /^[^\p{White_Space}+]+$/u;
const keyIdHex = /^[0-9a-f]{8}$/;
const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

export interface NoteSignature {
  name: string;
  /** The 32-bit key ID, from the first four bytes of the signature line's base64, big-endian. */
  keyId: number;
  /** The signature bytes after the key ID. */
  signature: Uint8Array;
}

export interface Note {
  /** The signed text, ending with its final newline. */
  text: string;
  signatures: NoteSignature[];
}

export interface VerifiedNote {
  text: string;
  /** Signatures from the given verifiers, every one checked. */
  verified: NoteSignature[];
  /** Signatures from keys not given (witnesses, rotated keys): ignored, as signed-note requires. */
  unverified: NoteSignature[];
}

export interface NoteVerifier {
  name: string;
  keyId: number;
  publicKey: KeyObject;
}

export interface NoteSigner {
  name: string;
  keyId: number;
  privateKey: KeyObject;
  /** The raw 32-byte Ed25519 public key, for formatVerifierKey. */
  publicKey: Uint8Array;
}

/** signed-note key ID: the first four bytes of SHA-256(name || 0x0A || 0x01 || public key), big-endian. */
export function keyId(name: string, publicKey: Uint8Array): number {
  checkKeyName(name);
  checkPublicKey(publicKey);
  const digest = createHash('sha256')
    .update(name, 'utf8')
    .update(Buffer.from([0x0a, ed25519Type]))
    .update(publicKey)
    .digest();
  return digest.readUInt32BE(0);
}

/** The verifier key text `<name>+<key ID hex>+<base64(0x01 || public key)>`. */
export function formatVerifierKey(name: string, publicKey: Uint8Array): string {
  const id = keyId(name, publicKey);
  return `${name}+${hex8(id)}+${Buffer.concat([Buffer.from([ed25519Type]), publicKey]).toString('base64')}`;
}

/** A new Ed25519 key: the secret signer key text and the verifier key text to publish. */
export function generateSignerKey(name: string): { signerKey: string; verifierKey: string } {
  checkKeyName(name);
  const seed = randomBytes(32);
  const signer = signerFromSeed(name, seed);
  const encodedSeed = Buffer.concat([Buffer.from([ed25519Type]), seed]).toString('base64');
  seed.fill(0);
  return {
    signerKey: `PRIVATE+KEY+${name}+${hex8(signer.keyId)}+${encodedSeed}`,
    verifierKey: formatVerifierKey(name, signer.publicKey),
  };
}

/** The verifier of a signer's own signatures. */
export function verifierOf(signer: NoteSigner): NoteVerifier {
  return { name: signer.name, keyId: signer.keyId, publicKey: publicKeyObject(signer.publicKey) };
}

export function parseVerifierKey(text: string): NoteVerifier {
  const [name, idHex, encoded] = splitKeyText(text, 'verifier key');
  const key = decodeTypedKey(encoded, 'verifier key');
  const verifier = { name, keyId: keyId(name, key), publicKey: publicKeyObject(key) };
  checkKeyId(idHex, verifier.keyId, 'verifier key');
  return verifier;
}

/** Reads `PRIVATE+KEY+<name>+<key ID hex>+<base64(0x01 || seed)>`; errors never repeat the key text. */
export function parseSignerKey(text: string): NoteSigner {
  if (!text.startsWith('PRIVATE+KEY+')) throw new NoteError('A signer key must start with "PRIVATE+KEY+".');
  const [name, idHex, encoded] = splitKeyText(text.slice('PRIVATE+KEY+'.length), 'signer key');
  const seed = decodeTypedKey(encoded, 'signer key');
  const signer = signerFromSeed(name, seed);
  seed.fill(0);
  checkKeyId(idHex, signer.keyId, 'signer key');
  return signer;
}

/** Reads a signed note's text and signature lines, strictly, without checking any signature. */
export function parseNote(note: Uint8Array | string): Note {
  const message = decodeNote(note);
  const controlAt = findControlCharacter(message);
  if (controlAt >= 0) {
    const code = message.charCodeAt(controlAt).toString(16).padStart(4, '0').toUpperCase();
    throw new NoteError(
      `The note contains control character U+${code} at position ${controlAt}; only newline is allowed.`,
    );
  }
  const split = message.lastIndexOf('\n\n');
  if (split < 0) throw new NoteError('The note has no blank line between its text and its signatures.');
  const block = message.slice(split + 2);
  if (block === '' || !block.endsWith('\n')) {
    throw new NoteError('The note must end with at least one signature line, then a newline.');
  }
  const lines = block.slice(0, -1).split('\n');
  if (lines.length > maxSignatures) {
    throw new NoteError(`The note has ${lines.length} signatures; at most ${maxSignatures} are accepted.`);
  }
  const signatures = lines.map((line, i) => parseSignatureLine(line, i + 1));
  const seen = new Set<string>();
  for (const { name, keyId: id } of signatures) {
    const key = `${name}+${hex8(id)}`;
    if (seen.has(key)) throw new NoteError(`The note carries two signatures from the key ${key}.`);
    seen.add(key);
  }
  return { text: message.slice(0, split + 1), signatures };
}

/**
 * Signs `text` (which must end with a newline) with every signer. Existing signatures (from parseNote)
 * come first, in order, except those replaced by a signer with the same name and key ID; Ed25519 is
 * deterministic, so re-signing a note with the same keys reproduces it byte for byte.
 */
export function signNote(
  text: string,
  signers: readonly NoteSigner[],
  existing: readonly NoteSignature[] = [],
): string {
  checkNoteText(text);
  if (signers.length === 0) throw new NoteError('A note needs at least one signer.');
  const signing = new Set<string>();
  for (const signer of signers) {
    checkKeyName(signer.name);
    const key = `${signer.name}+${hex8(signer.keyId)}`;
    if (signing.has(key)) throw new NoteError(`The key ${key} is listed twice among the signers.`);
    signing.add(key);
  }
  const message = Buffer.from(text, 'utf8');
  const kept = existing.filter((sig) => !signing.has(`${sig.name}+${hex8(sig.keyId)}`));
  const added = signers.map((signer) => ({
    name: signer.name,
    keyId: signer.keyId,
    signature: sign(null, message, signer.privateKey),
  }));
  const lines = [...kept, ...added].map(formatSignatureLine);
  const signed = `${text}\n${lines.join('')}`;
  parseNote(signed); // What we sign must read back: refuses duplicated or over-long existing signatures.
  return signed;
}

/**
 * Verifies a signed note against the verifiers it should trust. Signatures from other keys are ignored
 * (reported as unverified); any signature from a given key that does not verify rejects the whole note,
 * and so does a note with no verified signature at all.
 */
export function verifyNote(note: Uint8Array | string, verifiers: readonly NoteVerifier[]): VerifiedNote {
  const known = verifierMap(verifiers);
  const { text, signatures } = parseNote(note);
  const message = Buffer.from(text, 'utf8');
  const verified: NoteSignature[] = [];
  const unverified: NoteSignature[] = [];
  for (const sig of signatures) {
    const verifier = known.get(`${sig.name}+${hex8(sig.keyId)}`);
    if (verifier === undefined) {
      unverified.push(sig);
      continue;
    }
    const valid =
      sig.signature.length === ed25519SignatureBytes &&
      verify(null, message, verifier.publicKey, sig.signature);
    if (!valid) {
      throw new NoteVerificationError(
        `The signature from key ${sig.name}+${hex8(sig.keyId)} does not verify: the note was changed after it was signed, or the signature is not from this key.`,
      );
    }
    verified.push(sig);
  }
  if (verified.length === 0) {
    const present = signatures.map((sig) => `${sig.name}+${hex8(sig.keyId)}`).join(', ');
    const trusted = verifiers.map((v) => `${v.name}+${hex8(v.keyId)}`).join(', ') || 'none';
    throw new NoteVerificationError(
      `The note has no signature from a trusted key (it is signed by ${present}; trusted: ${trusted}). Check that the right verifier key is configured.`,
    );
  }
  return { text, verified, unverified };
}

/** Decodes base64 (RFC 4648 section 4) only in its one canonical form; anything else gives undefined. */
export function decodeCanonicalBase64(text: string): Buffer | undefined {
  const bytes = Buffer.from(text, 'base64');
  return bytes.toString('base64') === text ? bytes : undefined;
}

function decodeNote(note: Uint8Array | string): string {
  const size = typeof note === 'string' ? Buffer.byteLength(note, 'utf8') : note.byteLength;
  if (size > maxNoteBytes)
    throw new NoteError(`The note is ${size} bytes; at most ${maxNoteBytes} are accepted.`);
  if (typeof note === 'string') {
    if (loneSurrogate.test(note))
      throw new NoteError('The note contains a lone UTF-16 surrogate, not valid text.');
    return note;
  }
  try {
    return strictUtf8.decode(note);
  } catch {
    throw new NoteError('The note is not valid UTF-8.');
  }
}

function parseSignatureLine(line: string, number: number): NoteSignature {
  if (!line.startsWith(signaturePrefix)) {
    throw new NoteError(`Signature line ${number} does not start with an em dash (U+2014) and a space.`);
  }
  const rest = line.slice(signaturePrefix.length);
  const space = rest.indexOf(' ');
  const name = space < 0 ? rest : rest.slice(0, space);
  if (space < 0 || !validKeyName.test(name)) {
    throw new NoteError(
      `Signature line ${number} must be "— <key name> <base64>", with a key name without spaces or "+".`,
    );
  }
  const encoded = rest.slice(space + 1);
  if (encoded.length > Math.ceil((maxSignatureBytes + 4) / 3) * 4) {
    throw new NoteError(`Signature line ${number} is longer than a signature of ${maxSignatureBytes} bytes.`);
  }
  const bytes = decodeCanonicalBase64(encoded);
  if (bytes === undefined || bytes.length < 5) {
    throw new NoteError(
      `Signature line ${number} does not hold a key ID and a signature in standard base64.`,
    );
  }
  return { name, keyId: bytes.readUInt32BE(0), signature: bytes.subarray(4) };
}

/** Position of the first ASCII control character other than newline, or -1. */
function findControlCharacter(text: string): number {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x20 && code !== 0x0a) return i;
  }
  return -1;
}

function formatSignatureLine(sig: NoteSignature): string {
  const id = Buffer.alloc(4);
  id.writeUInt32BE(sig.keyId);
  return `${signaturePrefix}${sig.name} ${Buffer.concat([id, sig.signature]).toString('base64')}\n`;
}

function checkNoteText(text: string): void {
  if (!text.endsWith('\n')) throw new NoteError('The note text must end with a newline.');
  if (loneSurrogate.test(text)) throw new NoteError('The note text contains a lone UTF-16 surrogate.');
  if (findControlCharacter(text) >= 0)
    throw new NoteError('The note text contains a control character other than newline.');
}

function verifierMap(verifiers: readonly NoteVerifier[]): Map<string, NoteVerifier> {
  const known = new Map<string, NoteVerifier>();
  for (const verifier of verifiers) {
    const key = `${verifier.name}+${hex8(verifier.keyId)}`;
    const other = known.get(key);
    if (other !== undefined && !other.publicKey.equals(verifier.publicKey)) {
      throw new NoteError(`Two different verifier keys are both named ${key}; keep only the right one.`);
    }
    known.set(key, verifier);
  }
  return known;
}

function signerFromSeed(name: string, seed: Uint8Array): NoteSigner {
  const privateKey = createPrivateKey({
    key: Buffer.concat([pkcs8Ed25519Prefix, seed]),
    format: 'der',
    type: 'pkcs8',
  });
  const spki = createPublicKey(privateKey).export({ format: 'der', type: 'spki' });
  const publicKey = Uint8Array.from(spki.subarray(spkiEd25519Prefix.length));
  return { name, keyId: keyId(name, publicKey), privateKey, publicKey };
}

function publicKeyObject(publicKey: Uint8Array): KeyObject {
  try {
    return createPublicKey({
      key: Buffer.concat([spkiEd25519Prefix, publicKey]),
      format: 'der',
      type: 'spki',
    });
  } catch {
    throw new NoteError('The verifier key does not hold a usable Ed25519 public key.');
  }
}

/** Splits `<name>+<key ID hex>+<base64>`; the base64 may itself contain "+". */
function splitKeyText(text: string, what: string): [string, string, string] {
  const first = text.indexOf('+');
  const second = text.indexOf('+', first + 1);
  if (first < 0 || second < 0)
    throw new NoteError(`A ${what} must have the form <name>+<key ID>+<base64 key>.`);
  const name = text.slice(0, first);
  if (!validKeyName.test(name)) throw new NoteError(`The ${what}'s name is empty or contains a space.`);
  const idHex = text.slice(first + 1, second);
  if (!keyIdHex.test(idHex)) throw new NoteError(`The ${what}'s key ID must be 8 lowercase hex digits.`);
  return [name, idHex, text.slice(second + 1)];
}

/** Decodes base64(0x01 || 32 key bytes) and returns the 32 key bytes. */
function decodeTypedKey(encoded: string, what: string): Buffer {
  const bytes = decodeCanonicalBase64(encoded);
  if (bytes === undefined || bytes.length === 0)
    throw new NoteError(`The ${what}'s key is not standard base64.`);
  if (bytes[0] !== ed25519Type) {
    throw new NoteError(
      `The ${what} has signature type 0x${hex2(bytes[0])}; only Ed25519 (0x01) is supported.`,
    );
  }
  if (bytes.length !== 1 + ed25519PublicKeyBytes) {
    throw new NoteError(`The ${what} holds ${bytes.length - 1} key bytes; an Ed25519 key has 32.`);
  }
  return bytes.subarray(1);
}

function checkKeyId(idHex: string, computed: number, what: string): void {
  if (idHex !== hex8(computed)) {
    throw new NoteError(
      `The ${what}'s key ID ${idHex} does not match its name and key (expected ${hex8(computed)}).`,
    );
  }
}

function checkKeyName(name: string): void {
  if (!validKeyName.test(name)) {
    throw new NoteError(
      `Key name ${JSON.stringify(name)} is not valid: it must be non-empty, without spaces or "+".`,
    );
  }
}

function checkPublicKey(publicKey: Uint8Array): void {
  if (publicKey.length !== ed25519PublicKeyBytes) {
    throw new NoteError(`An Ed25519 public key is 32 bytes, not ${publicKey.length}.`);
  }
}

function hex8(value: number): string {
  return value.toString(16).padStart(8, '0');
}

function hex2(value: number | undefined): string {
  return (value ?? 0).toString(16).padStart(2, '0');
}
