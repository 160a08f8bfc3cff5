// The one strict XML reader shared by the hash-bank importers and NCMEC's answer parser: one rule for
// characters, written or referenced (XML 1.0's Char), the same well-formedness refusals on both paths,
// DOCTYPEs refused, and the whole-document reader's own limits.
import { describe, expect, it } from 'vitest';
import { parseNcmecAnswer } from '../../main/core/cybertip/api/answer';
import {
  FormatSyntaxError,
  indexOfNonXmlCharacter,
  isXmlCodePoint,
  readXmlDocument,
  XmlDoctypeError,
  XmlReader,
  type XmlEvent,
} from '../../main/core/format';
import { readBank } from '../../main/core/matching/banks/import';
import { chunks, collect } from '../support/banks';

const md5 = '0123456789abcdef0123456789abcdef';
const limits = { maxChars: 10_000, maxDepth: 8, maxElements: 100 };

/** Every event of `text` fed in chunks of `size` characters, or the error the reader threw. */
function events(text: string, size = text.length, pages = false): XmlEvent[] | FormatSyntaxError {
  const out: XmlEvent[] = [];
  const reader = new XmlReader((event) => out.push(event), { pages });
  try {
    for (let at = 0; at < text.length; at += size) reader.push(text.slice(at, at + size));
    reader.end();
  } catch (error) {
    if (error instanceof FormatSyntaxError) return error;
    throw error;
  }
  return out;
}

/** What each path makes of one entry id: the bank importer's label, and the answer's description. */
async function bothPaths(id: string): Promise<{ bank: string | undefined; answer: string | undefined }> {
  const bankXml = `<queryResult><images><image><id>${id}</id><fingerprints><md5>${md5}</md5></fingerprints></image></images></queryResult>`;
  const { entries } = await collect(readBank(bankXml, 'ncmec'));
  const parsed = parseNcmecAnswer(
    `<reportResponse><responseCode>0</responseCode><responseDescription>${id}</responseDescription></reportResponse>`,
  );
  return {
    bank: entries[0]?.label,
    answer: 'answer' in parsed ? parsed.answer.responseDescription : undefined,
  };
}

describe('XML characters', () => {
  it('are one set: isXmlCodePoint and the text scan agree on every code point', () => {
    const disagree: number[] = [];
    for (let cp = 0; cp <= 0x10ffff; cp++) {
      const scanned = indexOfNonXmlCharacter(String.fromCodePoint(cp)) === -1;
      if (scanned !== isXmlCodePoint(cp)) disagree.push(cp);
    }
    expect(disagree).toEqual([]);
    expect([0x9, 0xa, 0xd, 0x20, 0xd7ff, 0xe000, 0xfffd, 0x10000, 0x10ffff].every(isXmlCodePoint)).toBe(true);
    expect([0, 0x1, 0x8, 0xb, 0x1f, 0xd800, 0xdfff, 0xfffe, 0xffff, 0x110000].some(isXmlCodePoint)).toBe(
      false,
    );
  });

  it('are referred to under the same rule by the bank importer and the NCMEC answer parser', async () => {
    const accepted: Array<[string, string]> = [
      ['a&#65;b', 'aAb'],
      ['a&#x263A;b', 'a\u263Ab'],
      ['a&#x1F600;b', 'a\u{1F600}b'],
      ['a&#x10FFFF;b', 'a\u{10FFFF}b'],
    ];
    for (const [written, read] of accepted) {
      expect(await bothPaths(written), written).toEqual({ bank: read, answer: read });
    }
    // Before the readers were one, the bank importer took &#1;, &#xFFFE; and &#xFFFF;.
    for (const refused of ['&#0;', '&#1;', '&#x1F;', '&#xD800;', '&#xFFFE;', '&#xFFFF;', '&#x110000;']) {
      expect(await bothPaths(`a${refused}b`), refused).toEqual({ bank: undefined, answer: undefined });
      const error = events(`<r>${refused}</r>`);
      expect(error, refused).toBeInstanceOf(FormatSyntaxError);
      expect((error as FormatSyntaxError).reason).toMatch(/refers to a character XML does not allow/);
    }
  });

  it('refuses a raw character XML does not allow, on the line it stands on, and keeps what came before', async () => {
    const error = events('<r>\n<a>ok</a>\n<b>x\u0001</b></r>', 4);
    expect(error).toMatchObject({ line: 3, reason: expect.stringMatching(/U\+0001/) });
    const text = `<queryResult><images>\n<image><id>a</id><fingerprints><md5>${md5}</md5></fingerprints></image>\n<image><id>b\u0001</id></image></images></queryResult>`;
    const { entries, problems } = await collect(readBank(chunks(text, 7), 'ncmec'));
    expect(entries.map((e) => e.label)).toEqual(['a']);
    expect(problems).toEqual([{ line: 3, fatal: true, message: expect.stringMatching(/U\+0001/) }]);
  });

  it('reads a character outside the BMP split across two chunks', () => {
    const read = events('<r>\u{1F600}</r>', 4);
    expect(read).toContainEqual({ kind: 'text', text: '\u{1F600}', line: 1 });
    expect(events('<r>\uD800</r>')).toBeInstanceOf(FormatSyntaxError);
  });
});

describe('the strict XML reader', () => {
  it('refuses what XML does not allow, the same way on both paths', async () => {
    const malformed = {
      comment: '<r><!-- a -- b --></r>',
      commentEnd: '<r><!-- a ---></r>',
      cdataEnd: '<r>a ]]> b</r>',
      twiceAttribute: '<r a="1" a="2"/>',
      glued: '<r a="1"b="2"/>',
      spacedEnd: '<r></ r>',
      declarationLate: '<r/><?xml version="1.0"?>',
      declarationBare: '<?xml encoding="UTF-8"?><r/>',
      secondRoot: '<r/><r/>',
      nbspOutside: '\u00a0<r/>',
    };
    for (const [name, xml] of Object.entries(malformed)) {
      expect(events(xml), name).toBeInstanceOf(FormatSyntaxError);
      expect(readXmlDocument(xml, limits), name).toMatchObject({ ok: false });
    }
    const page = `<queryResult><images><image><id>x</id><fingerprints><md5 a="1" a="2">${md5}</md5></fingerprints></image></images></queryResult>`;
    const { entries, problems } = await collect(readBank(page, 'ncmec'));
    expect(entries).toEqual([]);
    expect(problems).toEqual([{ line: 1, fatal: true, message: expect.stringMatching(/attribute a twice/) }]);
  });

  it('refuses a DOCTYPE with its own error, whatever the chunking', () => {
    const xml = '<?xml version="1.0"?>\n<!DOCTYPE r [<!ENTITY a "b">]>\n<r>&a;</r>';
    expect(events(xml)).toBeInstanceOf(XmlDoctypeError);
    expect(events(xml, 2)).toMatchObject({ line: 2 });
    expect(readXmlDocument(xml, limits)).toEqual({
      ok: false,
      line: 2,
      reason: expect.stringMatching(/DOCTYPE/),
    });
  });

  it('reads pages of one export one after another only when asked, each with its declaration', () => {
    const one = '<?xml version="1.0" encoding="UTF-8"?>\n<page><a>1</a></page>\n';
    expect(events(one + one, 5, true)).not.toBeInstanceOf(FormatSyntaxError);
    expect(events(one + one, 5)).toBeInstanceOf(FormatSyntaxError);
    expect(events(`${one}<other/>`, 5, true)).toBeInstanceOf(FormatSyntaxError);
  });

  it('gives names without their prefix and resolves the predefined entities', () => {
    expect(events('<ns:r xmlns:ns="u" ns:a="&lt;&amp;&gt;&quot;&apos;">t</ns:r>')).toEqual([
      {
        kind: 'start',
        name: 'r',
        attributes: new Map([
          ['ns', 'u'],
          ['a', '<&>"\''],
        ]),
        line: 1,
      },
      { kind: 'text', text: 't', line: 1 },
      { kind: 'end', name: 'r', line: 1 },
    ]);
  });
});

describe('a whole XML document', () => {
  it('is a tree of elements, text only in leaves', () => {
    const read = readXmlDocument(
      '\uFEFF<?xml version="1.0" encoding="utf-8"?>\n<r a="1">\n  <b>x</b>\n  <c/>\n</r>',
      limits,
    );
    expect(read).toEqual({
      ok: true,
      root: {
        name: 'r',
        attributes: { a: '1' },
        text: '',
        line: 2,
        children: [
          { name: 'b', attributes: {}, children: [], text: 'x', line: 3 },
          { name: 'c', attributes: {}, children: [], text: '', line: 4 },
        ],
      },
    });
  });

  it('is refused when it is too long, too deep, too large, mixed, or not UTF-8', () => {
    const refusals: Array<[string, RegExp]> = [
      [`<r>${'x'.repeat(10_001)}</r>`, /longer than 10000 characters/],
      [`${'<a>'.repeat(9)}${'</a>'.repeat(9)}`, /deeper than 8/],
      [`<r>${'<a/>'.repeat(100)}</r>`, /more than 100 elements/],
      ['<r>text<a/></r>', /text mixed with elements in <r>/],
      ['<?xml version="1.0" encoding="ISO-8859-1"?><r/>', /encoding ISO-8859-1, not UTF-8/],
      ['', /no XML element/],
    ];
    for (const [xml, reason] of refusals) {
      expect(readXmlDocument(xml, limits), String(reason)).toMatchObject({
        ok: false,
        reason: expect.stringMatching(reason),
      });
    }
  });
});
