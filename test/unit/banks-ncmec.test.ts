// NCMEC hash-sharing v2 entry lists (the layout of the public API documentation's examples, with generated
// values): images and videos, namespace prefixes, several pages, deletions reported; DOCTYPEs refused,
// broken and truncated XML reported where it breaks, with the entries before it kept.
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { BankFileError, readBank } from '../../main/core/matching/banks/import';
import type { BankInput } from '../../main/core/matching/banks/import';
import { chunks, collect } from '../support/banks';

const hash = (algorithm: string, i: number): string =>
  createHash(algorithm).update(`generated entry ${i}`).digest('hex');

const read = (input: BankInput) => collect(readBank(input, 'ncmec'));

const lineOf = (text: string, needle: string): number =>
  text.split('\n').findIndex((line) => line.includes(needle)) + 1;

const page = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<queryResult xmlns="https://hashsharing.ncmec.org/hashsharing/v2">
    <images count="2" maxTimestamp="2017-10-24T15:10:00Z">
        <image>
            <member id="42">Example &amp; Member</member>
            <timestamp>2017-10-24T15:00:00Z</timestamp>
            <id>image1</id>
            <classification>A1</classification>
            <fingerprints>
                <md5>${hash('md5', 1).toUpperCase()}</md5>
                <sha1>${hash('sha1', 1)}</sha1>
                <pdna>QUJDREVG</pdna>
                <pdq>${hash('sha256', 1)}</pdq>
            </fingerprints>
            <feedback lastUpdateTimestamp="2023-06-01T12:48:14Z">
                <affirmativeFeedback type="Md5"><members><member id="7">Other</member></members></affirmativeFeedback>
            </feedback>
        </image>
        <deletedImage>
            <member id="43">Example Member2</member>
            <id>image4</id>
            <timestamp>2017-10-24T15:10:00Z</timestamp>
        </deletedImage>
    </images>
    <videos count="2" maxTimestamp="2017-10-24T15:20:00Z">
        <video>
            <member id="42">Example Member</member>
            <timestamp>2017-10-24T15:00:00Z</timestamp>
            <id>video1</id>
            <fingerprints>
                <md5><![CDATA[${hash('md5', 2)}]]></md5>
                <tmk-pdqf rel="self" href="/v2/entries/1/fingerprints/TMK_PDQF"/>
            </fingerprints>
        </video>
    </videos>
    <paging>
        <next>/v2/entries?from=2017-10-20T00%3A00%3A00.000Z&amp;start=2001&amp;size=1000</next>
    </paging>
</queryResult>
`;

describe('NCMEC hash-sharing XML', () => {
  it('reads MD5, SHA-1 and PDQ fingerprints with id, classification and member, and reports deletions', async () => {
    const { entries, problems } = await read(page);
    const extra = {
      mediaType: 'image',
      memberId: 42,
      member: 'Example & Member',
      timestamp: '2017-10-24T15:00:00Z',
    };
    expect(entries).toEqual([
      {
        algorithm: 'md5',
        value: hash('md5', 1),
        line: lineOf(page, '<md5>'),
        label: 'image1',
        category: 'A1',
        extra,
      },
      {
        algorithm: 'sha1',
        value: hash('sha1', 1),
        line: lineOf(page, '<sha1>'),
        label: 'image1',
        category: 'A1',
        extra,
      },
      {
        algorithm: 'pdq',
        value: hash('sha256', 1),
        line: lineOf(page, '<pdq>'),
        label: 'image1',
        category: 'A1',
        extra,
      },
      {
        algorithm: 'md5',
        value: hash('md5', 2),
        line: lineOf(page, 'CDATA'),
        label: 'video1',
        extra: {
          mediaType: 'video',
          memberId: 42,
          member: 'Example Member',
          timestamp: '2017-10-24T15:00:00Z',
        },
      },
    ]);
    expect(problems).toEqual([
      { line: lineOf(page, '<deletedImage>'), message: expect.stringMatching(/"image4" is a deletion/) },
    ]);
  });

  it('gives the same result however the stream is chunked', async () => {
    const whole = await read(page);
    for (const size of [1, 2, 7, 64, 5000]) expect(await read(chunks(page, size))).toEqual(whole);
  });

  it('reads namespace prefixes and several pages saved one after another', async () => {
    const prefixed = (i: number): string =>
      `<?xml version="1.0"?>\n<ns2:queryResult xmlns:ns2="https://hashsharing.ncmec.org/hashsharing/v2"><ns2:images>` +
      `<ns2:image><ns2:id>e${i}</ns2:id><ns2:fingerprints><ns2:md5>${hash('md5', i)}</ns2:md5></ns2:fingerprints></ns2:image>` +
      `</ns2:images></ns2:queryResult>\n`;
    const { entries, problems } = await read(prefixed(1) + prefixed(2));
    expect(problems).toEqual([]);
    expect(entries.map((e) => [e.label, e.value, e.line])).toEqual([
      ['e1', hash('md5', 1), 2],
      ['e2', hash('md5', 2), 4],
    ]);
  });

  it('reports bad fingerprints and entries without a usable one, keeping the good entries', async () => {
    const entry = (id: string, fingerprints: string): string =>
      `  <image>\n    <id>${id}</id>\n    <fingerprints>\n${fingerprints}    </fingerprints>\n  </image>\n`;
    const text =
      '<queryResult><images>\n' +
      entry('good-1', `      <md5>${hash('md5', 1)}</md5>\n`) +
      entry('short', `      <md5>${hash('md5', 2).slice(3)}</md5>\n`) +
      entry(
        'nonhex',
        `      <md5>${hash('md5', 3)}</md5>\n      <sha1>${hash('sha1', 3).slice(1)}z</sha1>\n`,
      ) +
      entry('photodna-only', `      <pdna>QUJD</pdna>\n`) +
      entry('empty', `      <md5></md5>\n`) +
      entry('good-2', `      <sha1>${hash('sha1', 6)}</sha1>\n`) +
      '</images></queryResult>\n';
    const { entries, problems } = await read(text);
    expect(entries.map((e) => e.label)).toEqual(['good-1', 'good-2']);
    expect(problems).toEqual([
      {
        line: lineOf(text, hash('md5', 2).slice(3)),
        message: expect.stringMatching(/"short": <md5>: MD5 .*29 hexadecimal/),
      },
      {
        line: lineOf(text, `${hash('sha1', 3).slice(1)}z`),
        message: expect.stringMatching(/"nonhex": <sha1>: SHA-1 .*not hexadecimal/),
      },
      {
        line: lineOf(text, '<id>photodna-only') - 1,
        message: expect.stringMatching(/no MD5, SHA-1 or PDQ fingerprint \(only <pdna>\)/),
      },
      {
        line: lineOf(text, '<id>empty') + 2,
        message: expect.stringMatching(/"empty": <md5>: the MD5 is empty/),
      },
    ]);
  });

  it('reports broken XML where it breaks, keeps the entries before it and reads nothing after', async () => {
    const text = [
      '<queryResult><images>',
      `<image><id>a</id><fingerprints><md5>${hash('md5', 1)}</md5></fingerprints></image>`,
      `<image><id>b</id><fingerprints><md5>${hash('md5', 2)}</sha1></fingerprints></image>`,
      `<image><id>c</id><fingerprints><md5>${hash('md5', 3)}</md5></fingerprints></image>`,
      '</images></queryResult>',
    ].join('\n');
    const { entries, problems } = await read(text);
    expect(entries.map((e) => e.label)).toEqual(['a']);
    expect(problems).toEqual([
      { line: 3, fatal: true, message: expect.stringMatching(/<\/sha1> closes <md5>.*Nothing after this/) },
    ]);
  });

  it('reports a truncated file as fatal', async () => {
    const cut = page.slice(0, page.indexOf('<videos'));
    const { entries, problems } = await read(cut);
    expect(entries).toHaveLength(3);
    expect(problems.at(-1)).toEqual({
      line: lineOf(page, '<videos') - 1,
      fatal: true,
      message: expect.stringMatching(/truncated/),
    });
  });

  it('refuses a DOCTYPE and never expands entities it does not know', async () => {
    const doctype =
      '<?xml version="1.0"?>\n<!DOCTYPE queryResult [<!ENTITY big "x">]>\n<queryResult><images/></queryResult>';
    await expect(read(doctype)).rejects.toBeInstanceOf(BankFileError);
    await expect(read(chunks(doctype, 3))).rejects.toThrow(/refuses DTDs/);
    const entity = `<queryResult><images><image><id>&big;</id><fingerprints><md5>${hash('md5', 1)}</md5></fingerprints></image></images></queryResult>`;
    const { entries, problems } = await read(entity);
    expect(entries).toEqual([]);
    expect(problems).toEqual([
      { line: 1, fatal: true, message: expect.stringMatching(/"&big;" is not a predefined entity/) },
    ]);
  });

  it('refuses XML that is not an NCMEC entry list', async () => {
    await expect(read('<report><fileDetails/></report>')).rejects.toThrow(
      /not an NCMEC hash-sharing entry list/,
    );
  });
});
