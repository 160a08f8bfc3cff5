// NSRL RDS legacy NSRLFile.txt: the quoted header, mixed quoted and bare fields, doubled quotes inside
// names; wrong field counts and unterminated quotes reported by line with the good rows still read.
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { BankFileError, readBank } from '../../main/core/matching/banks/import';
import { collect } from '../support/banks';

const hash = (algorithm: string, i: number): string =>
  createHash(algorithm).update(`generated software file ${i}`).digest('hex').toUpperCase();

const HEADER = '"SHA-1","MD5","CRC32","FileName","FileSize","ProductCode","OpSystemCode","SpecialCode"';
const row = (i: number, name: string, special = ''): string =>
  `"${hash('sha1', i)}","${hash('md5', i)}","0A1B2C3D","${name}",${1000 + i},${200 + i},"WIN","${special}"`;

describe('NSRL legacy NSRLFile.txt', () => {
  it('reads SHA-1 and MD5 of each row with the file name and product fields', async () => {
    const text = [HEADER, row(1, 'SETUP.EXE'), row(2, 'say ""hi"".txt', 'M')].join('\r\n');
    const { entries, problems } = await collect(readBank(text, 'nsrl'));
    expect(problems).toEqual([]);
    expect(entries).toEqual([
      {
        algorithm: 'sha1',
        value: hash('sha1', 1).toLowerCase(),
        label: 'SETUP.EXE',
        line: 2,
        extra: { CRC32: '0A1B2C3D', FileSize: 1001, ProductCode: '201', OpSystemCode: 'WIN' },
      },
      {
        algorithm: 'md5',
        value: hash('md5', 1).toLowerCase(),
        label: 'SETUP.EXE',
        line: 2,
        extra: { CRC32: '0A1B2C3D', FileSize: 1001, ProductCode: '201', OpSystemCode: 'WIN' },
      },
      expect.objectContaining({
        algorithm: 'sha1',
        label: 'say "hi".txt',
        extra: expect.objectContaining({ SpecialCode: 'M' }),
      }),
      expect.objectContaining({ algorithm: 'md5', label: 'say "hi".txt', line: 3 }),
    ]);
  });

  it('reports wrong field counts, unterminated quotes and bad hashes by line', async () => {
    const text = [
      HEADER,
      row(1, 'good-1'),
      `"${hash('sha1', 2)}","${hash('md5', 2)}","0A1B2C3D","short"`,
      `"${hash('sha1', 3)}","${hash('md5', 3)}","0A1B2C3D","unterminated,1,2,"WIN",""`,
      `"${hash('sha1', 4).slice(2)}","${hash('md5', 4)}","0A1B2C3D","bad-sha1",1,2,"WIN",""`,
      `"${hash('sha1', 5)}","${hash('md5', 5)}","0A1B2C3D","unclosed",1,2,"WIN","M`,
      row(6, 'good-2'),
    ].join('\n');
    const { entries, problems } = await collect(readBank(text, 'nsrl'));
    expect([...new Set(entries.map((e) => e.label))]).toEqual(['good-1', 'good-2']);
    expect(entries.map((e) => e.line)).toEqual([2, 2, 7, 7]);
    expect(problems.map((p) => p.line)).toEqual([3, 4, 5, 6]);
    expect(problems[0]?.message).toMatch(/4 field\(s\); the NSRL header has 8/);
    expect(problems[1]?.message).toMatch(/text after its closing quote/);
    expect(problems[2]?.message).toMatch(/SHA-1 .*38 hexadecimal digits/);
    expect(problems[3]?.message).toMatch(/never closed/);
  });

  it('refuses a file whose first line is not an NSRL header', async () => {
    await expect(collect(readBank(`${row(1, 'x')}\n`, 'nsrl'))).rejects.toBeInstanceOf(BankFileError);
  });
});
