// Turns a list's chunks into text (UTF-8, or UTF-16 when a byte-order mark says so) and into numbered
// lines, a chunk at a time. It never holds more than one chunk and one line, however large the file.
import { TextDecoder } from 'node:util';
import type { BankInput } from '../entry';

/** A line longer than this is reported, and only its first characters are kept for the message. */
export const MAX_LINE_CHARS = 65_536;

export interface TextLine {
  /** The line without its line break (LF or CRLF). */
  text: string;
  /** 1-based. */
  line: number;
  /** The line was longer than MAX_LINE_CHARS; `text` holds its beginning only. */
  tooLong: boolean;
}

/** The input as text chunks, decoded as it streams; a leading byte-order mark is dropped. */
export async function* decodeText(input: BankInput): AsyncGenerator<string> {
  if (typeof input === 'string') {
    yield stripBom(input);
    return;
  }
  let decoder: TextDecoder | undefined;
  let head: Uint8Array | undefined;
  let first = true;
  for await (const chunk of input) {
    if (typeof chunk === 'string') {
      const pending = decoder ? decoder.decode() : head ? new TextDecoder().decode(head) : '';
      head = undefined;
      const text = pending + chunk;
      yield first ? stripBom(text) : text;
      first = false;
      continue;
    }
    let bytes = chunk;
    if (!decoder) {
      bytes = head ? concat(head, chunk) : chunk;
      if (bytes.length < 2) {
        head = bytes;
        continue;
      }
      decoder = new TextDecoder(encodingOf(bytes));
      head = undefined;
    }
    const text = decoder.decode(bytes, { stream: true });
    if (text !== '') {
      yield first ? stripBom(text) : text;
      first = false;
    }
  }
  const rest = decoder ? decoder.decode() : head ? new TextDecoder().decode(head) : '';
  if (rest !== '') yield first ? stripBom(rest) : rest;
}

/** Numbered lines, in batches of one decoded chunk each (a batch may be empty). */
export async function* lineBatches(input: BankInput): AsyncGenerator<TextLine[]> {
  let partial = '';
  let partialTooLong = false;
  let line = 1;
  for await (const text of decodeText(input)) {
    const batch: TextLine[] = [];
    let start = 0;
    for (;;) {
      const end = text.indexOf('\n', start);
      if (end < 0) break;
      const piece = text.slice(start, end);
      batch.push(
        finish(partial + piece, partialTooLong || partial.length + piece.length > MAX_LINE_CHARS, line),
      );
      partial = '';
      partialTooLong = false;
      line++;
      start = end + 1;
    }
    if (start < text.length && !partialTooLong) {
      partial += text.slice(start);
      if (partial.length > MAX_LINE_CHARS) {
        partial = partial.slice(0, MAX_LINE_CHARS);
        partialTooLong = true;
      }
    }
    yield batch;
  }
  if (partial !== '' || partialTooLong) yield [finish(partial, partialTooLong, line)];
}

function finish(raw: string, tooLong: boolean, line: number): TextLine {
  const text = tooLong ? raw.slice(0, MAX_LINE_CHARS) : raw.endsWith('\r') ? raw.slice(0, -1) : raw;
  return { text, line, tooLong };
}

function encodingOf(bytes: Uint8Array): string {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf-16le';
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf-16be';
  return 'utf-8';
}

function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a, 0);
  out.set(b, a.length);
  return out;
}
