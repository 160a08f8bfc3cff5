// A small, strict, streaming XML reader: elements, attributes, text, CDATA, comments, processing
// instructions and the five predefined entities, with one rule for characters (XML 1.0's Char), written or
// referenced. It refuses any DOCTYPE (so no entity can be defined or expanded), never fetches anything, and
// holds at most one tag or one text node, however large the input.
import { FormatSyntaxError } from './syntax';

export type XmlEvent =
  | { kind: 'start'; name: string; attributes: Map<string, string>; line: number }
  | { kind: 'end'; name: string; line: number }
  | { kind: 'text'; text: string; line: number };

export interface XmlReaderOptions {
  /**
   * Several documents one after another, each with the same root element and its own XML declaration
   * (the pages of one export saved into one file). By default the input is one document.
   */
  pages?: boolean;
}

/** The XML declares a DOCTYPE: refused, so no entity can ever be defined or expanded. */
export class XmlDoctypeError extends FormatSyntaxError {
  constructor(line: number) {
    super(line, 'a DOCTYPE (DTDs and entity definitions are refused)');
  }
}

/** XML 1.0's Char production (https://www.w3.org/TR/xml/#charsets): what a document may hold or refer to. */
export function isXmlCodePoint(cp: number): boolean {
  return (
    cp === 0x9 ||
    cp === 0xa ||
    cp === 0xd ||
    (cp >= 0x20 && cp <= 0xd7ff) ||
    (cp >= 0xe000 && cp <= 0xfffd) ||
    (cp >= 0x10000 && cp <= 0x10ffff)
  );
}

/** The same set as isXmlCodePoint, negated, for scanning text fast (a lone surrogate is not a Char). */
const NOT_XML_CHARACTER = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;

/** Index of the first character of `text` that XML does not allow, or -1. */
export function indexOfNonXmlCharacter(text: string): number {
  return text.search(NOT_XML_CHARACTER);
}

/** Longest tag, comment or text node held; hash-sharing files have none longer than a few hundred. */
const MAX_MARKUP_CHARS = 1024 * 1024;

const NAME = /^[A-Za-z_:\u00c0-\uffff][\w.:\-\u00b7\u00c0-\uffff]*$/;
const PI_TARGET = /^<\?([A-Za-z_:\u00c0-\uffff][\w.:\-\u00b7\u00c0-\uffff]*)(?:\s|\?>)/;
const DECLARATION =
  /^<\?xml\s+version\s*=\s*(["'])1\.\d+\1(?:\s+encoding\s*=\s*(["'])([A-Za-z][\w.-]*)\2)?(?:\s+standalone\s*=\s*(["'])(?:yes|no)\4)?\s*\?>$/;
const END_TAG = /^\/([^\s]+)\s*$/;
const ATTRIBUTE = /\s+([^\s=]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/y;
const PREDEFINED: ReadonlyMap<string, string> = new Map([
  ['lt', '<'],
  ['gt', '>'],
  ['amp', '&'],
  ['quot', '"'],
  ['apos', "'"],
]);

export class XmlReader {
  /** Text not yet read: a construct whose end has not arrived. */
  private buffer = '';
  /** A high surrogate that ended the last chunk; its low half comes with the next. */
  private pendingSurrogate = '';
  private line = 1;
  /** Open elements, qualified names, innermost last. */
  private readonly open: string[] = [];
  private sawElement = false;
  /** Nothing read yet: the only place an XML declaration may stand (and between pages). */
  private atStart = true;
  /** The root element's name: with `pages`, pages of one export may follow each other. */
  private lastRoot = '';
  private encoding: string | undefined;

  constructor(
    private readonly emit: (event: XmlEvent) => void,
    private readonly options: XmlReaderOptions = {},
  ) {}

  /** The encoding the last XML declaration named, if it named one. */
  get declaredEncoding(): string | undefined {
    return this.encoding;
  }

  push(chunk: string): void {
    let text = this.pendingSurrogate + chunk;
    this.pendingSurrogate = '';
    const last = text.charCodeAt(text.length - 1);
    if (last >= 0xd800 && last <= 0xdbff) {
      this.pendingSurrogate = text.slice(-1);
      text = text.slice(0, -1);
    }
    const bad = indexOfNonXmlCharacter(text);
    this.read(bad < 0 ? text : text.slice(0, bad));
    if (bad >= 0) {
      this.line += countLines(this.buffer, 0, this.buffer.length);
      const hex = (text.codePointAt(bad) ?? 0).toString(16).toUpperCase().padStart(4, '0');
      throw this.error(`the character U+${hex}, which XML does not allow`);
    }
  }

  /** The input ended: throws if an element is still open or nothing was read. */
  end(): void {
    if (this.pendingSurrogate !== '') throw this.error('a broken character (a lone surrogate) at the end');
    if (!isXmlSpace(this.buffer)) {
      throw this.error(
        this.open.length > 0 || this.buffer.startsWith('<')
          ? 'the XML ends in the middle of a tag or text (is it truncated?)'
          : 'text after the last element',
      );
    }
    const inner = this.open.at(-1);
    if (inner !== undefined) throw this.error(`the XML ends inside <${inner}> (is it truncated?)`);
    if (!this.sawElement) throw this.error('there is no XML element');
  }

  private read(text: string): void {
    const buffer = this.buffer + text;
    let at = 0;
    while (at < buffer.length) {
      const end = buffer.startsWith('<', at) ? this.markup(buffer, at) : this.text(buffer, at);
      if (end < 0) break;
      this.line += countLines(buffer, at, end);
      this.atStart = false;
      at = end;
    }
    this.buffer = buffer.slice(at);
    if (this.buffer.length > MAX_MARKUP_CHARS) {
      throw this.error(`a tag, comment or text is longer than ${MAX_MARKUP_CHARS} characters`);
    }
  }

  /** Text from `at` up to the next "<": the index of that "<", or -1 while it has not arrived. */
  private text(buffer: string, at: number): number {
    const end = buffer.indexOf('<', at);
    if (end < 0) return -1;
    const raw = buffer.slice(at, end);
    if (this.open.length === 0) {
      if (!isXmlSpace(raw)) throw this.error('text outside the root element');
    } else {
      if (raw.includes(']]>')) throw this.error('"]]>" in text (write it as ]]&gt;)');
      this.emit({ kind: 'text', text: this.decode(raw), line: this.line });
    }
    return end;
  }

  /** The construct starting with "<" at `at`: the index just past it, or -1 while its end has not arrived. */
  private markup(buffer: string, at: number): number {
    if (buffer.startsWith('<!--', at)) {
      const end = until(buffer, '-->', at + 4);
      const body = end > 0 ? buffer.slice(at + 4, end - 3) : '';
      if (body.includes('--') || body.endsWith('-')) throw this.error('a comment holds "--"');
      return end;
    }
    if (buffer.startsWith('<![CDATA[', at)) {
      const end = until(buffer, ']]>', at + 9);
      if (end > 0) {
        if (this.open.length === 0) throw this.error('CDATA outside the root element');
        this.emit({ kind: 'text', text: buffer.slice(at + 9, end - 3), line: this.line });
      }
      return end;
    }
    if (buffer.startsWith('<!', at)) {
      const head = buffer.slice(at, at + 9).toUpperCase();
      if (head.length < 9 && ['<!--', '<![CDATA[', '<!DOCTYPE'].some((start) => start.startsWith(head)))
        return -1;
      if (head === '<!DOCTYPE') throw new XmlDoctypeError(this.line);
      throw this.error('"<!" starts neither a comment nor CDATA');
    }
    if (buffer.startsWith('<?', at)) {
      const end = until(buffer, '?>', at + 2);
      if (end > 0) this.instruction(buffer.slice(at, end));
      return end;
    }
    const end = tagEnd(buffer, at + 1);
    if (end === -2) throw this.error('a "<" inside a tag');
    if (end < 0) return -1;
    this.tag(buffer.slice(at + 1, end));
    return end + 1;
  }

  /** A processing instruction, `<?target ...?>`: the XML declaration only where a document starts. */
  private instruction(text: string): void {
    const target = PI_TARGET.exec(text)?.[1];
    if (target === undefined) throw this.error('a processing instruction without a target');
    if (target.toLowerCase() !== 'xml') return;
    const betweenPages = this.options.pages === true && this.open.length === 0 && this.sawElement;
    if (!this.atStart && !betweenPages) {
      throw this.error('an XML declaration that is not at the start of the document');
    }
    const declaration = DECLARATION.exec(text);
    if (target !== 'xml' || declaration === null) throw this.error('a malformed XML declaration');
    this.encoding = declaration[3];
  }

  /** One tag's text between "<" and ">". */
  private tag(body: string): void {
    if (body.startsWith('/')) {
      const name = END_TAG.exec(body)?.[1] ?? body.slice(1);
      const expected = this.open.pop();
      if (expected === undefined) throw this.error(`</${name.slice(0, 40)}> closes no element`);
      if (name !== expected) throw this.error(`</${name.slice(0, 40)}> closes <${expected}>`);
      this.emit({ kind: 'end', name: localName(name), line: this.line });
      return;
    }
    const selfClosing = body.endsWith('/');
    const inner = selfClosing ? body.slice(0, -1) : body;
    const nameEnd = inner.search(/\s|$/);
    const name = inner.slice(0, nameEnd);
    if (!NAME.test(name)) throw this.error(`"<${name.slice(0, 40)}" is not an element name`);
    if (
      this.open.length === 0 &&
      this.sawElement &&
      (this.options.pages !== true || name !== this.lastRoot)
    ) {
      throw this.error(`a second root element <${name.slice(0, 40)}> after <${this.lastRoot}>`);
    }
    const attributes = this.attributes(inner.slice(nameEnd));
    if (this.open.length === 0) this.lastRoot = name;
    this.sawElement = true;
    this.emit({ kind: 'start', name: localName(name), attributes, line: this.line });
    if (selfClosing) this.emit({ kind: 'end', name: localName(name), line: this.line });
    else this.open.push(name);
  }

  /** name="value" pairs, each after white space; keyed by local name, which must not repeat. */
  private attributes(text: string): Map<string, string> {
    const attributes = new Map<string, string>();
    let at = 0;
    while (at < text.length && !isXmlSpace(text.slice(at))) {
      ATTRIBUTE.lastIndex = at;
      const match = ATTRIBUTE.exec(text);
      const name = match?.[1] ?? '';
      if (!match || !NAME.test(name)) {
        throw this.error(`the attributes "${text.trim().slice(0, 60)}" are not name="value" pairs`);
      }
      const raw = match[2] ?? match[3] ?? '';
      if (raw.includes('<')) throw this.error('an attribute value holds "<"');
      const local = localName(name);
      if (attributes.has(local)) throw this.error(`the attribute ${local.slice(0, 40)} twice`);
      attributes.set(local, this.decode(raw));
      at = ATTRIBUTE.lastIndex;
    }
    return attributes;
  }

  /** Resolves the predefined entities and character references; any other "&" is an error. */
  private decode(raw: string): string {
    if (!raw.includes('&')) return raw;
    let out = '';
    let at = 0;
    for (;;) {
      const amp = raw.indexOf('&', at);
      if (amp < 0) return out + raw.slice(at);
      const semi = raw.indexOf(';', amp);
      const name = semi < 0 ? '' : raw.slice(amp + 1, semi);
      out += raw.slice(at, amp) + this.entity(name);
      at = semi + 1;
    }
  }

  private entity(name: string): string {
    const predefined = PREDEFINED.get(name);
    if (predefined !== undefined) return predefined;
    const code = /^#x[0-9a-fA-F]{1,6}$/.test(name)
      ? Number.parseInt(name.slice(2), 16)
      : /^#\d{1,7}$/.test(name)
        ? Number(name.slice(1))
        : undefined;
    if (code !== undefined) {
      if (!isXmlCodePoint(code)) throw this.error(`"&${name};" refers to a character XML does not allow`);
      return String.fromCodePoint(code);
    }
    throw this.error(
      name === ''
        ? 'a bare "&" (write it as &amp;)'
        : `"&${name.slice(0, 20)};" is not a predefined entity; Custody never expands defined entities`,
    );
  }

  private error(reason: string): FormatSyntaxError {
    return new FormatSyntaxError(this.line, reason);
  }
}

/** Index of the ">" closing the tag at the start of `buffer`, skipping quoted attribute values; -1 if none. */
function tagEnd(buffer: string, from: number): number {
  let quote = '';
  for (let at = from; at < buffer.length; at++) {
    const char = buffer[at];
    if (quote !== '') {
      if (char === quote) quote = '';
    } else if (char === '"' || char === "'") {
      quote = char;
    } else if (char === '>') {
      return at;
    } else if (char === '<') {
      return -2;
    }
  }
  return -1;
}

/** Only XML's white space: space, tab, carriage return, line feed. */
export function isXmlSpace(text: string): boolean {
  return /^[ \t\r\n]*$/.test(text);
}

function localName(name: string): string {
  return name.slice(name.indexOf(':') + 1);
}

/** Index just past `terminator`, searched from `from`; -1 while it has not arrived. */
function until(buffer: string, terminator: string, from: number): number {
  const at = buffer.indexOf(terminator, from);
  return at < 0 ? -1 : at + terminator.length;
}

function countLines(text: string, from: number, to: number): number {
  let lines = 0;
  for (let at = from; at < to; at++) if (text.charCodeAt(at) === 10) lines++;
  return lines;
}
