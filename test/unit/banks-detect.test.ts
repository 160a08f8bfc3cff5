// Format detection from a file's first KB (the name only settles PDQ against sha256sum), the errors that
// list the supported formats, and readBankFile end to end on files: detected, forced, missing.
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { NotFoundError } from '../../main/core/errors';
import type { FormatName } from '../../main/core/matching/banks/import';
import {
  BankFileError,
  detectFileFormat,
  detectFormat,
  formatNamed,
  formats,
  readBankFile,
  UnrecognisedBankFormatError,
} from '../../main/core/matching/banks/import';

const hash = (algorithm: string, i: number): string =>
  createHash(algorithm).update(`generated ${i}`).digest('hex');
const dir = mkdtempSync(join(tmpdir(), 'custody-banks-detect-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const samples: Array<[FormatName, string]> = [
  ['md5sum', `# list\n${hash('md5', 1)}  a.jpg\n${hash('md5', 2)} *b.jpg\n`],
  ['md5sum', `MD5 (a.jpg) = ${hash('md5', 1)}\n`],
  ['md5sum', `${hash('md5', 1)}\n${hash('md5', 2).slice(4)}  damaged line\n${hash('md5', 3)}  c\n`],
  ['sha1sum', `${hash('sha1', 1)}  a.jpg\n`],
  ['sha256sum', `${hash('sha256', 1)} *a.jpg\n`],
  ['sha256sum', `\\SHA256 (a\\\\b) = ${hash('sha256', 1)}\n`],
  ['pdq', `${hash('sha256', 1)},100,a.jpg\n${hash('sha256', 2)},90\n`],
  ['hashdeep', `%%%% HASHDEEP-1.0\n%%%% size,md5,sha256,filename\n`],
  ['nsrl', `"SHA-1","MD5","CRC32","FileName","FileSize","ProductCode","OpSystemCode","SpecialCode"\r\n`],
  ['icse', `ImageID;MD5;SHA1;Category\n1;${hash('md5', 1)};;A1\n`],
  ['icse', `PDQ,Quality\n${hash('sha256', 1)},80\n`],
  [
    'vics',
    `\uFEFF{\r\n  "odata.metadata": "http://github.com/ICMEC/ProjectVic/DataModels/1.3.xml#Cases",\r\n  "value": [`,
  ],
  [
    'vics',
    `{"@odata.context":"http://github.com/VICSDATAMODEL/ProjectVic/DataModels/2.0.xml/US/$metadata#Media","value":[`,
  ],
  [
    'ncmec',
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<queryResult xmlns="https://hashsharing.ncmec.org/hashsharing/v2">`,
  ],
  ['ncmec', `<ns2:queryResult xmlns:ns2="urn:x"><ns2:images>`],
];

describe('detectFormat', () => {
  it.each(samples)('detects %s', (format, head) => {
    expect(detectFormat(head)).toBe(format);
  });

  it('asks for a choice between PDQ and sha256sum unless the file name settles it', () => {
    const head = `${hash('sha256', 1)}\n${hash('sha256', 2)}  label\n`;
    expect(() => detectFormat(head, 'list.txt')).toThrow(UnrecognisedBankFormatError);
    expect(() => detectFormat(head, 'list.txt')).toThrow(
      /fit both a plain PDQ list \(pdq\) and a sha256sum list/,
    );
    expect(detectFormat(head, 'bank.pdq')).toBe('pdq');
    expect(detectFormat(head, 'SHA256SUMS')).toBe('sha256sum');
  });

  it('names every supported format when it cannot tell', () => {
    for (const head of [
      'hello world\nsecond line\n',
      '<report/>',
      '{"items":[]}',
      `${hash('md5', 1)}\n${hash('sha1', 1)}\n`,
    ]) {
      let message = '';
      try {
        detectFormat(head);
      } catch (error) {
        expect(error).toBeInstanceOf(UnrecognisedBankFormatError);
        message = (error as Error).message;
      }
      for (const { name } of formats) expect(message).toContain(name);
    }
    expect(() => detectFormat('  \n\n')).toThrow(BankFileError);
  });

  it('describes every format in one line, and maps typed names back', () => {
    expect(formats.map((f) => f.name).sort()).toEqual(
      [
        'hashdeep',
        'icse',
        'md5sum',
        'ncmec',
        'nsrl',
        'nsrl-rds3',
        'pdq',
        'sha1sum',
        'sha256sum',
        'vics',
        'vpdq',
      ].sort(),
    );
    for (const { description } of formats) expect(description).not.toMatch(/\n/);
    expect(formatNamed(' VICS ')).toBe('vics');
    expect(() => formatNamed('csv')).toThrow(/"csv" is not a hash-list format.*md5sum/);
  });
});

describe('readBankFile', () => {
  it('detects the format of a file and reads it', async () => {
    const path = join(dir, 'list.md5');
    writeFileSync(path, `${hash('md5', 1)}  one\n${hash('md5', 2)}  two\n`);
    const values: string[] = [];
    for await (const item of readBankFile(path)) if ('entry' in item) values.push(item.entry.value);
    expect(values).toEqual([hash('md5', 1), hash('md5', 2)]);
    expect(await detectFileFormat(path)).toBe('md5sum');
  });

  it('reads a file in the format it is told, whatever detection would say', async () => {
    const path = join(dir, 'ambiguous.txt');
    writeFileSync(path, `${hash('sha256', 1)}\n`);
    await expect(detectFileFormat(path)).rejects.toBeInstanceOf(UnrecognisedBankFormatError);
    const algorithms: string[] = [];
    for await (const item of readBankFile(path, { format: 'pdq' }))
      if ('entry' in item) algorithms.push(item.entry.algorithm);
    expect(algorithms).toEqual(['pdq']);
  });

  it('reports a missing file with a typed error', async () => {
    const items = readBankFile(join(dir, 'missing.json'));
    await expect(items.next()).rejects.toBeInstanceOf(NotFoundError);
    await expect(readBankFile(dir).next()).rejects.toThrow(/is a folder/);
  });
});
