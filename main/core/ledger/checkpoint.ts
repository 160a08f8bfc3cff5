// C2SP tlog-checkpoint v1.0.0: the signed tree head of a log, `<origin>\n<size>\n<base64 root>\n` plus
// optional extension lines, carried in a signed note. It reads checkpoints strictly and never returns
// one whose signature by the log's own key has not verified.
import { InvalidInputError } from '../errors';
import { hashBytes } from './merkle';
import {
  decodeCanonicalBase64,
  NoteVerificationError,
  signNote,
  verifyNote,
  type NoteSigner,
  type NoteVerifier,
} from './note';

export class CheckpointError extends InvalidInputError {}

export interface Checkpoint {
  /** The log's identity, e.g. `custody/<workstation-id>`; the log's key name matches it. */
  origin: string;
  /** Number of leaves in the tree. */
  size: number;
  /** RFC 6962 root hash of the tree at that size. */
  rootHash: Uint8Array;
  /** Opaque extension lines, without their newlines; usually none. */
  extensions: string[];
}

/** What formatCheckpoint and signCheckpoint take: a checkpoint whose extension lines may be left out. */
export type CheckpointFields = Omit<Checkpoint, 'extensions'> & { extensions?: readonly string[] };

const treeSize = /^(0|[1-9][0-9]*)$/;

/** The checkpoint's note text. Throws a CheckpointError for anything parseCheckpoint would refuse. */
export function formatCheckpoint(checkpoint: CheckpointFields): string {
  const { origin, size, rootHash, extensions = [] } = checkpoint;
  if (origin === '' || origin.includes('\n')) {
    throw new CheckpointError('A checkpoint origin must be one non-empty line.');
  }
  if (!Number.isSafeInteger(size) || size < 0) {
    throw new CheckpointError(
      `A checkpoint tree size must be a whole number from 0 to 2^53 - 1, not ${size}.`,
    );
  }
  if (rootHash.length !== hashBytes) {
    throw new CheckpointError(`A checkpoint root hash is ${hashBytes} bytes, not ${rootHash.length}.`);
  }
  extensions.forEach((line, i) => {
    if (line === '' || line.includes('\n')) {
      throw new CheckpointError(`Checkpoint extension ${i + 1} must be one non-empty line.`);
    }
  });
  const lines = [origin, String(size), Buffer.from(rootHash).toString('base64'), ...extensions];
  return `${lines.join('\n')}\n`;
}

/** Reads a checkpoint's note text (not the signed note: see openCheckpoint), strictly. */
export function parseCheckpoint(text: string): Checkpoint {
  if (!text.endsWith('\n')) throw new CheckpointError('A checkpoint must end with a newline.');
  const lines = text.slice(0, -1).split('\n');
  const [origin, size, root, ...extensions] = lines;
  if (origin === undefined || size === undefined || root === undefined) {
    throw new CheckpointError(
      `A checkpoint has at least 3 lines (origin, size, root hash), not ${lines.length}.`,
    );
  }
  const empty = lines.indexOf('');
  if (empty >= 0) throw new CheckpointError(`Line ${empty + 1} of the checkpoint is empty; no line may be.`);
  if (!treeSize.test(size)) {
    throw new CheckpointError('The checkpoint tree size must be a decimal number without leading zeros.');
  }
  const parsedSize = Number(size);
  if (!Number.isSafeInteger(parsedSize)) {
    throw new CheckpointError(
      `The checkpoint tree size ${size} is beyond 2^53 - 1, which Custody does not support.`,
    );
  }
  const rootHash = decodeCanonicalBase64(root);
  if (rootHash === undefined || rootHash.length !== hashBytes) {
    throw new CheckpointError(`The checkpoint root hash must be ${hashBytes} bytes in standard base64.`);
  }
  return { origin, size: parsedSize, rootHash: Uint8Array.from(rootHash), extensions };
}

/** Formats the checkpoint and signs it with the log's key, whose name must be the checkpoint's origin. */
export function signCheckpoint(checkpoint: CheckpointFields, signer: NoteSigner): string {
  if (signer.name !== checkpoint.origin) {
    throw new CheckpointError(
      `The checkpoint for log "${checkpoint.origin}" must be signed with that log's key, not "${signer.name}".`,
    );
  }
  return signNote(formatCheckpoint(checkpoint), [signer]);
}

/**
 * Verifies a signed checkpoint with the log's verifier key and reads it. Other signatures (witness
 * cosignatures) are ignored. Throws NoteError / NoteVerificationError for the note, CheckpointError for
 * the text, and NoteVerificationError if the checkpoint's origin is not the key's log.
 */
export function openCheckpoint(note: Uint8Array | string, verifier: NoteVerifier): Checkpoint {
  const { text } = verifyNote(note, [verifier]);
  const checkpoint = parseCheckpoint(text);
  if (checkpoint.origin !== verifier.name) {
    throw new NoteVerificationError(
      `The checkpoint is for log "${checkpoint.origin}", but was verified with the key of log "${verifier.name}".`,
    );
  }
  return checkpoint;
}
