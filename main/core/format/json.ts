// Incremental JSON (RFC 8259) tokenizer and grammar check: text goes in a chunk at a time, events come out
// with the line each starts on. It never holds more than the token being read, so a 500 MB file streams,
// and it never evaluates anything.
import { FormatSyntaxError } from './syntax';

export type JsonScalar = string | number | boolean | null;

export type JsonEvent =
  | { kind: 'begin-object' | 'end-object' | 'begin-array' | 'end-array'; line: number }
  | { kind: 'key'; key: string; line: number }
  | { kind: 'scalar'; value: JsonScalar; line: number };

/** Longest string read; longer ones are refused rather than held. */
const MAX_TOKEN_CHARS = 8 * 1024 * 1024;
/** Deepest nesting read; VICS needs five levels. */
const MAX_DEPTH = 256;

const enum Expect {
  RootValue,
  RootDone,
  ObjectKeyOrEnd,
  ObjectKey,
  ObjectColon,
  ObjectValue,
  ObjectCommaOrEnd,
  ArrayValueOrEnd,
  ArrayValue,
  ArrayCommaOrEnd,
}

const enum Mode {
  Between,
  String,
  Number,
  Literal,
}

const EXPECTED: Record<Expect, string> = {
  [Expect.RootValue]: 'a JSON value',
  [Expect.RootDone]: 'nothing after the end of the JSON value',
  [Expect.ObjectKeyOrEnd]: 'a quoted property name or "}"',
  [Expect.ObjectKey]: 'a quoted property name',
  [Expect.ObjectColon]: '":"',
  [Expect.ObjectValue]: 'a value',
  [Expect.ObjectCommaOrEnd]: '"," or "}"',
  [Expect.ArrayValueOrEnd]: 'a value or "]"',
  [Expect.ArrayValue]: 'a value',
  [Expect.ArrayCommaOrEnd]: '"," or "]"',
};

const ESCAPES: ReadonlyMap<string, string> = new Map([
  ['"', '"'],
  ['\\', '\\'],
  ['/', '/'],
  ['b', '\b'],
  ['f', '\f'],
  ['n', '\n'],
  ['r', '\r'],
  ['t', '\t'],
]);

const NUMBER = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?$/;

export class JsonReader {
  private line = 1;
  private tokenLine = 1;
  private mode = Mode.Between;
  private expect = Expect.RootValue;
  /** Open containers, innermost last: true for an object. */
  private readonly stack: boolean[] = [];
  private stringIsKey = false;
  private parts: string[] = [];
  private tokenChars = 0;
  /** After a backslash in a string: the escape read so far ("" right after the backslash, "u12"...). */
  private escape: string | undefined;
  private scalarText = '';

  constructor(private readonly emit: (event: JsonEvent) => void) {}

  /** Reads the next chunk, emitting every event it completes. */
  push(text: string): void {
    let at = 0;
    const length = text.length;
    while (at < length) {
      switch (this.mode) {
        case Mode.String:
          at = this.readString(text, at);
          break;
        case Mode.Number:
        case Mode.Literal:
          at = this.readScalar(text, at);
          break;
        default:
          at = this.readBetween(text, at);
      }
    }
  }

  /** The input ended: completes a last number or literal, or throws if the JSON is unfinished. */
  end(): void {
    if (this.mode === Mode.Number || this.mode === Mode.Literal) this.finishScalar();
    if (this.mode === Mode.String) throw this.error('the file ends inside a string (is it truncated?)');
    if (this.expect !== Expect.RootDone) {
      throw this.error(
        this.expect === Expect.RootValue && this.stack.length === 0
          ? 'the file holds no JSON value'
          : `the file ends with ${this.stack.length} unclosed object(s) or array(s) (is it truncated?)`,
      );
    }
  }

  private readBetween(text: string, from: number): number {
    let at = from;
    while (at < text.length) {
      const char = text[at] as string;
      switch (char) {
        case '\n':
          this.line++;
          at++;
          continue;
        case ' ':
        case '\t':
        case '\r':
          at++;
          continue;
        case '{':
        case '[':
          this.expectValue(char);
          if (this.stack.length >= MAX_DEPTH)
            throw this.error(`the JSON nests deeper than ${MAX_DEPTH} levels`);
          this.stack.push(char === '{');
          this.expect = char === '{' ? Expect.ObjectKeyOrEnd : Expect.ArrayValueOrEnd;
          this.emit({ kind: char === '{' ? 'begin-object' : 'begin-array', line: this.line });
          at++;
          continue;
        case '}':
        case ']': {
          const closesObject = char === '}';
          const allowed = closesObject
            ? this.expect === Expect.ObjectKeyOrEnd || this.expect === Expect.ObjectCommaOrEnd
            : this.expect === Expect.ArrayValueOrEnd || this.expect === Expect.ArrayCommaOrEnd;
          if (!allowed) throw this.unexpected(char);
          this.stack.pop();
          this.emit({ kind: closesObject ? 'end-object' : 'end-array', line: this.line });
          this.afterValue();
          at++;
          continue;
        }
        case ':':
          if (this.expect !== Expect.ObjectColon) throw this.unexpected(char);
          this.expect = Expect.ObjectValue;
          at++;
          continue;
        case ',':
          if (this.expect === Expect.ObjectCommaOrEnd) this.expect = Expect.ObjectKey;
          else if (this.expect === Expect.ArrayCommaOrEnd) this.expect = Expect.ArrayValue;
          else throw this.unexpected(char);
          at++;
          continue;
        case '"':
          this.stringIsKey = this.expect === Expect.ObjectKeyOrEnd || this.expect === Expect.ObjectKey;
          if (!this.stringIsKey) this.expectValue(char);
          this.startToken(Mode.String);
          return at + 1;
        default:
          if (char === '-' || (char >= '0' && char <= '9')) {
            this.expectValue(char);
            this.startToken(Mode.Number);
            return at;
          }
          if (char >= 'a' && char <= 'z') {
            this.expectValue(char);
            this.startToken(Mode.Literal);
            return at;
          }
          throw this.unexpected(char);
      }
    }
    return at;
  }

  private readString(text: string, from: number): number {
    let at = from;
    while (at < text.length) {
      if (this.escape !== undefined) {
        at = this.readEscape(text, at);
        continue;
      }
      const start = at;
      let code = text.charCodeAt(at);
      while (code !== 34 && code !== 92 && code >= 32) {
        if (++at === text.length) break;
        code = text.charCodeAt(at);
      }
      if (at > start) this.addToToken(text.slice(start, at));
      if (at === text.length) return at;
      if (code === 34) {
        this.finishString();
        return at + 1;
      }
      if (code === 92) {
        this.escape = '';
        at++;
        continue;
      }
      throw this.error(
        code === 10 ? 'a string runs past the end of its line' : 'a string holds a raw control character',
      );
    }
    return at;
  }

  private readEscape(text: string, from: number): number {
    let at = from;
    let escape = this.escape ?? '';
    if (escape === '') {
      const char = text[at++] as string;
      if (char !== 'u') {
        const value = ESCAPES.get(char);
        if (value === undefined) throw this.error(`"\\${char}" is not a JSON escape`);
        this.addToToken(value);
        this.escape = undefined;
        return at;
      }
      escape = 'u';
    }
    while (escape.length < 5 && at < text.length) escape += text[at++];
    if (escape.length < 5) {
      this.escape = escape;
      return at;
    }
    const hex = escape.slice(1);
    if (!/^[0-9a-fA-F]{4}$/.test(hex)) throw this.error(`"\\u${hex}" is not a JSON escape`);
    this.addToToken(String.fromCharCode(Number.parseInt(hex, 16)));
    this.escape = undefined;
    return at;
  }

  private readScalar(text: string, from: number): number {
    let at = from;
    const number = this.mode === Mode.Number;
    while (at < text.length) {
      const char = text[at] as string;
      const part = number
        ? (char >= '0' && char <= '9') ||
          char === '.' ||
          char === 'e' ||
          char === 'E' ||
          char === '+' ||
          char === '-'
        : char >= 'a' && char <= 'z';
      if (!part) break;
      at++;
    }
    this.scalarText += text.slice(from, at);
    if (this.scalarText.length > 64)
      throw this.error(`"${this.scalarText.slice(0, 64)}..." is not a JSON value`);
    if (at < text.length) this.finishScalar();
    return at;
  }

  private finishScalar(): void {
    const text = this.scalarText;
    const isNumber = this.mode === Mode.Number;
    this.scalarText = '';
    this.mode = Mode.Between;
    let value: JsonScalar;
    if (isNumber && NUMBER.test(text)) value = Number(text);
    else if (text === 'true') value = true;
    else if (text === 'false') value = false;
    else if (text === 'null') value = null;
    else throw this.error(`"${text}" is not a JSON value`);
    this.emit({ kind: 'scalar', value, line: this.tokenLine });
    this.afterValue();
  }

  private finishString(): void {
    const value = this.parts.length === 1 ? (this.parts[0] as string) : this.parts.join('');
    this.parts = [];
    this.mode = Mode.Between;
    if (this.stringIsKey) {
      this.emit({ kind: 'key', key: value, line: this.tokenLine });
      this.expect = Expect.ObjectColon;
    } else {
      this.emit({ kind: 'scalar', value, line: this.tokenLine });
      this.afterValue();
    }
  }

  private startToken(mode: Mode): void {
    this.mode = mode;
    this.tokenLine = this.line;
    this.tokenChars = 0;
    this.parts = [];
    this.scalarText = '';
  }

  private addToToken(text: string): void {
    this.tokenChars += text.length;
    if (this.tokenChars > MAX_TOKEN_CHARS) {
      throw this.error(`a string is longer than ${MAX_TOKEN_CHARS} characters`);
    }
    this.parts.push(text);
  }

  private expectValue(char: string): void {
    const e = this.expect;
    if (
      e !== Expect.RootValue &&
      e !== Expect.ObjectValue &&
      e !== Expect.ArrayValueOrEnd &&
      e !== Expect.ArrayValue
    ) {
      throw this.unexpected(char);
    }
  }

  private afterValue(): void {
    const top = this.stack.at(-1);
    this.expect =
      top === undefined ? Expect.RootDone : top ? Expect.ObjectCommaOrEnd : Expect.ArrayCommaOrEnd;
  }

  private unexpected(char: string): FormatSyntaxError {
    const shown = char < ' ' ? `U+${char.charCodeAt(0).toString(16).padStart(4, '0')}` : `"${char}"`;
    return this.error(`found ${shown} where ${EXPECTED[this.expect]} was expected`);
  }

  private error(reason: string): FormatSyntaxError {
    return new FormatSyntaxError(this.mode === Mode.Between ? this.line : this.tokenLine, reason);
  }
}
