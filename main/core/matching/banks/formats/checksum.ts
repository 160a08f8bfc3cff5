// md5sum / sha1sum / sha256sum lists as GNU coreutils writes them: "<hex>  <name>", "<hex> *<name>"
// (binary mode), "MD5 (<name>) = <hex>" (--tag, BSD style), with a leading "\" when the name is escaped.
// One algorithm per list; a line of another algorithm or length is reported, never guessed at.
import type { BankInput, ImportItem } from '../entry';
import { ALGORITHM_LABEL, parseHash, preview, sentence } from '../entry';
import { lineBatches, MAX_LINE_CHARS } from './text';

export type ChecksumAlgorithm = 'md5' | 'sha1' | 'sha256';

/** BSD tag names, upper case without dashes, as coreutils --tag and BSD md5(1)/sha256(1) print them. */
const TAGS: ReadonlyMap<string, ChecksumAlgorithm> = new Map([
  ['MD5', 'md5'],
  ['SHA1', 'sha1'],
  ['SHA256', 'sha256'],
]);

const TAGGED = /^([A-Za-z0-9-]+) \((.*)\) = (\S*)$/;

export async function* readChecksumList(
  input: BankInput,
  algorithm: ChecksumAlgorithm,
): AsyncGenerator<ImportItem> {
  for await (const batch of lineBatches(input)) {
    for (const { text, line, tooLong } of batch) {
      if (tooLong) {
        yield { problem: { line, message: `The line is longer than ${MAX_LINE_CHARS} characters.` } };
        continue;
      }
      const trimmed = text.trim();
      if (trimmed === '' || trimmed.startsWith('#')) continue;
      const parsed = parseLine(text, algorithm);
      if ('reason' in parsed) {
        yield { problem: { line, message: sentence(parsed.reason) } };
        continue;
      }
      const hash = parseHash(algorithm, parsed.hex);
      if ('reason' in hash) {
        yield { problem: { line, message: sentence(hash.reason) } };
        continue;
      }
      yield {
        entry: parsed.name
          ? { algorithm, value: hash.value, label: parsed.name, line }
          : { algorithm, value: hash.value, line },
      };
    }
  }
}

function parseLine(
  text: string,
  algorithm: ChecksumAlgorithm,
): { hex: string; name?: string } | { reason: string } {
  const escaped = text.startsWith('\\');
  const body = escaped ? text.slice(1) : text;
  const tagged = TAGGED.exec(body);
  if (tagged) {
    const tag = (tagged[1] ?? '').toUpperCase().replace(/-/g, '');
    const tagAlgorithm = TAGS.get(tag);
    if (tagAlgorithm !== algorithm) {
      return {
        reason: `The line is tagged ${preview(tagged[1] ?? '', 20)}, but this list holds ${ALGORITHM_LABEL[algorithm]} hashes`,
      };
    }
    return withName(tagged[3] ?? '', tagged[2] ?? '', escaped);
  }
  const hexEnd = body.search(/\s|$/);
  const hex = body.slice(0, hexEnd);
  const rest = body.slice(hexEnd);
  if (rest === '') return { hex };
  // GNU: one space, then the mode character (" " text, "*" binary), then the name verbatim.
  if (rest.startsWith('  ') || rest.startsWith(' *')) return withName(hex, rest.slice(2), escaped);
  return withName(hex, rest.trimStart(), escaped);
}

function withName(
  hex: string,
  name: string,
  escaped: boolean,
): { hex: string; name?: string } | { reason: string } {
  if (!escaped) return name === '' ? { hex } : { hex, name };
  const unescaped = unescapeName(name);
  if (unescaped === undefined) {
    return { reason: `The escaped name "${preview(name)}" has a backslash that is not \\\\, \\n or \\r` };
  }
  return unescaped === '' ? { hex } : { hex, name: unescaped };
}

/** Undoes coreutils name escaping: \\ is a backslash, \n a line feed, \r a carriage return. */
function unescapeName(name: string): string | undefined {
  let out = '';
  for (let at = 0; at < name.length; at++) {
    const char = name[at];
    if (char !== '\\') {
      out += char;
      continue;
    }
    const next = name[++at];
    if (next === '\\') out += '\\';
    else if (next === 'n') out += '\n';
    else if (next === 'r') out += '\r';
    else return undefined;
  }
  return out;
}
