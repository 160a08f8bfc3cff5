// Every importer on randomly damaged copies of a valid list (bytes flipped, cut, dropped, duplicated, stray
// delimiters inserted), fed in random chunk sizes: it ends quickly, throws nothing but a typed Custody
// error, and whatever it yields is well formed (valid hex of the right length, lines inside the file).
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { CustodyError } from '../../main/core/errors';
import { HEX_DIGITS } from '../../main/core/matching/banks/entry';
import type { FormatName } from '../../main/core/matching/banks/import';
import { readBank } from '../../main/core/matching/banks/import';
import { seededRandom } from '../support/random';

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

const STRAY = [...'",;\t\n\r{}[]<>/&\\:*#%']
  .map((c) => Buffer.from(c))
  .concat([Buffer.from([0]), Buffer.from([0xff]), Buffer.from([0xc3])]);

function damage(bytes: Buffer, next: () => number): Buffer {
  let out = Buffer.from(bytes);
  const pick = (n: number): number => Math.floor(next() * n);
  const times = 1 + pick(4);
  for (let t = 0; t < times && out.length > 0; t++) {
    const at = pick(out.length);
    switch (pick(5)) {
      case 0:
        out[at] = (out[at] ?? 0) ^ (1 + pick(255));
        break;
      case 1:
        out = out.subarray(0, at);
        break;
      case 2:
        out = Buffer.concat([out.subarray(0, at), out.subarray(Math.min(out.length, at + 1 + pick(40)))]);
        break;
      case 3:
        out = Buffer.concat([out.subarray(0, at), STRAY[pick(STRAY.length)] as Buffer, out.subarray(at)]);
        break;
      default:
        out = Buffer.concat([out.subarray(0, at), out.subarray(at, at + pick(80)), out.subarray(at)]);
    }
  }
  return out;
}

function chunked(bytes: Buffer, next: () => number): Buffer[] {
  const out: Buffer[] = [];
  for (let at = 0; at < bytes.length;) {
    const size = 1 + Math.floor(next() * 300);
    out.push(bytes.subarray(at, at + size));
    at += size;
  }
  return out;
}

const RUNS = 300;

describe('importers on damaged input', () => {
  it.each(Object.keys(samples) as TextFormat[])(
    '%s: ends quickly with well-formed items or a typed error',
    async (format) => {
      const valid = Buffer.from(samples[format], 'utf8');
      const { next } = seededRandom(0x5eed + format.length * 7919);
      let typedErrors = 0;
      let slowest = 0;
      for (let run = 0; run < RUNS; run++) {
        const bytes = damage(valid, next);
        const lines = bytes.toString('utf8').split('\n').length;
        const started = performance.now();
        try {
          for await (const item of readBank(chunked(bytes, next), format)) {
            if ('entry' in item) {
              const { algorithm, value, line } = item.entry;
              expect(value).toMatch(new RegExp(`^[0-9a-f]{${HEX_DIGITS[algorithm]}}$`));
              expect(line).toBeGreaterThanOrEqual(1);
              expect(line).toBeLessThanOrEqual(lines);
            } else {
              expect(item.problem.line).toBeGreaterThanOrEqual(1);
              expect(item.problem.line).toBeLessThanOrEqual(lines);
              expect(item.problem.message.length).toBeGreaterThan(10);
            }
          }
        } catch (error) {
          if (!(error instanceof CustodyError)) throw error;
          typedErrors++;
        }
        slowest = Math.max(slowest, performance.now() - started);
      }
      expect(slowest).toBeLessThan(500);
      expect(typedErrors).toBeLessThan(RUNS);
    },
  );

  it('reads each undamaged sample without a single problem', async () => {
    for (const [format, text] of Object.entries(samples) as Array<[FormatName, string]>) {
      const problems: string[] = [];
      let entries = 0;
      for await (const item of readBank(text, format)) {
        if ('entry' in item) entries++;
        else if (!/deletion/.test(item.problem.message)) problems.push(item.problem.message);
      }
      expect({ format, problems }).toEqual({ format, problems: [] });
      expect(entries).toBeGreaterThanOrEqual(8);
    }
  });
});
