// md5sum / sha1sum / sha256sum lists: every layout coreutils writes (text, binary, --tag, escaped names),
// Windows line ends and byte-order marks, and every damaged line reported on its own line number while the
// good lines around it are still read, however the file is split into chunks.
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { BankInput } from '../../main/core/matching/banks/import';
import { readBank } from '../../main/core/matching/banks/import';
import { chunks, collect } from '../support/banks';

const hash = (algorithm: string, text: string): string => createHash(algorithm).update(text).digest('hex');
const md5 = (i: number): string => hash('md5', `generated sample ${i}`);

const read = (input: BankInput, format: 'md5sum' | 'sha1sum' | 'sha256sum' = 'md5sum') =>
  collect(readBank(input, format));

describe('md5sum lists', () => {
  it('reads text-mode, binary-mode, BSD-tagged and escaped lines with their names and line numbers', async () => {
    const text = [
      '# generated test list',
      `${md5(1)}  plain name.jpg`,
      `${md5(2).toUpperCase()} *binary mode.png`,
      '',
      `MD5 (tagged (1).gif) = ${md5(3)}`,
      `\\${md5(4)}  back\\\\slash\\nnewline\\rreturn`,
      `\\MD5 (tagged\\\\escaped) = ${md5(5)}`,
      `${md5(6)}`,
      `${md5(7)}  name with  two  spaces `,
    ].join('\n');
    const { entries, problems } = await read(text);
    expect(problems).toEqual([]);
    expect(entries).toEqual([
      { algorithm: 'md5', value: md5(1), label: 'plain name.jpg', line: 2 },
      { algorithm: 'md5', value: md5(2), label: 'binary mode.png', line: 3 },
      { algorithm: 'md5', value: md5(3), label: 'tagged (1).gif', line: 5 },
      { algorithm: 'md5', value: md5(4), label: 'back\\slash\nnewline\rreturn', line: 6 },
      { algorithm: 'md5', value: md5(5), label: 'tagged\\escaped', line: 7 },
      { algorithm: 'md5', value: md5(6), line: 8 },
      { algorithm: 'md5', value: md5(7), label: 'name with  two  spaces ', line: 9 },
    ]);
  });

  it('reports each damaged line with its number and keeps every good line', async () => {
    const lines = [
      `${md5(1)}  good-1`,
      `${md5(2).slice(1)}  short`,
      `${md5(3)}0  long`,
      `${md5(4).slice(0, 31)}g  not hex`,
      `${md5(5)}  good-2`,
      `SHA256 (other algorithm) = ${hash('sha256', 'x')}`,
      `\\${md5(6)}  bad\\escape`,
      `${hash('sha1', 'y')}  a sha1 in an md5 list`,
      `${md5(7)}  good-3`,
      `${md5(8).slice(0, 20)}`,
    ];
    const { entries, problems } = await read(lines.join('\n'));
    expect(entries.map((e) => [e.line, e.label])).toEqual([
      [1, 'good-1'],
      [5, 'good-2'],
      [9, 'good-3'],
    ]);
    expect(problems.map((p) => p.line)).toEqual([2, 3, 4, 6, 7, 8, 10]);
    expect(problems[0]?.message).toMatch(/31 hexadecimal digits instead of 32/);
    expect(problems[1]?.message).toMatch(/33 hexadecimal digits instead of 32/);
    expect(problems[2]?.message).toMatch(/not hexadecimal: "g"/);
    expect(problems[3]?.message).toMatch(/tagged SHA256, but this list holds MD5 hashes/);
    expect(problems[4]?.message).toMatch(/backslash/);
    expect(problems[5]?.message).toMatch(/40 hexadecimal digits instead of 32/);
    expect(problems.every((p) => p.fatal === undefined)).toBe(true);
  });

  it('reads CRLF line ends, a UTF-8 byte-order mark and a last line without a line end', async () => {
    const text = `\uFEFF${md5(1)}  one\r\n${md5(2)}  two\r\n${md5(3)}  three`;
    const { entries, problems } = await read([Buffer.from(text, 'utf8')]);
    expect(problems).toEqual([]);
    expect(entries.map((e) => [e.value, e.label, e.line])).toEqual([
      [md5(1), 'one', 1],
      [md5(2), 'two', 2],
      [md5(3), 'three', 3],
    ]);
  });

  it('reads UTF-16 files that start with a byte-order mark', async () => {
    const text = `${md5(1)}  naïve\n${md5(2)}  two\n`;
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    const be = Buffer.from(le);
    be.swap16();
    for (const bytes of [le, be]) {
      const { entries } = await read([bytes.subarray(0, 1), bytes.subarray(1, 7), bytes.subarray(7)]);
      expect(entries.map((e) => e.label)).toEqual(['naïve', 'two']);
    }
  });

  it('gives the same result however the stream is chunked', async () => {
    const text = `${md5(1)}  é-accent\n${md5(2).slice(2)}  bad\r\n\\${md5(3)}  a\\\\b\nMD5 (t) = ${md5(4)}\n`;
    const whole = await read(text);
    for (const size of [1, 2, 3, 7, 33, 1000]) {
      expect(await read(chunks(text, size))).toEqual(whole);
    }
    expect(whole.entries).toHaveLength(3);
    expect(whole.problems).toHaveLength(1);
  });

  it('reports a line longer than 64 KiB once, and reads the next line', async () => {
    const text = `${md5(1)}  ${'x'.repeat(200_000)}\n${md5(2)}  after\n`;
    const { entries, problems } = await read(chunks(text, 4096));
    expect(problems).toEqual([{ line: 1, message: expect.stringMatching(/longer than 65536/) }]);
    expect(entries).toEqual([{ algorithm: 'md5', value: md5(2), label: 'after', line: 2 }]);
  });
});

describe('sha1sum and sha256sum lists', () => {
  it('reads SHA-1 lines and rejects MD5-length ones', async () => {
    const sha1 = hash('sha1', 'a');
    const { entries, problems } = await read(`${sha1}  a\nSHA1 (b) = ${sha1}\n${md5(1)}  c\n`, 'sha1sum');
    expect(entries.map((e) => [e.algorithm, e.line])).toEqual([
      ['sha1', 1],
      ['sha1', 2],
    ]);
    expect(problems).toEqual([
      { line: 3, message: expect.stringMatching(/SHA-1 .* 32 hexadecimal digits instead of 40/) },
    ]);
  });

  it('reads SHA-256 lines in all layouts, including the dashed BSD tag', async () => {
    const sha256 = hash('sha256', 'a');
    const text = `${sha256}  a\n${sha256} *b\nSHA256 (c) = ${sha256}\nSHA-256 (d) = ${sha256}\nMD5 (e) = ${md5(1)}\n`;
    const { entries, problems } = await read(text, 'sha256sum');
    expect(entries.map((e) => e.label)).toEqual(['a', 'b', 'c', 'd']);
    expect(entries.every((e) => e.algorithm === 'sha256' && e.value === sha256)).toBe(true);
    expect(problems.map((p) => p.line)).toEqual([5]);
  });
});
