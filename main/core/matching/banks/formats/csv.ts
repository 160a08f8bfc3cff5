// One CSV record per line, as RFC 4180 quotes it ("a ""quoted"" field"), for the CSV hash lists. A record
// never spans lines here: no hash list puts a line break in a field, and an unterminated quote must cost one
// line, not swallow the rest of the file.

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
