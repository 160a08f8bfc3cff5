// A small, strict, streaming XML reader for hash-sharing files: elements, attributes, text, CDATA, comments
// and the five predefined entities. It refuses any DOCTYPE (so no entity can be defined or expanded), never
// fetches anything, and holds at most one tag or one text node, however large the file.
import { BankFileError } from '../entry';

export type XmlEvent =
  | { kind: 'start'; name: string; attributes: Map<string, string>; line: number }
  | { kind: 'end'; name: string; line: number }
  | { kind: 'text'; text: string; line: number };

/** The text is not well-formed XML from `line` on; nothing after it can be read. */
export class XmlSyntaxError extends BankFileError {
  constructor(
    readonly line: number,
    readonly reason: string,
  ) {
    super(`Line ${line}: ${reason}`);
  }
}

/** Longest tag, comment or text node held; hash-sharing files have none longer than a few hundred. */
const MAX_MARKUP_CHARS = 1024 * 1024;

const NAME = /^[A-Za-z_:\u00c0-\uffff][\w.:\-\u00b7\u00c0-\uffff]*$/;
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
  private line = 1;
  /** Open elements, qualified names, innermost last. */
  private readonly open: string[] = [];
  private sawElement = false;
  /** The root element's name: pages of one export may follow each other, each a <queryResult>. */
  private lastRoot = '';

  constructor(private readonly emit: (event: XmlEvent) => void) {}

  push(text: string): void {
    const buffer = this.buffer + text;
    let at = 0;
    for (;;) {
      if (at === buffer.length) break;
      const end = buffer.startsWith('<', at) ? this.markup(buffer, at) : this.text(buffer, at);
      if (end < 0) break;
      this.line += countLines(buffer, at, end);
      at = end;
    }
    this.buffer = buffer.slice(at);
    if (this.buffer.length > MAX_MARKUP_CHARS) {
      throw this.error(`a tag, comment or text is longer than ${MAX_MARKUP_CHARS} characters`);
    }
  }

  /** The input ended: throws if an element is still open or nothing was read. */
  end(): void {
    if (this.buffer.trim() !== '') {
      throw this.error(
        this.open.length > 0 || this.buffer.startsWith('<')
          ? 'the file ends in the middle of the XML (is it truncated?)'
          : 'text after the last element',
      );
    }
    const inner = this.open.at(-1);
    if (inner !== undefined) throw this.error(`the file ends inside <${inner}> (is it truncated?)`);
    if (!this.sawElement) throw this.error('the file holds no XML element');
  }

  /** Text from `at` up to the next "<": the index of that "<", or -1 while it has not arrived. */
  private text(buffer: string, at: number): number {
    const end = buffer.indexOf('<', at);
    if (end < 0) return -1;
    const raw = buffer.slice(at, end);
    if (this.open.length === 0) {
      if (raw.trim() !== '') throw this.error('text outside the root element');
    } else {
      this.emit({ kind: 'text', text: this.decode(raw), line: this.line });
    }
    return end;
  }

  /** The construct starting with "<" at `at`: the index just past it, or -1 while its end has not arrived. */
  private markup(buffer: string, at: number): number {
    if (buffer.startsWith('<!--', at)) return until(buffer, '-->', at + 4);
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
      if (head === '<!DOCTYPE') {
        throw new BankFileError(
          `Line ${this.line}: the XML declares a DOCTYPE. Custody refuses DTDs and entity definitions in hash lists; remove the DOCTYPE and import again.`,
        );
      }
      throw this.error('"<!" starts neither a comment nor CDATA');
    }
    if (buffer.startsWith('<?', at)) {
      const end = until(buffer, '?>', at + 2);
      if (end > 0 && /^<\?xml[\s?]/i.test(buffer.slice(at, at + 6)) && this.open.length > 0) {
        throw this.error('an XML declaration inside an element');
      }
      return end;
    }
    const end = tagEnd(buffer, at + 1);
    if (end === -2) throw this.error('a "<" inside a tag');
    if (end < 0) return -1;
    this.tag(buffer.slice(at + 1, end));
    return end + 1;
  }

  /** One tag's text between "<" and ">". */
  private tag(body: string): void {
    if (body.startsWith('/')) {
      const name = body.slice(1).trim();
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
    if (this.open.length === 0 && this.sawElement && name !== this.lastRoot) {
      throw this.error(`a second root element <${name.slice(0, 40)}> after <${this.lastRoot}>`);
    }
    const attributes = this.attributes(inner.slice(nameEnd));
    if (this.open.length === 0) this.lastRoot = name;
    this.sawElement = true;
    this.emit({ kind: 'start', name: localName(name), attributes, line: this.line });
    if (selfClosing) this.emit({ kind: 'end', name: localName(name), line: this.line });
    else this.open.push(name);
  }

  private attributes(text: string): Map<string, string> {
    const attributes = new Map<string, string>();
    const pattern = /\s*([^\s=]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/y;
    let at = 0;
    while (at < text.length) {
      if (text.slice(at).trim() === '') break;
      pattern.lastIndex = at;
      const match = pattern.exec(text);
      if (!match) throw this.error(`the attributes "${text.trim().slice(0, 60)}" are not name="value" pairs`);
      const raw = match[2] ?? match[3] ?? '';
      if (raw.includes('<')) throw this.error('an attribute value holds "<"');
      attributes.set(localName(match[1] ?? ''), this.decode(raw));
      at = pattern.lastIndex;
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
    if (code === undefined || code === 0 || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) {
      throw this.error(
        name === ''
          ? 'a bare "&" (write it as &amp;)'
          : `"&${name.slice(0, 20)};" is not a predefined entity; Custody never expands defined entities`,
      );
    }
    return String.fromCodePoint(code);
  }

  private error(reason: string): XmlSyntaxError {
    return new XmlSyntaxError(this.line, reason);
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
