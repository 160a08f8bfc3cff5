// `report validate` and the check every package passes (cybertip/validate.ts on libxml2-wasm and the
// bundled XSD), on damaged copies of NCMEC's maximal valid report and fileDetails and on XML token soup. It
// answers errors, never throws, and never hides an internal failure behind "could not be checked"; a
// document read as well-formed prints back (cybertip/xml-tree.ts) to the same tree.
import { readFile } from 'node:fs/promises';
import fc from 'fast-check';
import { describe, expect } from 'vitest';
import { loadCyberTipValidator, type CyberTipValidator } from '../../main/core/cybertip/validate';
import { printXml, type XmlElementNode } from '../../main/core/cybertip/xml-tree';
import { fixture } from '../support/fixtures';
import { fuzzTarget } from './harness';
import { damagedText } from './mutate';

const documents = await Promise.all(
  ['report_maximal_valid.xml', 'fileDetails_maximal_valid.xml'].map((name) =>
    readFile(fixture('ncmec', 'examples', name), 'utf8'),
  ),
);
/**
 * The documents as Custody writes them: without the xsi namespace declarations of NCMEC's examples, which a
 * tree (names and attributes, no namespace declarations) does not carry.
 */
const withoutNamespaces = documents.map((xml) =>
  xml.replace(/\s+xmlns:xsi="[^"]*"\s+xsi:[A-Za-z]+="[^"]*"/, ''),
);
const validator: CyberTipValidator = await loadCyberTipValidator();

const TOKENS = [
  '<?xml version="1.0" encoding="UTF-8"?>',
  '<report>',
  '</report>',
  '<fileDetails>',
  '</fileDetails>',
  '<incidentSummary>',
  '</incidentSummary>',
  '<incidentType>Child Pornography (possession, manufacture, and distribution)</incidentType>',
  '<reportedPerson><email>a@b.c</email></reportedPerson>',
  '<xi:include xmlns:xi="http://www.w3.org/2001/XInclude" href="/etc/passwd"/>',
  '<!DOCTYPE report SYSTEM "file:///etc/passwd">',
  '<?xml-stylesheet href="x"?>',
  ' xmlns="urn:x"',
  ' xsi:schemaLocation="urn:x http://x/x.xsd"',
  '&amp;',
  '&#0;',
  '<![CDATA[x]]>',
  '<a>',
  '</a>',
  '>',
  '"',
];

/** The tree without line numbers, to compare a parsed document with its reprint. */
function shape(node: XmlElementNode): unknown {
  return {
    name: node.name,
    attributes: node.attributes,
    text: node.text,
    children: node.children.map(shape),
  };
}

function check(xml: string): void {
  const result = validator.validate(xml);
  for (const error of result.errors) {
    expect(error.message, 'an internal failure hidden behind the catch-all').not.toMatch(
      /^The document could not be checked/,
    );
    expect(error.path.startsWith('/')).toBe(true);
  }
  if (result.kind !== 'unknown' && result.errors.length === 0) {
    expect(['report', 'fileDetails']).toContain(result.kind);
  }
}

describe('CyberTipline XML validation on hostile documents', () => {
  fuzzTarget(
    'report XML (report validate)',
    () =>
      fc.oneof(
        fc.constantFrom(...documents).chain((xml) => damagedText(xml, 8)),
        fc.array(fc.constantFrom(...TOKENS), { maxLength: 40 }).map((parts) => parts.join('')),
      ),
    check,
    { typedErrorsAreCrashes: true },
  );

  fuzzTarget(
    'report XML printed back from its tree (xml-tree printXml round trip)',
    () => fc.constantFrom(...withoutNamespaces).chain((xml) => damagedText(xml, 3)),
    (xml) => {
      const first = validator.validate(xml);
      if (first.kind === 'unknown') return;
      const tree = treeOf(xml);
      if (!tree) return;
      const again = treeOf(printXml(tree));
      expect(again && shape(again)).toEqual(shape(tree));
    },
  );
});

/** The well-formed document's tree, read by the same strict schema check the validator uses. */
function treeOf(xml: string): XmlElementNode | undefined {
  const checked = schemaCheck(xml);
  return checked.wellFormed ? checked.root : undefined;
}

const { loadXsd, readBundledXsd } = await import('../../main/core/cybertip/xsd');
const schema = await loadXsd(await readBundledXsd());
const schemaCheck = (xml: string) => schema.check(xml);
