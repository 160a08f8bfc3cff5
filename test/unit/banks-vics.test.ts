// Project VIC VICS JSON 1.x and 2.0, #Cases and #Media, booleans as JSON or as strings: every hash of every
// Media record with its category and flags, nothing from outside the allow-list (thumbnails, comments);
// damaged records, broken and truncated JSON reported by line while everything before them is kept.
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { BankFileError, readBank } from '../../main/core/matching/banks/import';
import type { BankInput } from '../../main/core/matching/banks/import';
import { chunks, collect } from '../support/banks';

const hash = (algorithm: string, i: number): string =>
  createHash(algorithm).update(`generated media ${i}`).digest('hex');

const read = (input: BankInput) => collect(readBank(input, 'vics'));

const V1_CONTEXT = 'http://github.com/ICMEC/ProjectVic/DataModels/1.3.xml#Cases';
const V2_CASES = 'http://github.com/VICSDATAMODEL/ProjectVic/DataModels/2.0.xml/US/$metadata#Cases';
const V2_MEDIA = 'http://github.com/VICSDATAMODEL/ProjectVic/DataModels/2.0.xml/US/$metadata#Media';

/** A VICS 1.3 case file as exporters write it (pretty-printed; one field per line). */
const version1 = JSON.stringify(
  {
    'odata.metadata': V1_CONTEXT,
    value: [
      {
        'odata.id': 'Cases(1)',
        CaseID: 'generated-case',
        Media: [
          {
            'odata.id': `Media("${hash('md5', 1)}")`,
            MediaID: 1,
            Category: 1,
            MD5: hash('md5', 1).toUpperCase(),
            SHA1: hash('sha1', 1).toUpperCase(),
            MediaSize: 2835,
            IsPrecategorized: true,
            VictimIdentified: false,
            Series: 'Generated "series" ✓',
            Comments: 'investigator note never imported',
            Miniature: 'QUFBQUFBQUFB',
            MediaFiles: [{ MD5: hash('md5', 1), FileName: 'a.jpg', FilePath: 'C:\\x\\a.jpg' }],
            AlternativeHashes: [
              { MD5: hash('md5', 1), HashName: 'SHA1', HashValue: hash('sha1', 1) },
              { MD5: hash('md5', 1), HashName: 'PhotoDNA', HashValue: 'QUJD' },
            ],
            Exifs: [],
          },
          { MediaID: 2, Category: null, MD5: hash('md5', 2), SHA1: '', FileName: 'b.png' },
        ],
        TotalMediaFiles: '2',
      },
    ],
  },
  null,
  2,
);

describe('VICS 1.x (#Cases)', () => {
  it('reads every hash of every Media record, with category, flags and allowed fields only', async () => {
    const { entries, problems } = await read(version1);
    expect(problems).toEqual([]);
    const lineOf = (text: string): number =>
      version1.split('\n').findIndex((line) => line.includes(text)) + 1;
    const flags = {
      IsPrecategorized: true,
      VictimIdentified: false,
      MediaID: 1,
      MediaSize: 2835,
      Series: 'Generated "series" ✓',
    };
    expect(entries).toEqual([
      {
        algorithm: 'md5',
        value: hash('md5', 1),
        line: lineOf(`"MD5": "${hash('md5', 1).toUpperCase()}"`),
        category: '1',
        extra: flags,
      },
      {
        algorithm: 'sha1',
        value: hash('sha1', 1),
        line: lineOf(`"SHA1": "${hash('sha1', 1).toUpperCase()}"`),
        category: '1',
        extra: flags,
      },
      {
        algorithm: 'md5',
        value: hash('md5', 2),
        line: lineOf(`"MD5": "${hash('md5', 2)}"`),
        label: 'b.png',
        extra: { MediaID: 2 },
      },
    ]);
    expect(JSON.stringify(entries)).not.toMatch(/investigator|QUFB|QUJD|C:/);
  });

  it('gives the same result however the stream is chunked, even one byte at a time', async () => {
    const whole = await read(version1);
    for (const size of [1, 2, 3, 5, 64, 4096]) expect(await read(chunks(version1, size))).toEqual(whole);
  });
});

describe('VICS 2.0', () => {
  it('reads #Media files with booleans written as strings and as JSON, and SHA256 and PDQ hashes', async () => {
    const text = [
      `{"@odata.context":"${V2_MEDIA}","value":[`,
      `{"MediaID":10,"Category":"2","MD5":"${hash('md5', 10)}","VictimIdentified":"true","IsDistributed":"False","OffenderIdentified":null},`,
      `{"MediaID":11,"Category":0,"SHA256":"${hash('sha256', 11)}","IsDistributed":true,"DateUpdated":"2023-06-07T02:31:49Z"},`,
      `{"MediaID":12,"MD5":"${hash('md5', 12)}","AlternativeHashes":[{"HashName":"PDQ","HashValue":"${hash('sha256', 12)}"}]}`,
      ']}',
    ].join('\n');
    const { entries, problems } = await read(text);
    expect(problems).toEqual([]);
    expect(entries).toEqual([
      {
        algorithm: 'md5',
        value: hash('md5', 10),
        line: 2,
        category: '2',
        extra: { MediaID: 10, VictimIdentified: true, IsDistributed: false },
      },
      {
        algorithm: 'sha256',
        value: hash('sha256', 11),
        line: 3,
        category: '0',
        extra: { MediaID: 11, IsDistributed: true, DateUpdated: '2023-06-07T02:31:49Z' },
      },
      { algorithm: 'md5', value: hash('md5', 12), line: 4, extra: { MediaID: 12 } },
      { algorithm: 'pdq', value: hash('sha256', 12), line: 4, extra: { MediaID: 12 } },
    ]);
  });

  it('reads #Cases files with several cases, case fields after the Media array and a case without media', async () => {
    const doc = {
      '@odata.context': V2_CASES,
      value: [
        { CaseID: 'one', Media: [{ MediaID: 1, MD5: hash('md5', 1) }], SourceApplicationName: 'generator' },
        { CaseID: 'empty', Media: null },
        {
          CaseID: 'two',
          Media: [
            { MediaID: 2, MD5: hash('md5', 2) },
            { MediaID: 3, SHA1: hash('sha1', 3) },
          ],
        },
      ],
    };
    const { entries, problems } = await read(JSON.stringify(doc));
    expect(problems).toEqual([]);
    expect(entries.map((e) => [e.algorithm, e.extra?.MediaID])).toEqual([
      ['md5', 1],
      ['md5', 2],
      ['sha1', 3],
    ]);
  });

  it('reads files whose context says #Media while "value" holds cases, as some exporters write', async () => {
    const doc = {
      '@odata.context': V2_MEDIA,
      value: [{ CaseID: 'x', Media: [{ MediaID: 5, MD5: hash('md5', 5) }] }],
    };
    const { entries } = await read(JSON.stringify(doc));
    expect(entries.map((e) => e.value)).toEqual([hash('md5', 5)]);
  });
});

describe('damaged VICS files', () => {
  it('reports each bad Media record on the line of its bad field and keeps the good ones', async () => {
    const text = [
      `{"@odata.context":"${V2_MEDIA}","value":[`,
      `{"MediaID":1,"MD5":"${hash('md5', 1)}"},`,
      `{"MediaID":2,"MD5":"${hash('md5', 2).slice(1)}"},`,
      `{"MediaID":3,`,
      `"MD5":"${hash('md5', 3)}","VictimIdentified":"yes"},`,
      `{"MediaID":4,"MD5":"${hash('md5', 4)}","IsDistributed":1},`,
      `{"MediaID":5,"SHA1":"${hash('sha1', 5)}x","Category":"abc"},`,
      `{"MediaID":6,"PhotoDNA":"QUJD"},`,
      `"not a record",`,
      `{"MediaID":7,"MD5":123},`,
      `{"MediaID":8,"SHA1":"${hash('sha1', 8)}"}`,
      ']}',
    ].join('\n');
    const { entries, problems } = await read(text);
    expect(entries.map((e) => [e.line, e.extra?.MediaID])).toEqual([
      [2, 1],
      [11, 8],
    ]);
    expect(problems).toEqual([
      { line: 3, message: expect.stringMatching(/MediaID 2.*MD5 .*31 hexadecimal digits/) },
      {
        line: 5,
        message: expect.stringMatching(/MediaID 3.*VictimIdentified is "yes"; expected true or false/),
      },
      { line: 6, message: expect.stringMatching(/MediaID 4.*IsDistributed is 1; expected true or false/) },
      {
        line: 7,
        message: expect.stringMatching(
          /MediaID 5.*SHA-1 .*not hexadecimal.*Category "abc" is not a whole number/,
        ),
      },
      { line: 8, message: expect.stringMatching(/MediaID 6\) has no MD5, SHA1 or SHA256/) },
      { line: 9, message: expect.stringMatching(/value\[6\] is not an object/) },
      { line: 10, message: expect.stringMatching(/MediaID 7.*MD5 is not a string/) },
    ]);
  });

  it('reports broken JSON at its line, keeps everything before it and reads nothing after', async () => {
    const text = [
      `{"odata.metadata":"${V1_CONTEXT}","value":[{"Media":[`,
      `{"MediaID":1,"MD5":"${hash('md5', 1)}"},`,
      `{"MediaID":2,"MD5":"${hash('md5', 2)}"}`,
      `{"MediaID":3,"MD5":"${hash('md5', 3)}"}`,
      ']}]}',
    ].join('\n');
    const { entries, problems } = await read(text);
    expect(entries.map((e) => e.extra?.MediaID)).toEqual([1, 2]);
    expect(problems).toEqual([
      {
        line: 4,
        fatal: true,
        message: expect.stringMatching(
          /Found "\{" where "," or "\]" was expected\. Nothing after this was read/,
        ),
      },
    ]);
  });

  it('reports a truncated file as fatal on its last line, keeping every record completed before the cut', async () => {
    const full = `{"@odata.context":"${V2_MEDIA}","value":[\n{"MediaID":1,"MD5":"${hash('md5', 1)}"},\n{"MediaID":2,"MD5":"${hash('md5', 2)}"}\n]}`;
    const cases: Array<[number, number[], number]> = [
      [full.indexOf('"MediaID":2') + 3, [1], 3],
      [full.length - 20, [1], 3],
      [full.length - 1, [1, 2], 4],
    ];
    for (const [cut, ids, line] of cases) {
      const { entries, problems } = await read(full.slice(0, cut));
      expect(entries.map((e) => e.extra?.MediaID)).toEqual(ids);
      expect(problems).toEqual([{ line, fatal: true, message: expect.stringMatching(/truncated/) }]);
    }
  });

  it('reports bad escapes, control characters and bad literals as fatal syntax errors', async () => {
    for (const [bad, reason] of [
      ['"MD5":"\\x"', /"\\x" is not a JSON escape/],
      ['"MD5":"a\tb"', /raw control character/],
      ['"MD5":tru', /"tru" is not a JSON value/],
      ['"MD5":01', /"01" is not a JSON value/],
    ] as const) {
      const { problems } = await read(`{"value":[\n{${bad}}]}`);
      expect(problems).toEqual([{ line: 2, fatal: true, message: expect.stringMatching(reason) }]);
    }
  });

  it('refuses JSON that is not VICS with a typed error', async () => {
    await expect(read('[{"MD5":"x"}]')).rejects.toBeInstanceOf(BankFileError);
    await expect(read('{"odata.metadata":"x","items":[]}')).rejects.toThrow(/no top-level "value" array/);
    await expect(read('{"value":{"MD5":"x"}}')).rejects.toThrow(/"value" is not an array/);
  });

  it('reads JSON string escapes, including surrogate pairs split across chunks', async () => {
    const text = `{"value":[{"MediaID":"\\u0041\\ud83d\\ude00\\n","Series":"a\\"b\\\\c\\/d","MD5":"${hash('md5', 1)}"}]}`;
    for (const size of [1, 3, 1000]) {
      const { entries } = await read(chunks(text, size));
      expect(entries[0]?.extra).toEqual({ MediaID: 'A😀\n', Series: 'a"b\\c/d' });
    }
  });
});
