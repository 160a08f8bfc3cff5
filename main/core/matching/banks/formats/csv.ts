// One CSV record per line, as RFC 4180 quotes it ("a ""quoted"" field"), for the CSV hash lists. A record
// never spans lines here: no hash list puts a line break in a field, and an unterminated quote must cost one
// line, not swallow the rest of the file.
import type { BankInput, ImportItem } from '../entry';
import { lineBatches, MAX_LINE_CHARS } from './text';

/** The fields of one line, or why it is not a CSV record. */
export function splitCsvLine(text: string, delimiter: string): { fields: string[] } | { reason: string } {
  const fields: string[] = [];
  let at = 0;
  for (;;) {
    const open = skipSpaces(text, at);
    if (text[open] === '"') {
      at = open;
      let value = '';
      let from = at + 1;
      for (;;) {
        const quote = text.indexOf('"', from);
        if (quote < 0) return { reason: `field ${fields.length + 1} opens a quote that is never closed` };
        value += text.slice(from, quote);
        if (text[quote + 1] === '"') {
          value += '"';
          from = quote + 2;
          continue;
        }
        at = skipSpaces(text, quote + 1);
        break;
      }
      fields.push(value);
      if (at === text.length) return { fields };
      if (text[at] !== delimiter) {
        return { reason: `field ${fields.length} has text after its closing quote` };
      }
      at++;
      continue;
    }
    const end = text.indexOf(delimiter, at);
    const value = end < 0 ? text.slice(at) : text.slice(at, end);
    if (value.includes('"')) {
      return { reason: `field ${fields.length + 1} has a quote inside an unquoted value` };
    }
    fields.push(value.trim());
    if (end < 0) return { fields };
    at = end + 1;
  }
}

/**
 * The delimiter of a header line: the one of comma, semicolon and tab that splits it into the most fields
 * (spreadsheets in many locales save CSV with semicolons).
 */
export function sniffDelimiter(header: string): string {
  let best = ',';
  let bestCount = 0;
  for (const candidate of [',', ';', '\t']) {
    const count = header.split(candidate).length - 1;
    if (count > bestCount) {
      best = candidate;
      bestCount = count;
    }
  }
  return best;
}

function skipSpaces(text: string, from: number): number {
  let at = from;
  while (text[at] === ' ') at++;
  return at;
}

/**
 * Reads a CSV list whose first non-blank line is a header: `parseHeader` learns the columns (or throws),
 * then `parseRow` turns each later line into entries and problems. Over-long lines are problems.
 */
export async function* readHeaderedCsv<Columns>(
  input: BankInput,
  parseHeader: (text: string, line: number) => Columns,
  parseRow: (text: string, line: number, columns: Columns) => ImportItem[],
): AsyncGenerator<ImportItem> {
  let columns: Columns | undefined;
  for await (const batch of lineBatches(input)) {
    for (const { text, line, tooLong } of batch) {
      if (tooLong) {
        yield { problem: { line, message: `The line is longer than ${MAX_LINE_CHARS} characters.` } };
        continue;
      }
      if (text.trim() === '') continue;
      if (columns === undefined) {
        columns = parseHeader(text, line);
        continue;
      }
      yield* parseRow(text, line, columns);
    }
  }
}
