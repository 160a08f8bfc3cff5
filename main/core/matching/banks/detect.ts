// Which hash-list format a file is, from its first few KB (the file name only breaks a tie), and the list of
// supported formats with one line each. It reads nothing itself and never guesses between two formats that
// fit equally: it says so, and names them.
import { InvalidInputError } from '../../errors';
import { BankFileError } from './entry';
import { splitCsvLine, sniffDelimiter } from './formats/csv';
import { icseHashColumns } from './formats/icse';
import { isVpdqLine } from './formats/vpdq-list';

export type FormatName =
  | 'md5sum'
  | 'sha1sum'
  | 'sha256sum'
  | 'pdq'
  | 'hashdeep'
  | 'nsrl'
  | 'icse'
  | 'vics'
  | 'ncmec'
  | 'nsrl-rds3'
  | 'vpdq';

export interface FormatInfo {
  name: FormatName;
  description: string;
}

export const formats: readonly FormatInfo[] = [
  {
    name: 'md5sum',
    description: 'md5sum output: "<md5>  <name>", "<md5> *<name>" or "MD5 (<name>) = <md5>"',
  },
  { name: 'sha1sum', description: 'sha1sum output, in the same three layouts' },
  { name: 'sha256sum', description: 'sha256sum output, in the same three layouts' },
  {
    name: 'pdq',
    description: 'plain PDQ list: one 64-hex hash a line, optional ",quality,label" or " label"',
  },
  {
    name: 'hashdeep',
    description: 'hashdeep file: "%%%% HASHDEEP-1.0" and "%%%% size,md5,...,filename" headers',
  },
  {
    name: 'nsrl',
    description: 'NSRL RDS legacy NSRLFile.txt: "SHA-1","MD5","CRC32","FileName",... quoted CSV',
  },
  {
    name: 'icse',
    description: 'Interpol ICSE CSV export: a header naming MD5, SHA1, SHA256 and/or PDQ columns',
  },
  { name: 'vics', description: 'Project VIC VICS JSON 1.x or 2.0 (#Cases or #Media), read as a stream' },
  { name: 'ncmec', description: 'NCMEC hash-sharing API v2 entries XML (<queryResult>, one or more pages)' },
  {
    name: 'nsrl-rds3',
    description: 'NSRL RDS v3 SQLite database (RDS_*.db): its FILE view, sha256/sha1/md5 per file',
  },
  {
    name: 'vpdq',
    description:
      'vPDQ video list: "video,<category>,<label>" then "frameNumber,quality,pdqHex[,timestampSeconds]" a frame',
  },
];

/** Bytes of a file that detection looks at. */
export const DETECT_BYTES = 8192;

/** The format is not one Custody reads, or the first KB fit two formats equally. */
export class UnrecognisedBankFormatError extends InvalidInputError {
  constructor(why: string) {
    super(
      `${why} Supported formats: ${formats.map((f) => f.name).join(', ')}. Choose one with --format if the file is one of them.`,
    );
  }
}

/** The format name a person typed, or a typed error listing the names. */
export function formatNamed(name: string): FormatName {
  const found = formats.find((f) => f.name === name.trim().toLowerCase());
  if (!found) throw new UnrecognisedBankFormatError(`"${name}" is not a hash-list format Custody knows.`);
  return found.name;
}

/** The format of a list from its first few KB of text; `fileName` only settles a tie. */
export function detectFormat(head: string, fileName = ''): FormatName {
  const text = head.replace(/^\uFEFF/, '').trimStart();
  if (text === '') throw new BankFileError('The file is empty: there is no hash list to import.');
  if (text.startsWith('SQLite format 3')) return 'nsrl-rds3';
  if (text.startsWith('<')) {
    if (/<(?:[\w.-]+:)?(?:queryResult|images|videos)[\s>/]/.test(text) || /hashsharing/i.test(text))
      return 'ncmec';
    throw new UnrecognisedBankFormatError('The file is XML, but not an NCMEC hash-sharing entry list.');
  }
  if (text.startsWith('{') || text.startsWith('[')) {
    if (/"(?:odata\.metadata|@odata\.context|value|Media)"\s*:/.test(text)) return 'vics';
    throw new UnrecognisedBankFormatError('The file is JSON, but not Project VIC (VICS) JSON.');
  }
  const lines = text
    .split('\n')
    .map((line) => line.replace(/\r$/, ''))
    .filter((line) => line.trim() !== '');
  const first = lines[0] ?? '';
  if (first.startsWith('%%%%')) return 'hashdeep';
  const data = lines.filter((line) => !line.trimStart().startsWith('#')).slice(0, 20);
  // A vPDQ list starts with a video header or a frame line, and most of its first lines are such lines.
  const vpdqLines = data.filter(isVpdqLine).length;
  if (data[0] !== undefined && isVpdqLine(data[0]) && vpdqLines * 2 >= data.length) return 'vpdq';
  const header = data[0] ?? '';
  const fromHeader = kindOfLine(header) ? undefined : formatOfHeader(header);
  const format = fromHeader ?? formatOfDataLines(data, fileName);
  if (format) return format;
  throw new UnrecognisedBankFormatError('Custody cannot tell which hash-list format this file is.');
}

/** NSRL or ICSE, when `line` is a CSV header naming their columns. */
function formatOfHeader(line: string): FormatName | undefined {
  const split = splitCsvLine(line, sniffDelimiter(line));
  if (!('fields' in split)) return undefined;
  const names = split.fields.map((field) => field.toUpperCase());
  if (names.includes('SHA-1') && names.includes('MD5') && names.includes('FILENAME')) return 'nsrl';
  return icseHashColumns(split.fields).length > 0 ? 'icse' : undefined;
}

type LineKind = 'md5' | 'sha1' | 'sha256' | 'pdq' | 'hex64';

/**
 * The checksum or PDQ format the first data lines agree on, when at least half of them are such lines (the
 * rest may be damaged rows, reported on import); undefined otherwise.
 */
function formatOfDataLines(lines: string[], fileName: string): FormatName | undefined {
  const known = lines.flatMap((line) => kindOfLine(line) ?? []);
  if (known.length === 0 || known.length * 2 < lines.length) return undefined;
  const kinds = new Set(known);
  const definite = [...kinds].filter((kind) => kind !== 'hex64');
  if (definite.length > 1) {
    throw new UnrecognisedBankFormatError(
      `The first lines mix ${definite.join(' and ')} hashes; a list holds one algorithm.`,
    );
  }
  const kind = definite[0] ?? (kinds.has('hex64') ? 'hex64' : undefined);
  if (kind === 'md5') return 'md5sum';
  if (kind === 'sha1') return 'sha1sum';
  if (kind === 'sha256') return 'sha256sum';
  if (kind === 'pdq') return 'pdq';
  if (kind === undefined) return undefined;
  const name = fileName.toLowerCase();
  if (/pdq/.test(name)) return 'pdq';
  if (/sha-?256|sha2/.test(name)) return 'sha256sum';
  throw new UnrecognisedBankFormatError(
    'Its lines are 64-hex hashes, which fit both a plain PDQ list (pdq) and a sha256sum list (sha256sum).',
  );
}

const HEX_LENGTH_KIND: Readonly<Record<number, LineKind>> = { 32: 'md5', 40: 'sha1', 64: 'hex64' };

function kindOfLine(line: string): LineKind | undefined {
  const body = line.startsWith('\\') ? line.slice(1) : line;
  const tagged = /^(MD5|SHA-?1|SHA-?256) \(.*\) = [0-9a-fA-F]+$/i.exec(body);
  if (tagged) {
    const tag = (tagged[1] ?? '').toUpperCase().replace('-', '');
    return tag === 'MD5' ? 'md5' : tag === 'SHA1' ? 'sha1' : 'sha256';
  }
  const match = /^([0-9a-fA-F]+)(,|\s\*|\s|$)/.exec(body.trim());
  if (!match) return undefined;
  const kind = HEX_LENGTH_KIND[(match[1] ?? '').length];
  if (!kind) return undefined;
  if (match[2] === ',') return kind === 'hex64' ? 'pdq' : undefined;
  if (kind === 'hex64' && match[2] === ' *') return 'sha256';
  return kind;
}
