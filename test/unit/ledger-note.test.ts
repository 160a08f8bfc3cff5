import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  formatVerifierKey,
  generateSignerKey,
  keyId,
  maxNoteBytes,
  NoteError,
  NoteVerificationError,
  parseNote,
  parseSignerKey,
  parseVerifierKey,
  signNote,
  verifyNote,
  type NoteVerifier,
} from '../../main/core/ledger/note';
import { fixture } from '../support/fixtures';
import { seededRandom } from '../support/random';

interface NoteVector {
  name: string;
  vkey: string;
  skey?: string;
  text: string;
  signedNote: string;
}
const vectors = (
  JSON.parse(readFileSync(fixture('signed-note', 'signed-note-vectors.json'), 'utf8')) as {
    vectors: NoteVector[];
  }
).vectors;

/** Raw public key bytes of a verifier, to format its key text again. */
function rawPublicKey(verifier: NoteVerifier): Uint8Array {
  return verifier.publicKey.export({ format: 'der', type: 'spki' }).subarray(12);
}

/** Either a typed note error, or a note whose verified text is exactly the original. */
function expectTypedFailureOrOriginal(
  note: Uint8Array | string,
  verifiers: NoteVerifier[],
  text: string,
): void {
  try {
    expect(verifyNote(note, verifiers).text).toBe(text);
  } catch (error) {
    expect(error, String(error)).toSatisfy(
      (e) => e instanceof NoteError || e instanceof NoteVerificationError,
    );
  }
}

describe('signed-note reference vectors', () => {
  const byName = (prefix: string) => vectors.find((v) => v.name.startsWith(prefix)) as NoteVector;

  it('has every vector', () => {
    expect(vectors.map((v) => v.name)).toHaveLength(3);
  });

  it.each(vectors.map((v) => [v.name, v] as const))(
    '%s: parses its verifier key and re-formats it',
    (_n, v) => {
      const verifier = parseVerifierKey(v.vkey);
      const [name, idHex] = v.vkey.split('+');
      expect(verifier.name).toBe(name);
      expect(verifier.keyId.toString(16).padStart(8, '0')).toBe(idHex);
      expect(keyId(verifier.name, rawPublicKey(verifier))).toBe(verifier.keyId);
      expect(formatVerifierKey(verifier.name, rawPublicKey(verifier))).toBe(v.vkey);
    },
  );

  it.each(vectors.map((v) => [v.name, v] as const))('%s: verifies, giving back the text', (_n, v) => {
    const verifier = parseVerifierKey(v.vkey);
    const opened = verifyNote(v.signedNote, [verifier]);
    expect(opened.text).toBe(v.text);
    expect(opened.verified.map((s) => [s.name, s.keyId])).toEqual([[verifier.name, verifier.keyId]]);
    expect(opened.unverified).toEqual([]);
    expect(verifyNote(Buffer.from(v.signedNote, 'utf8'), [verifier]).text).toBe(v.text);
  });

  it('re-signs the PeterNeumann note byte for byte from its signer key', () => {
    const v = byName('golang-sumdb-note-PeterNeumann');
    const signer = parseSignerKey(v.skey as string);
    expect(signer.name).toBe('PeterNeumann');
    expect(signer.keyId).toBe(0xc74f20a3);
    expect(formatVerifierKey(signer.name, signer.publicKey)).toBe(v.vkey);
    expect(signNote(v.text, [signer])).toBe(v.signedNote);
    const parsed = parseNote(v.signedNote);
    expect(signNote(parsed.text, [signer], parsed.signatures)).toBe(v.signedNote);
  });

  it('combines signatures as the Go note package does: kept ones first, then the new ones', () => {
    const peter = byName('golang-sumdb-note-PeterNeumann');
    const enoch = byName('golang-sumdb-note-EnochRoot');
    const enochLine = enoch.signedNote.slice(enoch.text.length + 1);
    const both = peter.signedNote + enochLine;
    const [pv, ev] = [parseVerifierKey(peter.vkey), parseVerifierKey(enoch.vkey)];

    expect(verifyNote(both, [pv, ev]).verified.map((s) => s.name)).toEqual(['PeterNeumann', 'EnochRoot']);
    const onlyPeter = verifyNote(both, [pv]);
    expect(onlyPeter.verified.map((s) => s.name)).toEqual(['PeterNeumann']);
    expect(onlyPeter.unverified.map((s) => s.name)).toEqual(['EnochRoot']);
    expect(verifyNote(both, [ev]).unverified.map((s) => s.name)).toEqual(['PeterNeumann']);

    const signer = parseSignerKey(peter.skey as string);
    const parsed = parseNote(both);
    expect(signNote(parsed.text, [signer], parsed.signatures)).toBe(
      enoch.signedNote + peter.signedNote.slice(peter.text.length + 1),
    );

    const witness = parseSignerKey(generateSignerKey('witness.example/w1').signerKey);
    const cosigned = signNote(
      parseNote(peter.signedNote).text,
      [witness],
      parseNote(peter.signedNote).signatures,
    );
    expect(cosigned.startsWith(peter.signedNote)).toBe(true);
    expect(verifyNote(cosigned, [pv]).unverified.map((s) => s.name)).toEqual(['witness.example/w1']);
  });

  it('rejects a note signed only by keys it was not given', () => {
    const peter = byName('golang-sumdb-note-PeterNeumann');
    const enoch = parseVerifierKey(byName('golang-sumdb-note-EnochRoot').vkey);
    expect(() => verifyNote(peter.signedNote, [enoch])).toThrow(NoteVerificationError);
    expect(() => verifyNote(peter.signedNote, [enoch])).toThrow(
      /no signature from a trusted key .*PeterNeumann\+c74f20a3/,
    );
    expect(() => verifyNote(peter.signedNote, [])).toThrow(NoteVerificationError);
  });

  it('ignores a key that shares only the name, or only the key ID, with the signer', () => {
    const peter = byName('golang-sumdb-note-PeterNeumann');
    const real = parseVerifierKey(peter.vkey);
    const sameName = parseVerifierKey(generateSignerKey('PeterNeumann').verifierKey);
    const sameId: NoteVerifier = { ...sameName, name: 'PeterNeumann2', keyId: real.keyId };
    expect(() => verifyNote(peter.signedNote, [sameName, sameId])).toThrow(/no signature from a trusted key/);
  });

  it('rejects the whole note when a known key signature fails, even if another verifies', () => {
    const peter = byName('golang-sumdb-note-PeterNeumann');
    const enoch = byName('golang-sumdb-note-EnochRoot');
    const enochLine = enoch.signedNote.slice(enoch.text.length + 1);
    const forgedEnoch = enochLine.replace('rwz+eBzm', 'rwz+eBzn');
    const note = peter.signedNote + forgedEnoch;
    const verifiers = [parseVerifierKey(peter.vkey), parseVerifierKey(enoch.vkey)];
    expect(() => verifyNote(note, verifiers)).toThrow(
      /signature from key EnochRoot\+af0cfe78 does not verify/,
    );
    expect(verifyNote(note, verifiers.slice(0, 1)).unverified).toHaveLength(1);
  });

  it('rejects a changed text', () => {
    const v = byName('c2sp-example');
    const verifier = parseVerifierKey(v.vkey);
    expect(() => verifyNote(v.signedNote.replace('example', 'exemple'), [verifier])).toThrow(
      NoteVerificationError,
    );
    expect(() => verifyNote(`X${v.signedNote}`, [verifier])).toThrow(NoteVerificationError);
  });

  it('never crashes on any truncation of a signed note', () => {
    const v = byName('golang-sumdb-note-PeterNeumann');
    const verifier = parseVerifierKey(v.vkey);
    const bytes = Buffer.from(v.signedNote, 'utf8');
    for (let end = 0; end < bytes.length; end++) {
      expect(() => verifyNote(bytes.subarray(0, end), [verifier])).toThrow(NoteError);
    }
  });

  it('never crashes, and never accepts a changed text, under 3000 random mutations', () => {
    const v = byName('golang-sumdb-note-PeterNeumann');
    const enoch = byName('golang-sumdb-note-EnochRoot');
    const original = Buffer.from(v.signedNote + enoch.signedNote.slice(enoch.text.length + 1), 'utf8');
    const verifiers = [parseVerifierKey(v.vkey), parseVerifierKey(enoch.vkey)];
    const { next } = seededRandom(20260101);
    const pick = (n: number) => Math.floor(next() * n);
    const mutations: ((b: Buffer) => Buffer)[] = [
      (b) => {
        const c = Buffer.from(b);
        const i = pick(c.length);
        c[i] = (c[i] as number) ^ (1 << pick(8));
        return c;
      },
      (b) => {
        const c = Buffer.from(b);
        c[pick(c.length)] = pick(256);
        return c;
      },
      (b) => b.subarray(0, pick(b.length)),
      (b) => b.subarray(pick(b.length)),
      (b) => {
        const i = pick(b.length);
        return Buffer.concat([b.subarray(0, i), Buffer.from([pick(256)]), b.subarray(i)]);
      },
      (b) => {
        const i = pick(b.length);
        return Buffer.concat([b.subarray(0, i), b.subarray(i + 1 + pick(8))]);
      },
      (b) => {
        const lines = b.toString('latin1').split('\n');
        const i = pick(lines.length);
        lines.splice(i, 0, lines[pick(lines.length)] as string);
        return Buffer.from(lines.join('\n'), 'latin1');
      },
    ];
    for (let round = 0; round < 3000; round++) {
      let mutated: Buffer = original;
      for (let k = 1 + pick(3); k > 0; k--)
        mutated = (mutations[pick(mutations.length)] as (b: Buffer) => Buffer)(mutated);
      expectTypedFailureOrOriginal(mutated, verifiers, v.text);
    }
  });
});

describe('malformed notes are refused with a NoteError', () => {
  const signer = parseSignerKey(generateSignerKey('custody/ws-1').signerKey);
  const text = 'custody/ws-1\n3\nAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n';
  const good = signNote(text, [signer]);
  const line = good.slice(text.length + 1);
  const b64 = line.slice(line.lastIndexOf(' ') + 1, -1);

  it.each<[string, string | Uint8Array, RegExp]>([
    ['no final newline', good.slice(0, -1), /must end with at least one signature line, then a newline/],
    ['no blank line before the signatures', text + line, /no blank line/],
    ['no signature lines', `${text}\n`, /must end with at least one signature line/],
    ['a hyphen instead of the em dash', `${text}\n- custody/ws-1 ${b64}\n`, /em dash \(U\+2014\)/],
    ['an en dash instead of the em dash', `${text}\n\u2013 custody/ws-1 ${b64}\n`, /em dash/],
    ['no space after the dash', `${text}\n\u2014custody/ws-1 ${b64}\n`, /em dash \(U\+2014\) and a space/],
    ['no key name', `${text}\n\u2014  ${b64}\n`, /key name without spaces/],
    ['no signature', `${text}\n\u2014 custody/ws-1\n`, /key name without spaces/],
    ['a key name with a plus', `${text}\n\u2014 custody+ws ${b64}\n`, /key name/],
    ['a key name with a no-break space', `${text}\n\u2014 custody\u00a0ws ${b64}\n`, /key name/],
    ['a trailing space', `${text}\n\u2014 custody/ws-1 ${b64} \n`, /standard base64/],
    ['two spaces before the signature', `${text}\n\u2014 custody/ws-1  ${b64}\n`, /standard base64/],
    [
      'URL-safe base64',
      `${text}\n\u2014 custody/ws-1 ${Buffer.alloc(68, 0xfb).toString('base64url')}=\n`,
      /base64/,
    ],
    [
      'base64 without padding',
      `${text}\n\u2014 custody/ws-1 ${Buffer.alloc(68, 7).toString('base64').replace(/=+$/, '')}\n`,
      /base64/,
    ],
    [
      'base64 with stray characters',
      `${text}\n\u2014 custody/ws-1 ${b64.slice(0, 10)}*${b64.slice(11)}\n`,
      /base64/,
    ],
    ['non-canonical base64 padding bits', `${text}\n\u2014 custody/ws-1 AAAAAAB=\n`, /base64/],
    [
      'a signature of 4 bytes (a key ID and nothing)',
      `${text}\n\u2014 custody/ws-1 AAAAAA==\n`,
      /key ID and a signature/,
    ],
    ['a duplicate signature', good + line, /two signatures from the key custody\/ws-1\+/],
    [
      'an over-long signature line',
      `${text}\n\u2014 custody/ws-1 ${Buffer.alloc(9000, 1).toString('base64')}\n`,
      /longer than a signature/,
    ],
    [
      '101 signatures',
      text + '\n' + Array.from({ length: 101 }, (_, i) => `\u2014 k${i} ${b64}\n`).join(''),
      /101 signatures; at most 100/,
    ],
    ['a note over the size limit', `${'a'.repeat(maxNoteBytes)}\n\n${line}`, /bytes; at most/],
    [
      'a carriage return',
      good.replace('custody/ws-1\n3', 'custody/ws-1\r\n3'),
      /control character U\+000D at position 12/,
    ],
    ['a tab', `\t${good}`, /control character U\+0009/],
    ['a NUL', good.replace('3', '\u0000'), /U\+0000/],
    ['a lone surrogate', good.replace('3', '\ud800'), /lone UTF-16 surrogate/],
    ['invalid UTF-8', Buffer.concat([Buffer.from([0xff]), Buffer.from(good)]), /not valid UTF-8/],
    [
      'an overlong UTF-8 encoding',
      Buffer.concat([Buffer.from([0xc0, 0xaf]), Buffer.from(good)]),
      /not valid UTF-8/,
    ],
    [
      'a UTF-8 encoded surrogate',
      Buffer.concat([Buffer.from([0xed, 0xa0, 0x80]), Buffer.from(good)]),
      /not valid UTF-8/,
    ],
    [
      'a truncated UTF-8 sequence',
      Buffer.concat([Buffer.from(good), Buffer.from([0xe2, 0x80])]),
      /not valid UTF-8/,
    ],
  ])('%s', (_name, note, message) => {
    expect(() => parseNote(note)).toThrow(NoteError);
    expect(() => parseNote(note)).toThrow(message);
    expect(() =>
      verifyNote(note, [parseVerifierKey(formatVerifierKey(signer.name, signer.publicKey))]),
    ).toThrow(NoteError);
  });

  it('keeps a byte-order mark as part of the signed text', () => {
    const withBom = signNote(`\ufeff${text}`, [signer]);
    const verifier = parseVerifierKey(formatVerifierKey(signer.name, signer.publicKey));
    expect(verifyNote(Buffer.from(withBom, 'utf8'), [verifier]).text).toBe(`\ufeff${text}`);
    expect(() => verifyNote(Buffer.from(withBom, 'utf8').subarray(3), [verifier])).toThrow(
      NoteVerificationError,
    );
  });

  it('accepts empty lines inside the text: the last blank line separates the signatures', () => {
    const verifier = parseVerifierKey(formatVerifierKey(signer.name, signer.publicKey));
    const poem =
      'Ognuno sta solo sul cuor della terra\ntrafitto da un raggio di sole:\n\ned è subito sera.\n';
    expect(verifyNote(signNote(poem, [signer]), [verifier]).text).toBe(poem);
  });
});

describe('keys', () => {
  it('generates a signer key and verifier key that work together', () => {
    const { signerKey, verifierKey } = generateSignerKey('custody/ws-1');
    expect(signerKey).toMatch(/^PRIVATE\+KEY\+custody\/ws-1\+[0-9a-f]{8}\+A[A-Za-z0-9+/]{43}$/);
    expect(verifierKey).toMatch(/^custody\/ws-1\+[0-9a-f]{8}\+A[A-Za-z0-9+/]{43}$/);
    const signer = parseSignerKey(signerKey);
    const verifier = parseVerifierKey(verifierKey);
    expect(signer.keyId).toBe(verifier.keyId);
    expect(formatVerifierKey(signer.name, signer.publicKey)).toBe(verifierKey);
    expect(verifyNote(signNote('hello\n', [signer]), [verifier]).text).toBe('hello\n');
    expect(generateSignerKey('custody/ws-1').signerKey).not.toBe(signerKey);
  });

  it('refuses malformed verifier keys, naming the problem', () => {
    const good = parseVerifierKey(generateSignerKey('log.example/a').verifierKey);
    const text = formatVerifierKey(good.name, rawPublicKey(good));
    const [name, id] = text.split('+') as [string, string];
    const key = text.slice(name.length + id.length + 2);
    const typed = (type: number, bytes = rawPublicKey(good)) =>
      Buffer.concat([Buffer.from([type]), bytes]).toString('base64');
    for (const [bad, message] of [
      [`${name}+${id}`, /form <name>\+<key ID>\+<base64 key>/],
      [`${name}`, /form/],
      [`+${id}+${key}`, /name is empty/],
      [`log example/a+${id}+${key}`, /name is empty or contains a space/],
      [`${name}+A${id.slice(1)}+${key}`, /8 lowercase hex digits/],
      [`${name}+${id.slice(1)}+${key}`, /8 lowercase hex digits/],
      [`${name}+00000000+${key}`, /key ID 00000000 does not match/],
      [`${name}+${id}+${key.slice(0, -1)}`, /not standard base64/],
      [`${name}+${id}+`, /not standard base64/],
      [`${name}+${id}+${typed(2)}`, /signature type 0x02; only Ed25519/],
      [`${name}+${id}+${typed(1, rawPublicKey(good).subarray(1))}`, /holds 31 key bytes/],
    ] as const) {
      expect(() => parseVerifierKey(bad), bad).toThrow(NoteError);
      expect(() => parseVerifierKey(bad), bad).toThrow(message);
    }
  });

  it('refuses malformed signer keys without repeating the key in the message', () => {
    const { signerKey } = generateSignerKey('log.example/a');
    // The key text is PRIVATE+KEY+<name>+<id>+<base64>; the base64 itself may contain '+'.
    const secret = signerKey.split('+').slice(4).join('+');
    const parts = signerKey.split('+');
    for (const bad of [
      signerKey.slice('PRIVATE+'.length),
      signerKey.replace('PRIVATE+KEY', 'PRIVATE+KEX'),
      signerKey.replace(parts[3] as string, '00000000'),
      signerKey.replace('log.example/a', 'log.example/b'),
      `${signerKey}=`,
      signerKey.replace(/\+A/, '+Ag'),
    ]) {
      let message = '';
      try {
        parseSignerKey(bad);
      } catch (error) {
        expect(error).toBeInstanceOf(NoteError);
        message = (error as Error).message;
      }
      expect(message, bad).not.toBe('');
      expect(message).not.toContain(secret.slice(4, 20));
    }
  });

  it('refuses unusable signing requests', () => {
    const signer = parseSignerKey(generateSignerKey('a').signerKey);
    expect(() => signNote('no newline', [signer])).toThrow(/must end with a newline/);
    expect(() => signNote('ok\n', [])).toThrow(/at least one signer/);
    expect(() => signNote('ok\n', [signer, signer])).toThrow(/listed twice/);
    expect(() => signNote('bad\r\n', [signer])).toThrow(/control character/);
    expect(() => signNote('\ud800\n', [signer])).toThrow(/lone UTF-16 surrogate/);
    expect(() => signNote('ok\n', [{ ...signer, name: 'has space' }])).toThrow(/not valid/);
  });

  it('refuses two different verifier keys under one name and key ID', () => {
    const a = parseVerifierKey(generateSignerKey('a').verifierKey);
    const b = parseVerifierKey(generateSignerKey('a').verifierKey);
    const note = signNote('x\n', [parseSignerKey(generateSignerKey('c').signerKey)]);
    expect(() => verifyNote(note, [a, { ...b, keyId: a.keyId }])).toThrow(/Two different verifier keys/);
  });

  it('computes key IDs over the name, a newline, the type byte and the key', () => {
    const pub = new Uint8Array(32).fill(9);
    const a = keyId('a', pub);
    expect(keyId('b', pub)).not.toBe(a);
    expect(keyId('a', new Uint8Array(32).fill(8))).not.toBe(a);
    expect(() => keyId('a', new Uint8Array(31))).toThrow(/32 bytes/);
    expect(() => keyId('', pub)).toThrow(NoteError);
  });
});
