// NCMEC hash-sharing API v2 entry lists (<queryResult> with <images>/<videos> holding <image>/<video>
// entries: id, member, classification and <fingerprints> with <md5>, <sha1>, <pdq>...), saved as XML, one
// page or several pages one after another. Deletions (<deletedImage>...) are reported, never imported.
import type { BankEntry, BankInput, HashAlgorithm, ImportItem } from '../entry';
import { BankFileError, parseHash, preview } from '../entry';
import type { XmlEvent } from '../../../format';
import { FormatSyntaxError, XmlDoctypeError, XmlReader } from '../../../format';
import { decodeText } from './text';

/** Fingerprint elements Custody matches; others (pdna, tmk-pdqf, videntifier...) are read and left out. */
const FINGERPRINTS: ReadonlyMap<string, HashAlgorithm> = new Map([
  ['md5', 'md5'],
  ['sha1', 'sha1'],
  ['sha256', 'sha256'],
  ['pdq', 'pdq'],
]);

const ENTRY_PARENTS = new Set(['images', 'videos']);
const ENTRY_ELEMENTS = new Set(['image', 'video', 'deletedImage', 'deletedVideo']);
const ENTRY_FIELDS = new Set(['id', 'classification', 'timestamp', 'member']);

/** Longest field text kept; longer ones are reported. */
const MAX_FIELD_CHARS = 4096;

export async function* readNcmecXml(input: BankInput): AsyncGenerator<ImportItem> {
  const ncmec = new NcmecConsumer();
  const reader = new XmlReader((event) => ncmec.take(event), { pages: true });
  try {
    for await (const text of decodeText(input)) {
      reader.push(text);
      yield* ncmec.drain();
    }
    reader.end();
  } catch (error) {
    if (error instanceof XmlDoctypeError) {
      throw new BankFileError(
        `Line ${error.line}: the XML declares a DOCTYPE. Custody refuses DTDs and entity definitions in hash lists; remove the DOCTYPE and import again.`,
      );
    }
    if (!(error instanceof FormatSyntaxError)) throw error;
    yield* ncmec.drain();
    yield {
      problem: {
        line: error.line,
        fatal: true,
        message: `The XML is broken: ${error.reason}. Nothing after this was read.`,
      },
    };
    return;
  }
  yield* ncmec.drain();
  ncmec.finish();
}

interface Field {
  name: string;
  line: number;
  text: string;
}

interface Entry {
  element: string;
  line: number;
  depth: number;
  fields: Map<string, Field>;
  memberId: string | undefined;
  fingerprints: Field[];
}

class NcmecConsumer {
  private out: ImportItem[] = [];
  /** Local names of the open elements, innermost last. */
  private readonly path: string[] = [];
  private entry: Entry | undefined;
  private field: Field | undefined;
  private fieldTarget: 'entry' | 'fingerprint' = 'entry';
  private sawContainer = false;

  *drain(): Generator<ImportItem> {
    const out = this.out;
    this.out = [];
    yield* out;
  }

  finish(): void {
    if (!this.sawContainer) {
      throw new BankFileError(
        'The XML has no <images> or <videos> element, so it is not an NCMEC hash-sharing entry list.',
      );
    }
  }

  take(event: XmlEvent): void {
    if (event.kind === 'text') {
      if (this.field && this.field.text.length <= MAX_FIELD_CHARS) this.field.text += event.text;
      return;
    }
    if (event.kind === 'start') {
      this.start(event.name, event.attributes, event.line);
      this.path.push(event.name);
      return;
    }
    this.path.pop();
    const entry = this.entry;
    if (!entry) return;
    const depth = this.path.length;
    if (this.field && depth === entry.depth + (this.fieldTarget === 'entry' ? 1 : 2)) {
      if (this.fieldTarget === 'entry') entry.fields.set(this.field.name, this.field);
      else entry.fingerprints.push(this.field);
      this.field = undefined;
    }
    if (depth === entry.depth) {
      this.entry = undefined;
      this.out.push(...entryItems(entry));
    }
  }

  private start(name: string, attributes: Map<string, string>, line: number): void {
    const depth = this.path.length;
    const entry = this.entry;
    if (!entry) {
      if (ENTRY_PARENTS.has(name)) this.sawContainer = true;
      if (ENTRY_ELEMENTS.has(name) && ENTRY_PARENTS.has(this.path.at(-1) ?? '')) {
        this.entry = { element: name, line, depth, fields: new Map(), memberId: undefined, fingerprints: [] };
      }
      return;
    }
    if (depth === entry.depth + 1 && ENTRY_FIELDS.has(name)) {
      if (name === 'member') entry.memberId = attributes.get('id');
      this.field = { name, line, text: '' };
      this.fieldTarget = 'entry';
    } else if (depth === entry.depth + 2 && this.path.at(-1) === 'fingerprints') {
      this.field = { name: name.toLowerCase(), line, text: '' };
      this.fieldTarget = 'fingerprint';
    }
  }
}

/** One entry as one BankEntry per fingerprint Custody matches, or one problem. */
function entryItems(entry: Entry): ImportItem[] {
  const id = entry.fields.get('id')?.text.trim() ?? '';
  const named = id === '' ? `The NCMEC entry` : `NCMEC entry "${preview(id, 60)}"`;
  const tooLong = [...entry.fields.values(), ...entry.fingerprints].find(
    (f) => f.text.length > MAX_FIELD_CHARS,
  );
  if (tooLong) {
    return [
      {
        problem: {
          line: tooLong.line,
          message: `${named}: <${tooLong.name}> is longer than ${MAX_FIELD_CHARS} characters.`,
        },
      },
    ];
  }
  if (entry.element.startsWith('deleted')) {
    return [
      {
        problem: {
          line: entry.line,
          message: `${named} is a deletion (<${entry.element}>): nothing is imported for it. If the bank already holds this entry, import a list without it as a new version.`,
        },
      },
    ];
  }
  const hashes: Array<{ algorithm: HashAlgorithm; value: string; line: number }> = [];
  const reasons: string[] = [];
  let problemLine: number | undefined;
  for (const fingerprint of entry.fingerprints) {
    const algorithm = FINGERPRINTS.get(fingerprint.name);
    if (!algorithm) continue;
    const hash = parseHash(algorithm, fingerprint.text);
    if ('reason' in hash) {
      reasons.push(`<${fingerprint.name}>: ${hash.reason}`);
      problemLine ??= fingerprint.line;
    } else {
      hashes.push({ algorithm, value: hash.value, line: fingerprint.line });
    }
  }
  if (reasons.length > 0)
    return [{ problem: { line: problemLine ?? entry.line, message: `${named}: ${reasons.join('; ')}.` } }];
  if (hashes.length === 0) {
    const found = entry.fingerprints.map((f) => `<${f.name}>`).join(', ');
    return [
      {
        problem: {
          line: entry.line,
          message: `${named} has no MD5, SHA-1 or PDQ fingerprint${found === '' ? '' : ` (only ${found})`}.`,
        },
      },
    ];
  }
  const extra: Record<string, string | number | boolean> = { mediaType: entry.element };
  if (entry.memberId !== undefined)
    extra.memberId = /^\d{1,15}$/.test(entry.memberId) ? Number(entry.memberId) : entry.memberId;
  const member = entry.fields.get('member')?.text.trim();
  if (member) extra.member = member;
  const timestamp = entry.fields.get('timestamp')?.text.trim();
  if (timestamp) extra.timestamp = timestamp;
  const classification = entry.fields.get('classification')?.text.trim();
  return hashes.map(({ algorithm, value, line }) => {
    const result: BankEntry = { algorithm, value, line, extra: { ...extra } };
    if (id !== '') result.label = id;
    if (classification) result.category = classification;
    return { entry: result };
  });
}
