// custody report validate: check CyberTipline XML files (<report> or <fileDetails>) against NCMEC's XSD and
// NCMEC's further rules, with no vault and no network. Prints one line per problem; changes nothing.
import { readFile, stat } from 'node:fs/promises';
import { MAX_XML_CHARS, validateCyberTipXml, type CyberTipValidation } from '../../core/cybertip';
import { parse, UsageError, type Io } from '../io';
import { listed } from './index';

const { usage } = listed('report');

/** A file's text, or why it cannot be validated (too large, not UTF-8). Unreadable files are bad usage. */
async function readXml(file: string): Promise<{ xml: string } | { refusal: string }> {
  const size = await stat(file).then(
    (s) => (s.isFile() ? s.size : undefined),
    () => undefined,
  );
  if (size === undefined) throw new UsageError(`Cannot read ${file}: no such file.\nusage: ${usage}`);
  // UTF-8 takes at most 3 bytes per UTF-16 code unit, so a larger file is over the limit whatever it holds.
  if (size > MAX_XML_CHARS * 3) {
    return { refusal: `The file has ${size} bytes; the limit is ${MAX_XML_CHARS} characters.` };
  }
  const bytes = await readFile(file).catch(() => {
    throw new UsageError(`Cannot read ${file}.\nusage: ${usage}`);
  });
  try {
    return { xml: new TextDecoder('utf-8', { fatal: true }).decode(bytes) };
  } catch {
    return { refusal: 'The file is not UTF-8 text; NCMEC receives reports as UTF-8.' };
  }
}

function errorLines(file: string, validation: CyberTipValidation): string[] {
  return validation.errors.map((error) => {
    const where = error.line === undefined ? file : `${file}:${error.line}`;
    // One problem per line, whatever the document put into names or messages.
    return `${where}: ${error.path}: ${error.message}`.replace(/\p{Cc}+/gu, ' ');
  });
}

/** Validates each FILE; exit 0 when every one is a valid report or fileDetails, 1 otherwise, 2 on bad usage. */
export async function runReportValidate(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parse(args, { json: { type: 'boolean' } }, usage);
  if (positionals.length === 0) throw new UsageError(`name at least one XML file.\nusage: ${usage}`);
  const inputs = await Promise.all(positionals.map(async (file) => ({ file, read: await readXml(file) })));
  const results: Array<{ file: string } & CyberTipValidation> = [];
  for (const { file, read } of inputs) {
    const validation: CyberTipValidation =
      'xml' in read
        ? await validateCyberTipXml(read.xml)
        : { kind: 'unknown', errors: [{ path: '/', message: read.refusal, source: 'parse' }] };
    results.push({ file, ...validation });
  }
  const ok = results.every((result) => result.errors.length === 0);
  if (values.json) {
    io.out(JSON.stringify({ ok, files: results.map((r) => ({ ...r, valid: r.errors.length === 0 })) }));
    return ok ? 0 : 1;
  }
  for (const result of results) {
    if (result.errors.length === 0) io.out(`ok: ${result.file} is a valid ${result.kind}`);
    else for (const line of errorLines(result.file, result)) io.err(line);
  }
  return ok ? 0 : 1;
}
