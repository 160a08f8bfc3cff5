import { describe, expect, it } from 'vitest';
import {
  CheckpointError,
  formatCheckpoint,
  openCheckpoint,
  parseCheckpoint,
  signCheckpoint,
} from '../../main/core/ledger/checkpoint';
import { emptyRoot, inclusionProof, leafHash, MerkleLog, SubtreeCache } from '../../main/core/ledger/merkle';
import {
  generateSignerKey,
  NoteError,
  NoteVerificationError,
  parseNote,
  parseSignerKey,
  parseVerifierKey,
  signNote,
} from '../../main/core/ledger/note';
import { ProofError, verifyInclusion } from '../../main/core/ledger/proofs';

// The example checkpoint body of c2sp.org/tlog-checkpoint.
const specExample = 'example.com/behind-the-sofa\n20852163\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n';
const specRoot = Buffer.from('CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=', 'base64');

function logKeys(origin: string) {
  const { signerKey, verifierKey } = generateSignerKey(origin);
  return { signer: parseSignerKey(signerKey), verifier: parseVerifierKey(verifierKey) };
}

describe('formatCheckpoint and parseCheckpoint', () => {
  it('writes and reads the tlog-checkpoint example exactly', () => {
    expect(
      formatCheckpoint({ origin: 'example.com/behind-the-sofa', size: 20852163, rootHash: specRoot }),
    ).toBe(specExample);
    const parsed = parseCheckpoint(specExample);
    expect(parsed).toMatchObject({ origin: 'example.com/behind-the-sofa', size: 20852163, extensions: [] });
    expect(Buffer.from(parsed.rootHash).equals(specRoot)).toBe(true);
  });

  it('round-trips extension lines and the empty tree', () => {
    const withExtensions = {
      origin: 'custody/ws-1',
      size: 0,
      rootHash: emptyRoot(),
      extensions: ['a b', '+x'],
    };
    const text = formatCheckpoint(withExtensions);
    expect(text).toBe('custody/ws-1\n0\n47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=\na b\n+x\n');
    expect(parseCheckpoint(text)).toEqual({ ...withExtensions, rootHash: Uint8Array.from(emptyRoot()) });
  });

  const root = 'CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=';
  it.each<[string, string, RegExp]>([
    ['no final newline', specExample.slice(0, -1), /must end with a newline/],
    ['only two lines', 'custody/ws-1\n3\n', /at least 3 lines/],
    ['an empty text', '\n', /at least 3 lines/],
    ['an empty origin', `\n3\n${root}\n`, /Line 1 .* is empty/],
    ['a blank extension line', `o\n3\n${root}\n\n`, /Line 4 .* is empty/],
    ['a blank line between extensions', `o\n3\n${root}\nx\n\ny\n`, /Line 5 .* is empty/],
    ['a leading zero', `o\n03\n${root}\n`, /without leading zeros/],
    ['a plus sign', `o\n+3\n${root}\n`, /decimal number/],
    ['a negative size', `o\n-3\n${root}\n`, /decimal number/],
    ['a space in the size', `o\n 3\n${root}\n`, /decimal number/],
    ['a fractional size', `o\n3.0\n${root}\n`, /decimal number/],
    ['a hex size', `o\n0x3\n${root}\n`, /decimal number/],
    ['an exponent', `o\n3e2\n${root}\n`, /decimal number/],
    ['a size past 2^53 - 1', `o\n9007199254740992\n${root}\n`, /beyond 2\^53 - 1/],
    ['a size past 2^64', `o\n18446744073709551616\n${root}\n`, /beyond 2\^53 - 1/],
    ['a root without padding', `o\n3\n${root.slice(0, -1)}\n`, /32 bytes in standard base64/],
    ['a URL-safe root', `o\n3\n${Buffer.alloc(32, 0xfb).toString('base64url')}=\n`, /standard base64/],
    ['a 31-byte root', `o\n3\n${Buffer.alloc(31).toString('base64')}\n`, /32 bytes/],
    ['a 33-byte root', `o\n3\n${Buffer.alloc(33).toString('base64')}\n`, /32 bytes/],
    ['a hex root', `o\n3\n${Buffer.alloc(32).toString('hex')}\n`, /32 bytes/],
    ['a non-canonical root', `o\n3\n${root.slice(0, -2)}j=\n`, /standard base64/],
  ])('refuses %s', (_name, text, message) => {
    expect(() => parseCheckpoint(text)).toThrow(CheckpointError);
    expect(() => parseCheckpoint(text)).toThrow(message);
  });

  it.each<[string, Parameters<typeof formatCheckpoint>[0], RegExp]>([
    ['an empty origin', { origin: '', size: 1, rootHash: specRoot }, /origin must be one non-empty line/],
    ['a two-line origin', { origin: 'a\nb', size: 1, rootHash: specRoot }, /origin/],
    ['a negative size', { origin: 'o', size: -1, rootHash: specRoot }, /whole number/],
    ['a fractional size', { origin: 'o', size: 1.5, rootHash: specRoot }, /whole number/],
    ['an unsafe size', { origin: 'o', size: 2 ** 53, rootHash: specRoot }, /whole number/],
    ['a short root', { origin: 'o', size: 1, rootHash: new Uint8Array(31) }, /32 bytes, not 31/],
    ['an empty extension', { origin: 'o', size: 1, rootHash: specRoot, extensions: [''] }, /extension 1/],
    [
      'a two-line extension',
      { origin: 'o', size: 1, rootHash: specRoot, extensions: ['x', 'a\nb'] },
      /extension 2/,
    ],
  ])('refuses to format %s', (_name, checkpoint, message) => {
    expect(() => formatCheckpoint(checkpoint)).toThrow(CheckpointError);
    expect(() => formatCheckpoint(checkpoint)).toThrow(message);
  });
});

describe('signCheckpoint and openCheckpoint', () => {
  const origin = 'custody/ws-1';
  const { signer, verifier } = logKeys(origin);
  const checkpoint = { origin, size: 20852163, rootHash: specRoot };

  it('signs a checkpoint that opens with the log key', () => {
    const note = signCheckpoint(checkpoint, signer);
    expect(note.startsWith(`${formatCheckpoint(checkpoint)}\n\u2014 ${origin} `)).toBe(true);
    expect(openCheckpoint(note, verifier)).toEqual({
      ...checkpoint,
      rootHash: Uint8Array.from(specRoot),
      extensions: [],
    });
    expect(openCheckpoint(Buffer.from(note), verifier).size).toBe(checkpoint.size);
  });

  it('opens a checkpoint cosigned by a witness it does not know', () => {
    const witness = parseSignerKey(generateSignerKey('witness.example/w1').signerKey);
    const signed = parseNote(signCheckpoint(checkpoint, signer));
    const cosigned = signNote(signed.text, [witness], signed.signatures);
    expect(openCheckpoint(cosigned, verifier).origin).toBe(origin);
  });

  it('refuses a changed size or root, another log key, or a checkpoint of another log', () => {
    const note = signCheckpoint(checkpoint, signer);
    expect(() => openCheckpoint(note.replace('20852163', '20852164'), verifier)).toThrow(
      NoteVerificationError,
    );
    expect(() => openCheckpoint(note.replace('CsUY', 'CsUZ'), verifier)).toThrow(NoteVerificationError);
    expect(() => openCheckpoint(note, logKeys(origin).verifier)).toThrow(/no signature from a trusted key/);
    const other = signNote(formatCheckpoint({ ...checkpoint, origin: 'custody/ws-2' }), [signer]);
    expect(() => openCheckpoint(other, verifier)).toThrow(NoteVerificationError);
    expect(() => openCheckpoint(other, verifier)).toThrow(
      /for log "custody\/ws-2", but was verified with the key of log "custody\/ws-1"/,
    );
  });

  it('refuses a signed note whose text is not a checkpoint, and a malformed note', () => {
    const notCheckpoint = signNote('custody/ws-1\nthree\nroot\n', [signer]);
    expect(() => openCheckpoint(notCheckpoint, verifier)).toThrow(CheckpointError);
    expect(() => openCheckpoint(signCheckpoint(checkpoint, signer).slice(0, -1), verifier)).toThrow(
      NoteError,
    );
  });

  it('refuses to sign a checkpoint with a key named for another log', () => {
    expect(() => signCheckpoint({ ...checkpoint, origin: 'custody/ws-2' }, signer)).toThrow(CheckpointError);
  });
});

describe('a checkpoint commits to the ledger tree', () => {
  it('proves an entry against the root of an opened checkpoint', () => {
    const origin = 'custody/ws-7';
    const { signer, verifier } = logKeys(origin);
    const leaves = Array.from({ length: 1000 }, (_, i) => leafHash(Buffer.from(`{"seq":${i}}`)));
    const log = new MerkleLog();
    for (const leaf of leaves) log.append(leaf);
    const note = signCheckpoint({ origin, size: log.size, rootHash: log.root() }, signer);

    const opened = openCheckpoint(note, verifier);
    const cache = new SubtreeCache((start, end) => leaves.slice(start, end));
    const proof = inclusionProof(617, opened.size, cache.subtreeHash);
    expect(() =>
      verifyInclusion(leaves[617] as Uint8Array, 617, opened.size, proof, opened.rootHash),
    ).not.toThrow();
    expect(() =>
      verifyInclusion(leaves[618] as Uint8Array, 617, opened.size, proof, opened.rootHash),
    ).toThrow(ProofError);
  });
});
