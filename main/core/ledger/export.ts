// A ledger export: everything an outsider needs to check the ledger without Custody.
//   entries.jsonl  one entry per line; each line is exactly the bytes of its Merkle leaf
//   checkpoint     the workstation's signed note (C2SP tlog-checkpoint) over all those entries
//   proofs.json    an inclusion proof of every entry against that checkpoint, every earlier signed
//                  checkpoint, and consistency proofs between successive checkpoints
//   keys.txt       one verifier key per line in note format: the workstation's and every user's
// The same module verifies an export folder, trusting nothing in it but the keys the caller chooses.
// Writing goes through the caller's export files (a staged export), never straight to a folder.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { TamperDetectedError } from '../errors';
import { openCheckpoint, parseCheckpoint } from './checkpoint';
import { entrySignatureValid, parseEntry } from './entry';
import { consistencyProof, inclusionProof, leafHash } from './merkle';
import { parseNote, parseVerifierKey, type NoteVerifier } from './note';
import type { Ledger } from './ledger';
import { verifyConsistency, verifyInclusion } from './proofs';
import { inThreadChecker, parallelChecker } from './signature-check';
import { LedgerVerificationError, verifyLeaves } from './verify';

const b64Hash = z.string().regex(/^[A-Za-z0-9+/]{43}=$/);

const proofsSchema = z
  .object({
    format: z.literal('custody-ledger-proofs/1'),
    origin: z.string(),
    size: z.number().int().min(1),
    inclusion: z.array(z.array(b64Hash)),
    checkpoints: z.array(z.object({ size: z.number().int().min(1), note: z.string() }).strict()),
    consistency: z.array(
      z
        .object({ from: z.number().int().min(1), to: z.number().int().min(1), proof: z.array(b64Hash) })
        .strict(),
    ),
  })
  .strict();

type ProofsFile = z.infer<typeof proofsSchema>;

const b64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');
const unb64 = (text: string) => Uint8Array.from(Buffer.from(text, 'base64'));

/** A signing key as the vault stores it (identity keeps them): its name, owner and public half. */
export interface StoredKey {
  name: string;
  /** 'workstation' or a user id. */
  owner: string;
  verifierKey: string;
}

export interface ExportSummary {
  entries: number;
  checkpoint: string;
}

/** Where an export's files go: the sink of a staged export (main/core/exports). */
export interface ExportFiles {
  add(relative: string, content: string | Uint8Array): Promise<void>;
}

/** The files of an export of the whole ledger up to a checkpoint it signs now, by name. */
export function ledgerExportFiles(
  ledger: Ledger,
  keys: readonly StoredKey[],
): { files: Array<[name: string, content: Buffer]>; summary: ExportSummary } {
  const latest = ledger.checkpoint();
  if (!latest) throw new TamperDetectedError('The ledger is empty: there is nothing to export.');
  const size = latest.size;
  const leaves = ledger.leaves(0, size);
  const subtrees = ledger.subtrees();
  const checkpoints = ledger.checkpoints().filter((c) => c.size <= size);
  const proofs: ProofsFile = {
    format: 'custody-ledger-proofs/1',
    origin: ledger.origin,
    size,
    inclusion: leaves.map((_, index) => inclusionProof(index, size, subtrees.subtreeHash).map(b64)),
    checkpoints: checkpoints.map((c) => ({ size: c.size, note: c.note })),
    consistency: checkpoints.slice(1).map((c, i) => {
      const from = (checkpoints[i] as { size: number }).size;
      return { from, to: c.size, proof: consistencyProof(from, c.size, subtrees.subtreeHash).map(b64) };
    }),
  };
  return {
    files: [
      ['entries.jsonl', Buffer.concat(leaves.flatMap((leaf) => [leaf, Buffer.from('\n')]))],
      ['checkpoint', Buffer.from(latest.note)],
      ['proofs.json', Buffer.from(`${JSON.stringify(proofs)}\n`)],
      ['keys.txt', Buffer.from(keys.map((k) => `${k.verifierKey}\n`).join(''))],
    ],
    summary: { entries: size, checkpoint: latest.note },
  };
}

/** Writes an export of the whole ledger into a staged export's files; the caller records the export. */
export async function writeLedgerExport(
  ledger: Ledger,
  keys: readonly StoredKey[],
  files: ExportFiles,
): Promise<ExportSummary> {
  const { files: contents, summary } = ledgerExportFiles(ledger, keys);
  for (const [name, content] of contents) await files.add(name, content);
  return summary;
}

async function readPart(dir: string, name: string): Promise<Buffer> {
  try {
    return await readFile(join(dir, name));
  } catch {
    throw new LedgerVerificationError(`The export has no readable ${name}.`);
  }
}

function splitEntries(bytes: Buffer): Buffer[] {
  if (bytes.length === 0 || bytes[bytes.length - 1] !== 0x0a) {
    throw new LedgerVerificationError('entries.jsonl must end with a newline after its last entry.');
  }
  const lines: Buffer[] = [];
  let start = 0;
  for (let i = 0; i < bytes.length; i++) {
    if (bytes[i] === 0x0a) {
      lines.push(bytes.subarray(start, i));
      start = i + 1;
    }
  }
  return lines;
}

export interface ExportVerification {
  entries: number;
  origin: string;
  rootHex: string;
  checkpoints: number;
}

/** Verifies an export folder completely; throws a LedgerVerificationError naming the first problem. */
export async function verifyLedgerExport(dir: string): Promise<ExportVerification> {
  const keyLines = (await readPart(dir, 'keys.txt'))
    .toString('utf8')
    .split('\n')
    .filter((l) => l.length > 0);
  const verifiers = new Map<string, NoteVerifier>();
  keyLines.forEach((line, i) => {
    try {
      const verifier = parseVerifierKey(line);
      verifiers.set(verifier.name, verifier);
    } catch (error) {
      throw new LedgerVerificationError(
        `keys.txt line ${i + 1} is not a valid verifier key: ${(error as Error).message}`,
      );
    }
  });
  const note = (await readPart(dir, 'checkpoint')).toString('utf8');
  let origin: string;
  try {
    origin = parseCheckpoint(parseNote(note).text).origin;
  } catch (error) {
    throw new LedgerVerificationError(`checkpoint is malformed: ${(error as Error).message}`);
  }
  const workstation = verifiers.get(origin);
  if (!workstation) throw new LedgerVerificationError(`keys.txt has no key for the log ${origin}.`);
  let checkpoint;
  try {
    checkpoint = openCheckpoint(note, workstation);
  } catch (error) {
    throw new LedgerVerificationError(
      `checkpoint is not validly signed by ${origin}: ${(error as Error).message}`,
    );
  }
  let proofs: ProofsFile;
  try {
    proofs = proofsSchema.parse(JSON.parse((await readPart(dir, 'proofs.json')).toString('utf8')));
  } catch (error) {
    if (error instanceof LedgerVerificationError) throw error;
    throw new LedgerVerificationError(`proofs.json is malformed: ${(error as Error).message.slice(0, 200)}`);
  }
  if (proofs.origin !== origin || proofs.size !== checkpoint.size) {
    throw new LedgerVerificationError(
      "proofs.json is for another log or another checkpoint than the export's checkpoint.",
    );
  }
  const leaves = splitEntries(await readPart(dir, 'entries.jsonl'));
  if (leaves.length !== checkpoint.size) {
    throw new LedgerVerificationError(
      `entries.jsonl has ${leaves.length} entries, but the checkpoint covers ${checkpoint.size}: entries were added or deleted.`,
    );
  }
  const checkpoints = [...proofs.checkpoints];
  if (!checkpoints.some((c) => c.size === checkpoint.size)) checkpoints.push({ size: checkpoint.size, note });
  const signatures = leaves.length >= 20_000 ? parallelChecker() : inThreadChecker();
  let result;
  try {
    result = await verifyLeaves(leaves, { origin, verifiers, checkpoints, signatures });
  } finally {
    await signatures.close();
  }
  if (Buffer.compare(Buffer.from(result.root), Buffer.from(checkpoint.rootHash)) !== 0) {
    throw new LedgerVerificationError('The entries do not make the tree the checkpoint signs.');
  }
  if (proofs.inclusion.length !== leaves.length) {
    throw new LedgerVerificationError(
      `proofs.json has ${proofs.inclusion.length} inclusion proofs for ${leaves.length} entries.`,
    );
  }
  leaves.forEach((leaf, index) => {
    try {
      verifyInclusion(
        leafHash(leaf),
        index,
        checkpoint.size,
        (proofs.inclusion[index] ?? []).map(unb64),
        checkpoint.rootHash,
      );
    } catch (error) {
      throw new LedgerVerificationError(
        `proofs.json: the inclusion proof of entry ${index} fails: ${(error as Error).message}`,
        index,
      );
    }
  });
  const sorted = [...proofs.checkpoints].sort((a, b) => a.size - b.size);
  const roots = new Map(sorted.map((c) => [c.size, openCheckpoint(c.note, workstation).rootHash]));
  for (let i = 1; i < sorted.length; i++) {
    const from = (sorted[i - 1] as { size: number }).size;
    const to = (sorted[i] as { size: number }).size;
    const link = proofs.consistency.find((p) => p.from === from && p.to === to);
    if (!link)
      throw new LedgerVerificationError(
        `proofs.json lacks the consistency proof from checkpoint ${from} to ${to}.`,
      );
    try {
      verifyConsistency(
        from,
        to,
        link.proof.map(unb64),
        roots.get(from) as Uint8Array,
        roots.get(to) as Uint8Array,
      );
    } catch (error) {
      throw new LedgerVerificationError(
        `proofs.json: checkpoint ${to} is not consistent with checkpoint ${from}: ${(error as Error).message}`,
      );
    }
  }
  return {
    entries: leaves.length,
    origin,
    rootHex: Buffer.from(checkpoint.rootHash).toString('hex'),
    checkpoints: result.checkpointsChecked,
  };
}

/** What a ledger view export adds to the export format: the filter it shows and each line's entry number. */
const viewSchema = z
  .object({
    format: z.literal('custody-ledger-view/1'),
    filter: z.record(z.string(), z.string()),
    seqs: z.array(z.number().int().min(0)),
  })
  .strict();

/**
 * Writes some entries of the ledger (a filtered view) in the export format: entries.jsonl holds only
 * those entries, proofs.json an inclusion proof of each (at its own sequence number) against the
 * checkpoint, with every checkpoint and the consistency proofs, and view.json the filter and the
 * sequence numbers, so an outsider can check each entry belongs to the signed log. The caller records the
 * export and signs the checkpoint first.
 */
export async function writeLedgerView(
  ledger: Ledger,
  keys: readonly StoredKey[],
  seqs: readonly number[],
  filter: Record<string, string>,
  files: ExportFiles,
): Promise<ExportSummary> {
  const latest = ledger.checkpoint();
  if (!latest) throw new TamperDetectedError('The ledger is empty: there is nothing to export.');
  const size = latest.size;
  const shown = seqs.filter((seq) => seq < size);
  const subtrees = ledger.subtrees();
  const checkpoints = ledger.checkpoints().filter((c) => c.size <= size);
  const leaves = shown.map((seq) => ledger.leaves(seq, seq + 1)[0] as Buffer);
  const proofs: ProofsFile = {
    format: 'custody-ledger-proofs/1',
    origin: ledger.origin,
    size,
    inclusion: shown.map((seq) => inclusionProof(seq, size, subtrees.subtreeHash).map(b64)),
    checkpoints: checkpoints.map((c) => ({ size: c.size, note: c.note })),
    consistency: checkpoints.slice(1).map((c, i) => {
      const from = (checkpoints[i] as { size: number }).size;
      return { from, to: c.size, proof: consistencyProof(from, c.size, subtrees.subtreeHash).map(b64) };
    }),
  };
  await files.add('entries.jsonl', Buffer.concat(leaves.flatMap((leaf) => [leaf, Buffer.from('\n')])));
  await files.add('checkpoint', latest.note);
  await files.add('proofs.json', `${JSON.stringify(proofs)}\n`);
  await files.add('keys.txt', keys.map((k) => `${k.verifierKey}\n`).join(''));
  await files.add(
    'view.json',
    `${JSON.stringify({ format: 'custody-ledger-view/1', filter, seqs: shown } satisfies z.infer<typeof viewSchema>)}\n`,
  );
  return { entries: shown.length, checkpoint: latest.note };
}

/**
 * Verifies a view export: the checkpoint signed by the log's key, and each entry's own signature and its
 * inclusion at its sequence number. It proves those entries are in the log; it cannot prove the filter
 * left none out (only a full export can).
 */
export async function verifyLedgerView(dir: string): Promise<ExportVerification> {
  const verifiers = new Map<string, NoteVerifier>();
  for (const line of (await readPart(dir, 'keys.txt')).toString('utf8').split('\n')) {
    if (line.length === 0) continue;
    const verifier = parseVerifierKey(line);
    verifiers.set(verifier.name, verifier);
  }
  const note = (await readPart(dir, 'checkpoint')).toString('utf8');
  const origin = parseCheckpoint(parseNote(note).text).origin;
  const workstation = verifiers.get(origin);
  if (!workstation) throw new LedgerVerificationError(`keys.txt has no key for the log ${origin}.`);
  const checkpoint = openCheckpoint(note, workstation);
  const proofs = proofsSchema.parse(JSON.parse((await readPart(dir, 'proofs.json')).toString('utf8')));
  const view = viewSchema.parse(JSON.parse((await readPart(dir, 'view.json')).toString('utf8')));
  const leaves = splitEntries(await readPart(dir, 'entries.jsonl'));
  if (leaves.length !== view.seqs.length || proofs.inclusion.length !== leaves.length)
    throw new LedgerVerificationError('view.json, proofs.json and entries.jsonl list different entries.');
  leaves.forEach((leaf, index) => {
    const seq = view.seqs[index] as number;
    const entry = parseEntry(leaf);
    if (entry.seq !== seq)
      throw new LedgerVerificationError(`entries.jsonl line ${index + 1} is not entry ${seq}.`);
    const key = verifiers.get(entry.key);
    if (!key || !entrySignatureValid(leaf, entry, key))
      throw new LedgerVerificationError(`entry ${seq} is not validly signed by ${entry.key}.`, seq);
    try {
      verifyInclusion(
        leafHash(leaf),
        seq,
        checkpoint.size,
        (proofs.inclusion[index] ?? []).map(unb64),
        checkpoint.rootHash,
      );
    } catch (error) {
      throw new LedgerVerificationError(
        `proofs.json: the inclusion proof of entry ${seq} fails: ${(error as Error).message}`,
        seq,
      );
    }
  });
  return {
    entries: leaves.length,
    origin,
    rootHex: Buffer.from(checkpoint.rootHash).toString('hex'),
    checkpoints: proofs.checkpoints.length,
  };
}
