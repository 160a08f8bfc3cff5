// Reading a hash-list file as a stream of entries and problems: the format is given or detected from the
// first KB, then the file is read once, a chunk at a time. It never writes anything and never holds the file.
import { createReadStream } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import { open } from 'node:fs/promises';
import { basename } from 'node:path';
import { CustodyError, InvalidInputError, NotFoundError } from '../../errors';
import type { FormatName } from './detect';
import { DETECT_BYTES, detectFormat } from './detect';
import { BankFileError, type BankInput, type ImportItem } from './entry';
import { readChecksumList } from './formats/checksum';
import { readHashdeep } from './formats/hashdeep';
import { readIcseCsv } from './formats/icse';
import { readNcmecXml } from './formats/ncmec';
import { readNsrl } from './formats/nsrl';
import { readNsrlRds3 } from './formats/nsrl-rds3';
import { readPdqList } from './formats/pdq-list';
import { decodeText } from './formats/text';
import { readVicsJson } from './formats/vics';
import { readVpdqList } from './formats/vpdq-list';

export { detectFormat, formatNamed, formats, UnrecognisedBankFormatError } from './detect';
export type { FormatInfo, FormatName } from './detect';
export { BankFileError } from './entry';
export type {
  BankEntry,
  BankInput,
  BankVideo,
  BankVideoFrame,
  HashAlgorithm,
  ImportItem,
  ImportProblem,
} from './entry';

/** Bytes read from the file at a time. */
const CHUNK_BYTES = 64 * 1024;

/** Entries and problems of a list in `format`, in file order. */
export function readBank(input: BankInput, format: FormatName): AsyncGenerator<ImportItem> {
  switch (format) {
    case 'md5sum':
      return readChecksumList(input, 'md5');
    case 'sha1sum':
      return readChecksumList(input, 'sha1');
    case 'sha256sum':
      return readChecksumList(input, 'sha256');
    case 'pdq':
      return readPdqList(input);
    case 'hashdeep':
      return readHashdeep(input);
    case 'nsrl':
      return readNsrl(input);
    case 'icse':
      return readIcseCsv(input);
    case 'vics':
      return readVicsJson(input);
    case 'ncmec':
      return readNcmecXml(input);
    case 'vpdq':
      return readVpdqList(input);
    case 'nsrl-rds3':
      throw new BankFileError(
        'An NSRL RDS v3 database is an SQLite file, read from its path: import the file itself.',
      );
  }
}

/**
 * Entries and problems of the list at `path`, read as a stream. Without `format`, the format is detected
 * from the first KB (UnrecognisedBankFormatError when it cannot be told).
 */
export async function* readBankFile(
  path: string,
  options: { format?: FormatName } = {},
): AsyncGenerator<ImportItem> {
  const head = await readHead(path);
  const format = options.format ?? detectFormat(head, basename(path));
  if (format === 'nsrl-rds3') {
    yield* readNsrlRds3(path);
    return;
  }
  const stream = createReadStream(path, { highWaterMark: CHUNK_BYTES });
  try {
    yield* readBank(stream as AsyncIterable<Uint8Array>, format);
  } catch (error) {
    throw error instanceof CustodyError ? error : fileError(path, error);
  } finally {
    stream.destroy();
  }
}

/** The format `readBankFile` would read `path` as. */
export async function detectFileFormat(path: string): Promise<FormatName> {
  return detectFormat(await readHead(path), basename(path));
}

/** The first DETECT_BYTES of the file as text. */
async function readHead(path: string): Promise<string> {
  let handle: FileHandle;
  try {
    handle = await open(path, 'r');
  } catch (error) {
    throw fileError(path, error);
  }
  try {
    const bytes = new Uint8Array(DETECT_BYTES);
    const { bytesRead } = await handle.read(bytes, 0, DETECT_BYTES, 0).catch((error: unknown) => {
      throw fileError(path, error);
    });
    let text = '';
    for await (const chunk of decodeText([bytes.subarray(0, bytesRead)])) text += chunk;
    return text;
  } finally {
    await handle.close();
  }
}

function fileError(path: string, error: unknown): Error {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ENOENT') return new NotFoundError(`There is no file at ${path}. Check the path.`);
  if (code === 'EISDIR')
    return new InvalidInputError(`${path} is a folder; give the hash-list file inside it.`);
  if (code === 'EACCES' || code === 'EPERM')
    return new InvalidInputError(`Custody may not read ${path}. Check its permissions.`);
  return new InvalidInputError(`Custody could not read ${path} (${code ?? 'unknown error'}).`);
}
