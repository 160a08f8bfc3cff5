// The strict readers Custody uses on text from outside (main/core/format) and the network-facing NCMEC
// answer parser on top of them: damaged answers, token soup built from XML's own syntax, and streams split
// anywhere (inside a tag, an entity or a surrogate pair). The readers throw only FormatSyntaxError; the
// answer parser never throws at all.
import { readFile } from 'node:fs/promises';
import fc from 'fast-check';
import { describe, expect } from 'vitest';
import { MAX_ANSWER_BYTES, parseNcmecAnswer, readAnswerText } from '../../main/core/cybertip/api/answer';
import { FormatSyntaxError, JsonReader, readXmlDocument, XmlReader } from '../../main/core/format';
import { fixture } from '../support/fixtures';
import { fuzzTarget } from './harness';
import { damaged, damagedText } from './mutate';

const answers = await Promise.all(
  ['resp_finish_ok_docs_example.xml', 'resp_upload_ok_docs_example.xml'].map((name) =>
    readFile(fixture('ncmec', 'examples', name), 'utf8'),
  ),
);

const XML_TOKENS = [
  '<?xml version="1.0" encoding="UTF-8"?>',
  '<?xml version="1.0" encoding="UTF-16"?>',
  '<reportResponse>',
  '</reportResponse>',
  '<reportDoneResponse>',
  '<responseCode>',
  '</responseCode>',
  '<files>',
  '<fileId>',
  '</fileId>',
  '</files>',
  '<a b="1" c=\'2\'>',
  '<a:b xmlns:a="urn:x">',
  '</a>',
  '<e/>',
  '<![CDATA[',
  ']]>',
  '<!--',
  '-->',
  '<?pi x?>',
  '<!DOCTYPE r [<!ENTITY e "x">]>',
  '&amp;',
  '&lt;',
  '&e;',
  '&#x0;',
  '&#1114112;',
  '&#xD800;',
  '&#65;',
  '&',
  '<',
  '>',
  '"',
  '\uFEFF',
  '\uD800',
  '\u0000',
  '\r\n',
  '0',
  '4564654',
];

function tokenSoup(tokens: readonly string[]): fc.Arbitrary<string> {
  return fc
    .array(fc.oneof(fc.constantFrom(...tokens), fc.string({ maxLength: 8 })), { maxLength: 60 })
    .map((parts) => parts.join(''));
}

/** Cuts `text` at arbitrary code-unit offsets, so a chunk may end inside a surrogate pair. */
function split(text: string): fc.Arbitrary<string[]> {
  return fc.array(fc.nat(text.length), { maxLength: 8 }).map((cuts) => {
    const at = [...new Set([0, ...cuts, text.length])].sort((a, b) => a - b);
    return at.slice(1).map((end, i) => text.slice(at[i], end));
  });
}

const xmlText = () =>
  fc.oneof(
    fc.constantFrom(...answers).chain((answer) => damagedText(answer, 8)),
    tokenSoup(XML_TOKENS),
    fc.string({ maxLength: 300, unit: 'binary' }),
  );

const isSyntaxError = (error: unknown) => error instanceof FormatSyntaxError;

describe('NCMEC answers and the strict XML/JSON readers on hostile text', () => {
  fuzzTarget(
    'NCMEC answer (parseNcmecAnswer)',
    xmlText,
    (xml) => {
      const parsed = parseNcmecAnswer(xml);
      if ('answer' in parsed) {
        expect(Number.isSafeInteger(parsed.answer.responseCode)).toBe(true);
        if (parsed.answer.reportId !== undefined) expect(parsed.answer.reportId).toBeGreaterThan(0);
      } else expect(parsed.problem.length).toBeGreaterThan(0);
    },
    // parseNcmecAnswer documents that it never throws: even a typed error would be a crash.
    { typedErrorsAreCrashes: true },
  );

  fuzzTarget(
    'NCMEC answer body (readAnswerText: size limit, UTF-8)',
    () =>
      fc.oneof(
        fc.constantFrom(...answers).chain((answer) => damaged(Buffer.from(answer), 8)),
        fc.uint8Array({ maxLength: 2000 }).map((bytes) => Buffer.from(bytes)),
        fc
          .integer({ min: MAX_ANSWER_BYTES - 2, max: MAX_ANSWER_BYTES + 2 })
          .map((size) => Buffer.alloc(size, 0x61)),
      ),
    async (bytes) => {
      const read = await readAnswerText(new Response(bytes));
      if ('text' in read) expect(Buffer.byteLength(read.text)).toBeLessThanOrEqual(MAX_ANSWER_BYTES);
      else expect(read.problem.length).toBeGreaterThan(0);
    },
    { typedErrorsAreCrashes: true },
  );

  fuzzTarget(
    'XML reader, streamed in arbitrary chunks (format/xml.ts)',
    () => xmlText().chain((text) => split(text)),
    (chunks) => {
      const reader = new XmlReader(() => undefined);
      for (const chunk of chunks) reader.push(chunk);
      reader.end();
    },
    { expected: isSyntaxError },
  );

  fuzzTarget(
    'XML document reader with limits (format/xml-document.ts)',
    xmlText,
    (text) => {
      const read = readXmlDocument(text, { maxChars: 4096, maxDepth: 4, maxElements: 20 });
      if (!read.ok) expect(read.line).toBeGreaterThanOrEqual(1);
    },
    { typedErrorsAreCrashes: true },
  );

  fuzzTarget(
    'JSON reader, streamed in arbitrary chunks (format/json.ts)',
    () =>
      fc
        .oneof(
          fc.jsonValue().map((value) => JSON.stringify(value)),
          fc.jsonValue().chain((value) => damagedText(JSON.stringify(value), 6)),
          tokenSoup([
            '{',
            '}',
            '[',
            ']',
            '"',
            '\\u',
            '\\',
            ':',
            ',',
            'true',
            'nul',
            '-0',
            '1e999',
            '\uD800',
            ' ',
          ]),
          fc.integer({ min: 1, max: 5000 }).map((depth) => '['.repeat(depth) + ']'.repeat(depth)),
        )
        .chain((text) => split(text)),
    (chunks) => {
      const reader = new JsonReader(() => undefined);
      for (const chunk of chunks) reader.push(chunk);
      reader.end();
    },
    { expected: isSyntaxError },
  );
});
