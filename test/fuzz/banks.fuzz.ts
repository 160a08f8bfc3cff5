// Every hash-bank importer (md5sum, sha1sum, sha256sum, PDQ list, hashdeep, NSRL, ICSE, VICS, NCMEC and
// vPDQ) and the format detector on hostile input: damaged copies of a valid list fed in random chunks, and
// arbitrary text.
// Each ends in time with well-formed entries (valid hex, lines inside the file) or a typed Custody error.
// (Moved here from test/unit/banks-fuzz.test.ts, which ran fixed mutation loops.)
import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { HEX_DIGITS } from '../../main/core/matching/banks/entry';
import type { FormatName } from '../../main/core/matching/banks/import';
import { detectFormat, readBank } from '../../main/core/matching/banks/import';
import { fuzzTarget } from './harness';
import { chunkings, damaged } from './mutate';

const hash = (algorithm: string, i: number): string =>
  createHash(algorithm).update(`fuzz sample ${i}`).digest('hex');
const range = (n: number): number[] => Array.from({ length: n }, (_, i) => i);

// An NSRL RDS v3 database is SQLite, read from its file (banks-nsrl-rds3.test.ts), never as text.
type TextFormat = Exclude<FormatName, 'nsrl-rds3'>;
const samples: Record<TextFormat, string> = {
  md5sum: range(12)
    .map((i) =>
      i % 3 === 0 ? `MD5 (f${i}) = ${hash('md5', i)}` : `${i % 2 ? '\\' : ''}${hash('md5', i)} *f\\\\${i}`,
    )
    .join('\n'),
  sha1sum: range(12)
    .map((i) => `${hash('sha1', i)}  file ${i}`)
    .join('\r\n'),
  sha256sum: range(12)
    .map((i) => `${hash('sha256', i)}  file ${i}`)
    .join('\n'),
  vpdq: `# generated\n${range(3)
    .map(
      (v) =>
        `video,${v % 2 ? 'A1' : ''},clip ${v}.mp4\n${range(5)
          .map((f) => `${f * 30},${50 + f * 10},${hash('sha256', v * 10 + f)},${f}.000`)
          .join('\n')}`,
    )
    .join('\n')}\n`,
  pdq: `# generated\n${range(12)
    .map((i) => `${hash('sha256', i)},${i * 8},label ${i}`)
    .join('\n')}\n`,
  hashdeep: `%%%% HASHDEEP-1.0\n%%%% size,md5,sha256,filename\n## x\n${range(12)
    .map((i) => `${i},${hash('md5', i)},${hash('sha256', i)},/d/f,${i}`)
    .join('\n')}\n`,
  nsrl: `"SHA-1","MD5","CRC32","FileName","FileSize","ProductCode","OpSystemCode","SpecialCode"\n${range(12)
    .map(
      (i) =>
        `"${hash('sha1', i)}","${hash('md5', i)}","0000000${i % 10}","f ""${i}"".dll",${i},${i},"WIN",""`,
    )
    .join('\n')}\n`,
  icse: `ImageID;MD5;SHA1;PDQ;Quality;Category\n${range(12)
    .map((i) => `"id;${i}";${hash('md5', i)};${hash('sha1', i)};${hash('sha256', i)};${i};A${i % 2}`)
    .join('\n')}\n`,
  vics: JSON.stringify(
    {
      '@odata.context': 'http://github.com/VICSDATAMODEL/ProjectVic/DataModels/2.0.xml/US/$metadata#Cases',
      value: [
        {
          CaseID: 'c',
          Media: range(8).map((i) => ({
            MediaID: i,
            Category: i % 3,
            MD5: hash('md5', i),
            SHA1: hash('sha1', i),
            VictimIdentified: i % 2 ? 'true' : false,
            Series: `s\u00e9rie "${i}" \\`,
            AlternativeHashes: [{ HashName: 'PDQ', HashValue: hash('sha256', i) }],
          })),
        },
      ],
    },
    null,
    1,
  ),
  ncmec: `<?xml version="1.0"?>\n<queryResult xmlns="urn:x"><images count="8">\n${range(8)
    .map(
      (i) =>
        `<image><member id="${i}">M &amp; ${i}</member><id>e${i}</id><classification>A1</classification>` +
        `<fingerprints><md5>${hash('md5', i)}</md5><sha1><![CDATA[${hash('sha1', i)}]]></sha1><pdq>${hash('sha256', i)}</pdq></fingerprints></image>`,
    )
    .join('\n')}\n<deletedImage><id>d</id></deletedImage></images></queryResult>\n`,
};

const formatNames = Object.keys(samples) as TextFormat[];

async function readAll(chunks: Buffer[] | string, format: FormatName, lines: number): Promise<void> {
  for await (const item of readBank(chunks, format)) {
    if ('entry' in item) {
      const { algorithm, value, line } = item.entry;
      expect(value).toMatch(new RegExp(`^[0-9a-f]{${HEX_DIGITS[algorithm]}}$`));
      expect(line).toBeGreaterThanOrEqual(1);
      expect(line).toBeLessThanOrEqual(lines);
    } else if ('video' in item) {
      expect(item.video.frames.length).toBeGreaterThan(0);
      for (const frame of item.video.frames) expect(frame.hash).toMatch(/^[0-9a-f]{64}$/);
    } else {
      expect(item.problem.line).toBeGreaterThanOrEqual(1);
      expect(item.problem.line).toBeLessThanOrEqual(lines);
      expect(item.problem.message.length).toBeGreaterThan(10);
    }
  }
}

const lineCount = (bytes: Buffer | string): number => bytes.toString().split('\n').length;

describe('bank importers on damaged lists', () => {
  for (const format of formatNames) {
    fuzzTarget(
      `bank ${format}`,
      () =>
        damaged(Buffer.from(samples[format], 'utf8'), 8).chain((bytes) =>
          chunkings(bytes).map((chunks) => ({ bytes, chunks })),
        ),
      ({ bytes, chunks }) => readAll(chunks, format, lineCount(bytes)),
    );
  }

  fuzzTarget(
    'bank any format on arbitrary text',
    () =>
      fc.record({
        format: fc.constantFrom(...formatNames),
        text: fc.oneof(fc.string({ maxLength: 2000, unit: 'binary' }), fc.string({ maxLength: 500 })),
      }),
    ({ format, text }) => readAll(text, format, lineCount(text)),
  );

  fuzzTarget(
    'bank format detection',
    () =>
      fc.oneof(
        fc.string({ maxLength: 3000, unit: 'binary' }),
        fc
          .constantFrom(...formatNames)
          .chain((format) => damaged(Buffer.from(samples[format]), 8).map(String)),
      ),
    (head) => void detectFormat(head, 'list.txt'),
  );
});

describe('bank importers on valid lists', () => {
  it('read each undamaged sample without a single problem', async () => {
    for (const [format, text] of Object.entries(samples) as Array<[FormatName, string]>) {
      const problems: string[] = [];
      let entries = 0;
      for await (const item of readBank(text, format)) {
        if ('entry' in item) entries++;
        else if ('video' in item) entries += item.video.frames.length;
        else if (!/deletion/.test(item.problem.message)) problems.push(item.problem.message);
      }
      expect({ format, problems }).toEqual({ format, problems: [] });
      expect(entries).toBeGreaterThanOrEqual(8);
    }
  });

  it('read back every hash of a generated sha256sum, md5sum and PDQ list (round trip)', async () => {
    const hex = (digits: number) =>
      fc.string({ unit: fc.constantFrom(...'0123456789abcdef'), minLength: digits, maxLength: digits });
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom<['sha256sum' | 'md5sum' | 'pdq', number]>(
          ['sha256sum', 64],
          ['md5sum', 32],
          ['pdq', 64],
        ),
        fc.array(hex(64), { minLength: 1, maxLength: 40 }),
        async ([format, digits], values) => {
          const wanted = values.map((v) => v.slice(0, digits));
          const text = wanted
            .map((v, i) => (format === 'pdq' ? `${v},${(i * 7) % 101}` : `${v}  file ${i}`))
            .join('\n');
          const read: string[] = [];
          for await (const item of readBank(text, format)) {
            expect(item).toHaveProperty('entry');
            if ('entry' in item) read.push(item.entry.value);
          }
          expect(read).toEqual(wanted);
        },
      ),
      { numRuns: 100, seed: 13 },
    );
  });
});
