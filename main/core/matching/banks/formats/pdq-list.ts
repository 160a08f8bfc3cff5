// Plain PDQ lists: one 64-hex hash a line, optionally ",<quality>" and ",<label>" after it (as the reference
// pdq-photo-hasher prints "hash,quality,filename"), or whitespace and a label; "#" starts a comment line.
// A line it cannot read is reported with its number, never skipped in silence.
import type { BankInput, ImportItem } from '../entry';
import { parseHash, preview, sentence } from '../entry';
import { lineBatches, MAX_LINE_CHARS } from './text';

export async function* readPdqList(input: BankInput): AsyncGenerator<ImportItem> {
  for await (const batch of lineBatches(input)) {
    for (const { text, line, tooLong } of batch) {
      if (tooLong) {
        yield { problem: { line, message: `The line is longer than ${MAX_LINE_CHARS} characters.` } };
        continue;
      }
      const trimmed = text.trim();
      if (trimmed === '' || trimmed.startsWith('#')) continue;
      const hexEnd = trimmed.search(/[\s,]|$/);
      const hash = parseHash('pdq', trimmed.slice(0, hexEnd));
      if ('reason' in hash) {
        yield { problem: { line, message: sentence(hash.reason) } };
        continue;
      }
      const rest = trimmed.slice(hexEnd);
      if (!rest.startsWith(',')) {
        const label = rest.trim();
        yield {
          entry:
            label === ''
              ? { algorithm: 'pdq', value: hash.value, line }
              : { algorithm: 'pdq', value: hash.value, label, line },
        };
        continue;
      }
      const comma = rest.indexOf(',', 1);
      const qualityText = (comma < 0 ? rest.slice(1) : rest.slice(1, comma)).trim();
      const label = comma < 0 ? '' : rest.slice(comma + 1).trim();
      if (qualityText !== '' && !/^\d{1,3}$/.test(qualityText)) {
        yield {
          problem: {
            line,
            message: `The quality "${preview(qualityText)}" is not a whole number from 0 to 100.`,
          },
        };
        continue;
      }
      const quality = qualityText === '' ? undefined : Number(qualityText);
      if (quality !== undefined && quality > 100) {
        yield { problem: { line, message: `The quality ${quality} is above 100, the highest PDQ quality.` } };
        continue;
      }
      yield {
        entry: {
          algorithm: 'pdq',
          value: hash.value,
          line,
          ...(quality === undefined ? {} : { quality }),
          ...(label === '' ? {} : { label }),
        },
      };
    }
  }
}
