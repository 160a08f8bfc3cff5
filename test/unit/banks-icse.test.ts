// ICSE-style CSV (no public layout exists; columns are found by header name): MD5/SHA1/SHA256/PDQ columns in
// any case and spelling, comma/semicolon/tab separators, category, label and quality; other columns never
// copied; bad rows reported by line.
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { BankFileError, readBank } from '../../main/core/matching/banks/import';
import { collect } from '../support/banks';

const hash = (algorithm: string, i: number): string =>
  createHash(algorithm).update(`generated image ${i}`).digest('hex');

describe('ICSE CSV exports', () => {
  it('finds hash, category and label columns by name and leaves other columns out', async () => {
    const text = [
      'Image ID,MD5 Hash,sha-1,SHA_256,Category,Notes',
      `img-1,${hash('md5', 1).toUpperCase()},${hash('sha1', 1)},${hash('sha256', 1)},B1,free text never imported`,
      `img-2,${hash('md5', 2)},,,A1,`,
      `"img, 3",,${hash('sha1', 3)},,,`,
    ].join('\n');
    const { entries, problems } = await collect(readBank(text, 'icse'));
    expect(problems).toEqual([]);
    expect(entries).toEqual([
      { algorithm: 'md5', value: hash('md5', 1), line: 2, label: 'img-1', category: 'B1' },
      { algorithm: 'sha1', value: hash('sha1', 1), line: 2, label: 'img-1', category: 'B1' },
      { algorithm: 'sha256', value: hash('sha256', 1), line: 2, label: 'img-1', category: 'B1' },
      { algorithm: 'md5', value: hash('md5', 2), line: 3, label: 'img-2', category: 'A1' },
      { algorithm: 'sha1', value: hash('sha1', 3), line: 4, label: 'img, 3' },
    ]);
    expect(JSON.stringify(entries)).not.toMatch(/free text/);
  });

  it('reads semicolon- and tab-separated files and PDQ with quality', async () => {
    for (const separator of [';', '\t']) {
      const text = [
        `pdq${separator}quality${separator}name`,
        `${hash('sha256', 9)}${separator}88${separator}x`,
      ].join('\n');
      const { entries, problems } = await collect(readBank(text, 'icse'));
      expect(problems).toEqual([]);
      expect(entries).toEqual([
        { algorithm: 'pdq', value: hash('sha256', 9), quality: 88, label: 'x', line: 2 },
      ]);
    }
  });

  it('reports wrong column counts, unterminated quotes, bad hashes and rows without a hash', async () => {
    const text = [
      'md5,sha1,category',
      `${hash('md5', 1)},,A`,
      `${hash('md5', 2)},A`,
      `"${hash('md5', 3)},,A`,
      `${hash('md5', 4)}ff,,A`,
      ',,A',
      `${hash('md5', 5)},${hash('sha1', 5).slice(3)},A`,
      `${hash('md5', 6)},,A`,
    ].join('\n');
    const { entries, problems } = await collect(readBank(text, 'icse'));
    expect(entries.map((e) => e.line)).toEqual([2, 8]);
    expect(problems.map((p) => p.line)).toEqual([3, 4, 5, 6, 7]);
    expect(problems[0]?.message).toMatch(/2 field\(s\); the header has 3/);
    expect(problems[1]?.message).toMatch(/never closed/);
    expect(problems[3]?.message).toMatch(/no hash/);
    expect(problems[4]?.message).toMatch(/SHA-1/);
  });

  it('refuses a header without any hash column', async () => {
    await expect(collect(readBank('name,size\nx,1\n', 'icse'))).rejects.toBeInstanceOf(BankFileError);
  });
});
