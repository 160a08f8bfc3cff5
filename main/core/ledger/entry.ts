// One ledger entry: canonical JSON (RFC 8785) with its sequence number, time and hybrid logical clock,
// actor, action, subjects, details and the hash of the previous entry, signed with the actor's Ed25519
// key. The leaf bytes are the canonical JSON of the whole entry including its signature; the signature
// covers the canonical JSON of everything else.
import { sign, verify } from 'node:crypto';
import { z } from 'zod';
import { ledgerActions, type LedgerAction } from '../../../shared/ledger';
import { canonicalBytes, canonicalize } from './canonical-json';
import type { Hlc } from './hlc';
import { leafHash } from './merkle';
import type { NoteSigner, NoteVerifier } from './note';

export const zeroHash = '0'.repeat(64);

const hex64 = z.string().regex(/^[0-9a-f]{64}$/);

export const entrySchema = z
  .object({
    v: z.literal(1),
    origin: z.string().min(1).max(200),
    seq: z.number().int().min(0),
    time: z.string().datetime({ offset: false }),
    hlc: z.object({ wall: z.number().int().min(0), count: z.number().int().min(0) }).strict(),
    actor: z.string().min(1).max(100),
    actorName: z.string().min(1).max(100),
    action: z.enum(ledgerActions),
    subjects: z.array(z.string().min(1).max(200)).max(10_000),
    details: z.record(z.string(), z.unknown()),
    prev: hex64,
    key: z.string().min(1).max(300),
    sig: z.string().regex(/^[A-Za-z0-9+/]{86}==$/),
  })
  .strict();

export type LedgerEntry = z.infer<typeof entrySchema>;
export type UnsignedEntry = Omit<LedgerEntry, 'sig' | 'key'>;

export interface EntryInput {
  origin: string;
  seq: number;
  time: string;
  hlc: Hlc;
  actor: { id: string; name: string };
  action: LedgerAction;
  subjects: readonly string[];
  details: Record<string, unknown>;
  prev: string;
}

function signedPart(entry: Omit<LedgerEntry, 'sig'>): Uint8Array {
  return canonicalBytes(entry);
}

export function signEntry(
  input: EntryInput,
  signer: NoteSigner,
): { entry: LedgerEntry; bytes: Uint8Array; leafHash: Uint8Array } {
  const unsigned: Omit<LedgerEntry, 'sig'> = {
    v: 1,
    origin: input.origin,
    seq: input.seq,
    time: input.time,
    hlc: { wall: input.hlc.wall, count: input.hlc.count },
    actor: input.actor.id,
    actorName: input.actor.name,
    action: input.action,
    subjects: [...input.subjects],
    details: input.details,
    prev: input.prev,
    key: signer.name,
  };
  const sig = sign(null, signedPart(unsigned), signer.privateKey).toString('base64');
  const entry: LedgerEntry = { ...unsigned, sig };
  const bytes = canonicalBytes(entry);
  return { entry, bytes, leafHash: leafHash(bytes) };
}

export class MalformedEntryError extends Error {}

/** Parses leaf bytes strictly: valid UTF-8 JSON, the entry schema, and canonical form byte for byte. */
export function parseEntry(bytes: Uint8Array): LedgerEntry {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new MalformedEntryError('is not valid UTF-8');
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new MalformedEntryError('is not valid JSON');
  }
  const parsed = entrySchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new MalformedEntryError(
      `has a bad field "${issue?.path.join('.') ?? ''}": ${issue?.message ?? ''}`,
    );
  }
  if (canonicalize(parsed.data) !== text) throw new MalformedEntryError('is not in canonical JSON form');
  return parsed.data;
}

/**
 * The bytes an entry's signature covers, cut straight from its canonical leaf bytes: canonical JSON sorts
 * members, so removing the `"sig":"…",` member leaves exactly the canonical JSON of the rest. Only valid
 * for leaves that parseEntry accepted (canonical, with a well-formed signature).
 */
export function signedBytes(leaf: Uint8Array, entry: LedgerEntry): Buffer {
  const member = Buffer.from(`"sig":"${entry.sig}",`);
  const bytes = Buffer.from(leaf.buffer, leaf.byteOffset, leaf.byteLength);
  // The top-level member is the last occurrence: only `details`, which sorts before it, can nest keys.
  const at = bytes.lastIndexOf(member);
  if (at < 0) throw new MalformedEntryError('has no signature member where canonical JSON puts it');
  return Buffer.concat([bytes.subarray(0, at), bytes.subarray(at + member.length)]);
}

export function entrySignatureValid(leaf: Uint8Array, entry: LedgerEntry, verifier: NoteVerifier): boolean {
  return verify(null, signedBytes(leaf, entry), verifier.publicKey, Buffer.from(entry.sig, 'base64'));
}
