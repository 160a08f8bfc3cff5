// hashdeep files: the two "%%%%" headers in any declared column order, "##" comments, file names holding
// commas, unsupported hash columns ignored; bad rows reported by line, a file without headers refused.
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { BankFileError } from '../../main/core/matching/banks/import';
import { readBank } from '../../main/core/matching/banks/import';
import { collect } from '../support/banks';

const hash = (algorithm: string, i: number): string =>
  createHash(algorithm).update(`generated file ${i}`).digest('hex');

const header = [
  '%%%% HASHDEEP-1.0',
  '%%%% size,md5,sha256,filename',
  '## Invoked from: /home/test',
  '## $ hashdeep -r .',
  '##',
];

describe('hashdeep files', () => {
  it('reads rows in the declared column order, with file names that hold commas', async () => {
    const text = [
      ...header,
      `10,${hash('md5', 1)},${hash('sha256', 1)},/data/one.jpg`,
      `0,${hash('md5', 2).toUpperCase()},${hash('sha256', 2)},/data/a, b, c.png`,
    ].join('\n');
    const { entries, problems } = await collect(readBank(text, 'hashdeep'));
    expect(problems).toEqual([]);
    expect(entries).toEqual([
      { algorithm: 'md5', value: hash('md5', 1), label: '/data/one.jpg', line: 6, extra: { size: 10 } },
      { algorithm: 'sha256', value: hash('sha256', 1), label: '/data/one.jpg', line: 6, extra: { size: 10 } },
      { algorithm: 'md5', value: hash('md5', 2), label: '/data/a, b, c.png', line: 7, extra: { size: 0 } },
      {
        algorithm: 'sha256',
        value: hash('sha256', 2),
        label: '/data/a, b, c.png',
        line: 7,
        extra: { size: 0 },
      },
    ]);
  });

  it('follows a different column order, ignores tiger and whirlpool, and takes a second header block', async () => {
    const tiger = 'ab'.repeat(24);
    const text = [
      '%%%% HASHDEEP-1.0',
      `%%%% size,sha1,tiger,filename`,
      `5,${hash('sha1', 1)},${tiger},x.txt`,
      '%%%% HASHDEEP-1.0',
      '%%%% size,md5,filename',
      `6,${hash('md5', 2)},y.txt`,
    ].join('\n');
    const { entries, problems } = await collect(readBank(text, 'hashdeep'));
    expect(problems).toEqual([]);
    expect(entries.map((e) => [e.algorithm, e.label, e.line])).toEqual([
      ['sha1', 'x.txt', 3],
      ['md5', 'y.txt', 6],
    ]);
  });

  it('reports rows with too few columns, bad sizes and bad hashes, keeping the good rows', async () => {
    const text = [
      ...header,
      `10,${hash('md5', 1)},${hash('sha256', 1)},good-1`,
      `10,${hash('md5', 2)}`,
      `ten,${hash('md5', 3)},${hash('sha256', 3)},bad-size`,
      `10,${hash('md5', 4).slice(1)},${hash('sha256', 4)}z,bad-hashes`,
      `10,${hash('md5', 5)},${hash('sha256', 5)},good-2`,
    ].join('\n');
    const { entries, problems } = await collect(readBank(text, 'hashdeep'));
    expect([...new Set(entries.map((e) => e.label))]).toEqual(['good-1', 'good-2']);
    expect(problems.map((p) => p.line)).toEqual([7, 8, 9]);
    expect(problems[0]?.message).toMatch(/2 field\(s\); the header declares 4/);
    expect(problems[1]?.message).toMatch(/size "ten"/);
    expect(problems[2]?.message).toMatch(/MD5 .*31 hexadecimal digits.*; SHA-256 .*not hexadecimal/);
  });

  it('refuses rows before the column header and unknown column names with a typed error', async () => {
    await expect(collect(readBank(`10,${hash('md5', 1)},x\n`, 'hashdeep'))).rejects.toBeInstanceOf(
      BankFileError,
    );
    await expect(collect(readBank('%%%% size,crc64,filename\n', 'hashdeep'))).rejects.toThrow(/crc64/);
    await expect(collect(readBank('%%%% size,tiger,filename\n', 'hashdeep'))).rejects.toThrow(
      /no md5, sha1 or sha256/,
    );
  });
});
