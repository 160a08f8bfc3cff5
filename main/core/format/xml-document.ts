// One short XML document read whole into a tree of elements, on the strict streaming reader (./xml): for
// answers and descriptions of a few kB, such as NCMEC's. Besides the reader's rules it refuses text mixed
// with elements, too many or too deep elements, and an encoding other than UTF-8. Never throws for bad input.
import { FormatSyntaxError } from './syntax';
import { isXmlSpace, XmlReader } from './xml';

/** An element with either text or child elements (mixed content is refused when reading). */
export interface XmlElementNode {
  name: string;
  attributes: Record<string, string>;
  children: XmlElementNode[];
  text: string;
  /** Line in the source document, for elements that were read rather than built. */
  line?: number;
}

export interface XmlDocumentLimits {
  maxChars: number;
  maxDepth: number;
  maxElements: number;
}

export type XmlDocument = { ok: true; root: XmlElementNode } | { ok: false; line: number; reason: string };

/**
 * The document's root element, or the line and reason it is refused. `text` was decoded from UTF-8 (a
 * leading byte-order mark is dropped), so a declaration naming another encoding is refused. Names are read
 * without their namespace prefix, as the reader gives them.
 */
export function readXmlDocument(text: string, limits: XmlDocumentLimits): XmlDocument {
  if (text.length > limits.maxChars) {
    return { ok: false, line: 1, reason: `longer than ${limits.maxChars} characters` };
  }
  const open: { node: XmlElementNode; text: string[] }[] = [];
  let root: XmlElementNode | undefined;
  let elements = 0;
  const reader = new XmlReader((event) => {
    const current = open.at(-1);
    if (event.kind === 'text') {
      current?.text.push(event.text);
      return;
    }
    if (event.kind === 'start') {
      if (++elements > limits.maxElements) {
        throw new FormatSyntaxError(event.line, `more than ${limits.maxElements} elements`);
      }
      if (open.length >= limits.maxDepth) {
        throw new FormatSyntaxError(event.line, `elements nested deeper than ${limits.maxDepth}`);
      }
      const node: XmlElementNode = {
        name: event.name,
        attributes: Object.fromEntries(event.attributes),
        children: [],
        text: '',
        line: event.line,
      };
      if (current === undefined) root = node;
      else current.node.children.push(node);
      open.push({ node, text: [] });
      return;
    }
    open.pop();
    if (current === undefined) return;
    const content = current.text.join('');
    if (current.node.children.length === 0) current.node.text = content;
    else if (!isXmlSpace(content)) {
      throw new FormatSyntaxError(event.line, `text mixed with elements in <${event.name}>`);
    }
  });
  try {
    reader.push(text.startsWith('\uFEFF') ? text.slice(1) : text);
    reader.end();
  } catch (error) {
    if (error instanceof FormatSyntaxError) return { ok: false, line: error.line, reason: error.reason };
    throw error;
  }
  const encoding = reader.declaredEncoding;
  if (encoding !== undefined && !/^utf-?8$/i.test(encoding)) {
    return { ok: false, line: 1, reason: `encoding ${encoding}, not UTF-8` };
  }
  if (root === undefined) return { ok: false, line: 1, reason: 'no root element' };
  return { ok: true, root };
}
