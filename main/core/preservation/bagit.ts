// BagIt (RFC 8493, and the 0.97 draft the LoC conformance suite also covers): the lines Custody writes into
// a bag's manifests and bag-info.txt, and a validator that reads any bag and names the first file that
// breaks it. The validator streams every file through its hashes; it never follows a path out of the bag.
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { lstat, readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { TamperDetectedError } from '../errors';

/** Manifest algorithms a validator accepts, by the name in `manifest-NAME.txt`. */
const ALGORITHMS = ['md5', 'sha1', 'sha224', 'sha256', 'sha384', 'sha512'] as const;
type Algorithm = (typeof ALGORITHMS)[number];

/** A bag that is not valid: `file` is the first file at fault, relative to the bag. */
export class BagInvalidError extends TamperDetectedError {
  constructor(
    readonly file: string,
    detail: string,
  ) {
    super(`${file}: ${detail}`);
  }
}

/** A path as a manifest line carries it: CR, LF and % percent-encoded (RFC 8493 section 2.1.3). */
export function encodeManifestPath(path: string): string {
  return path.replace(/%/g, '%25').replace(/\n/g, '%0A').replace(/\r/g, '%0D');
}

/** One manifest line: the checksum, two spaces (so sha512sum -c reads it too), the encoded path. */
export function manifestLine(checksum: string, path: string): string {
  return `${checksum}  ${encodeManifestPath(path)}\n`;
}

/** bag-info.txt from labelled values, in the order given; a value's line breaks become folded lines. */
export function bagInfoText(fields: ReadonlyArray<[string, string]>): string {
  return fields.map(([label, value]) => `${label}: ${value.replace(/\r?\n/g, '\n  ')}\n`).join('');
}

export const BAGIT_TXT = 'BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n';

export interface BagReport {
  version: string;
  algorithms: string[];
  payloadFiles: number;
  payloadBytes: number;
  tagFiles: string[];
  info: Array<[string, string]>;
}

/** Validates the bag at `dir` completely; throws BagInvalidError naming the first bad file. */
export async function validateBag(dir: string): Promise<BagReport> {
  const declaration = await readTagBytes(dir, 'bagit.txt');
  const { version, encoding } = readDeclaration(declaration);
  const strict = version !== '0.97' && version !== '0.96' && version !== '0.95';
  const names = await readdir(dir);
  if (!names.includes('data') || !(await lstat(join(dir, 'data'))).isDirectory())
    throw new BagInvalidError('data/', 'the bag has no payload directory');
  const payloadManifests = manifestNames(names, 'manifest-');
  if (payloadManifests.length === 0)
    throw new BagInvalidError('manifest-*.txt', 'the bag has no payload manifest');
  const tagManifests = manifestNames(names, 'tagmanifest-');

  const fetched = names.includes('fetch.txt')
    ? readFetch(decode(await readTagBytes(dir, 'fetch.txt'), encoding, 'fetch.txt'))
    : new Set<string>();
  const info = names.includes('bag-info.txt')
    ? readInfo(decode(await readTagBytes(dir, 'bag-info.txt'), encoding, 'bag-info.txt'))
    : [];

  // Tag files first: the tag manifest covers the payload manifests, so a changed manifest is named as such.
  const tagFiles: string[] = [];
  for (const [algorithm, file] of tagManifests) {
    const entries = readManifest(
      decode(await readTagBytes(dir, file), encoding, file),
      file,
      strict,
      (path) => !path.startsWith('data/') && !path.startsWith('tagmanifest-'),
    );
    for (const [path, checksum] of entries) {
      if (!(await isFile(dir, path))) throw new BagInvalidError(path, `is listed in ${file} but missing`);
      await checkFile(dir, path, new Map([[algorithm, checksum]]), file);
      if (!tagFiles.includes(path)) tagFiles.push(path);
    }
  }

  const payload = await listPayload(dir);
  const expected = new Map<string, Map<Algorithm, string>>();
  for (const [algorithm, file] of payloadManifests) {
    const entries = readManifest(
      decode(await readTagBytes(dir, file), encoding, file),
      file,
      strict,
      (path) => path.startsWith('data/'),
    );
    for (const path of payload.keys())
      if (!entries.has(path) && !fetched.has(path))
        throw new BagInvalidError(path, `is in the payload but not listed in ${file}`);
    for (const [path, checksum] of entries) {
      if (!payload.has(path) && !fetched.has(path))
        throw new BagInvalidError(path, `is listed in ${file} but missing from the bag`);
      const checks = expected.get(path) ?? new Map<Algorithm, string>();
      checks.set(algorithm, checksum);
      expected.set(path, checks);
    }
  }
  for (const [path, checks] of expected) {
    const file = payload.get(path);
    if (file) await checkFile(dir, file.onDisk, checks, 'its manifest');
  }

  let payloadBytes = 0;
  for (const { size } of payload.values()) payloadBytes += size;
  const oxum = info.find(([label]) => label.toLowerCase() === 'payload-oxum')?.[1];
  if (oxum !== undefined && fetched.size === 0) {
    const match = /^(\d+)\.(\d+)$/.exec(oxum.trim());
    if (!match) throw new BagInvalidError('bag-info.txt', `Payload-Oxum "${oxum}" is not OCTETS.COUNT`);
    if (Number(match[1]) !== payloadBytes || Number(match[2]) !== payload.size)
      throw new BagInvalidError(
        'bag-info.txt',
        `Payload-Oxum says ${oxum}, the payload is ${payloadBytes}.${payload.size}`,
      );
  }
  return {
    version,
    algorithms: payloadManifests.map(([a]) => a),
    payloadFiles: payload.size,
    payloadBytes,
    tagFiles,
    info,
  };
}

function readDeclaration(bytes: Buffer): { version: string; encoding: string } {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf)
    throw new BagInvalidError('bagit.txt', 'starts with a byte-order mark, which BagIt forbids');
  const lines = bytes.toString('utf8').split(/\r\n|\n|\r/);
  if (lines.at(-1) === '') lines.pop();
  const version = /^BagIt-Version: (\d+\.\d+)$/.exec(lines[0] ?? '')?.[1];
  const encoding = /^Tag-File-Character-Encoding: (\S+)$/.exec(lines[1] ?? '')?.[1];
  if (!version || !encoding || lines.length !== 2)
    throw new BagInvalidError(
      'bagit.txt',
      'must hold exactly "BagIt-Version: M.N" and "Tag-File-Character-Encoding: ENCODING"',
    );
  return { version, encoding };
}

function manifestNames(names: readonly string[], prefix: string): Array<[Algorithm, string]> {
  return names.flatMap((name) => {
    const match = new RegExp(`^${prefix}([a-z0-9]+)\\.txt$`).exec(name);
    if (!match) return [];
    const algorithm = match[1] as Algorithm;
    if (!ALGORITHMS.includes(algorithm))
      throw new BagInvalidError(name, `uses the unsupported algorithm ${algorithm}`);
    return [[algorithm, name] as [Algorithm, string]];
  });
}

/** A tag file's text in the bag's declared encoding, refusing bytes that are not in it. */
function decode(bytes: Buffer, encoding: string, file: string): string {
  let label = encoding.toLowerCase();
  let body: Uint8Array = bytes;
  if (label === 'utf-16') {
    label = bytes[0] === 0xff && bytes[1] === 0xfe ? 'utf-16le' : 'utf-16be';
    if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff))
      body = bytes.subarray(2);
  }
  try {
    return new TextDecoder(label, { fatal: true, ignoreBOM: true }).decode(body);
  } catch {
    throw new BagInvalidError(file, `is not valid ${encoding}`);
  }
}

/** A manifest's entries (decoded path → lower-case checksum), refusing paths outside the bag. */
function readManifest(
  text: string,
  file: string,
  strict: boolean,
  allowed: (path: string) => boolean,
): Map<string, string> {
  const entries = new Map<string, string>();
  for (const line of text.split(/\r\n|\n|\r/)) {
    if (line.trim() === '') continue;
    const match = /^([0-9A-Fa-f]+)[ \t]+(.+)$/.exec(line);
    if (!match)
      throw new BagInvalidError(file, `has a line that is not "CHECKSUM PATH": ${line.slice(0, 80)}`);
    // 0.97 bags made with md5sum-style tools mark binary mode with `*`; a leading `./` is tolerated too.
    const written = strict ? (match[2] as string) : (match[2] as string).replace(/^\*/, '');
    const path = checkedPath(decodePath(written).replace(/^\.\//, '').normalize('NFC'), file);
    if (!allowed(path)) throw new BagInvalidError(file, `lists "${path}", which does not belong in it`);
    const checksum = (match[1] as string).toLowerCase();
    const previous = entries.get(path);
    if (previous !== undefined && (strict || previous !== checksum))
      throw new BagInvalidError(file, `lists "${path}" twice`);
    entries.set(path, checksum);
  }
  return entries;
}

function decodePath(path: string): string {
  return path.replace(/%(0A|0D|25)/gi, (escape) =>
    escape.toUpperCase() === '%0A' ? '\n' : escape.toUpperCase() === '%0D' ? '\r' : '%',
  );
}

/** A relative path that stays inside the bag: no absolute, home, drive, UNC or `..` forms. */
function checkedPath(path: string, file: string): string {
  const segments = path.split('/');
  if (
    path.startsWith('/') ||
    path.startsWith('~') ||
    path.includes('\\') ||
    /^[A-Za-z]:/.test(path) ||
    segments.some((s) => s === '..' || s === '.' || s === '')
  )
    throw new BagInvalidError(file, `names "${path}", a path outside the bag`);
  return path;
}

function readFetch(text: string): Set<string> {
  const paths = new Set<string>();
  for (const line of text.split(/\r\n|\n|\r/)) {
    if (line.trim() === '') continue;
    const match = /^(\S+)[ \t]+(\d+|-)[ \t]+(.+)$/.exec(line);
    if (!match) throw new BagInvalidError('fetch.txt', `has a line that is not "URL LENGTH PATH": ${line}`);
    const path = checkedPath(decodePath(match[3] as string), 'fetch.txt');
    if (!path.startsWith('data/')) throw new BagInvalidError('fetch.txt', `names "${path}" outside data/`);
    paths.add(path);
  }
  return paths;
}

function readInfo(text: string): Array<[string, string]> {
  const fields: Array<[string, string]> = [];
  for (const line of text.split(/\r\n|\n|\r/)) {
    if (line === '') continue;
    const last = fields.at(-1);
    if (/^[ \t]/.test(line)) {
      if (!last) throw new BagInvalidError('bag-info.txt', 'starts with a continuation line');
      last[1] = `${last[1]} ${line.trim()}`;
      continue;
    }
    const colon = line.indexOf(':');
    if (colon <= 0)
      throw new BagInvalidError('bag-info.txt', `has a line without a label: ${line.slice(0, 80)}`);
    fields.push([line.slice(0, colon).trim(), line.slice(colon + 1).trim()]);
  }
  return fields;
}

async function readTagBytes(dir: string, name: string): Promise<Buffer> {
  try {
    return await readFile(join(dir, name));
  } catch {
    throw new BagInvalidError(name, 'is missing or unreadable');
  }
}

async function isFile(dir: string, path: string): Promise<boolean> {
  try {
    return (await lstat(join(dir, path))).isFile();
  } catch {
    return false;
  }
}

/**
 * Every regular file under data/, by its path in Unicode NFC (its size and its name on disk); a link or
 * special file makes the bag invalid.
 */
async function listPayload(dir: string): Promise<Map<string, { size: number; onDisk: string }>> {
  const files = new Map<string, { size: number; onDisk: string }>();
  const walk = async (relative: string): Promise<void> => {
    for (const entry of await readdir(join(dir, relative), { withFileTypes: true })) {
      const path = `${relative}/${entry.name}`;
      if (entry.isDirectory()) await walk(path);
      else if (entry.isFile())
        files.set(path.normalize('NFC'), { size: (await lstat(join(dir, path))).size, onDisk: path });
      else throw new BagInvalidError(path, 'is not a regular file (a link or device)');
    }
  };
  await walk('data');
  return files;
}

async function checkFile(
  dir: string,
  path: string,
  checks: ReadonlyMap<Algorithm, string>,
  where: string,
): Promise<void> {
  const hashes = [...checks.keys()].map((algorithm) => [algorithm, createHash(algorithm)] as const);
  for await (const chunk of createReadStream(join(dir, path)) as AsyncIterable<Buffer>)
    for (const [, hash] of hashes) hash.update(chunk);
  for (const [algorithm, hash] of hashes)
    if (hash.digest('hex') !== checks.get(algorithm))
      throw new BagInvalidError(path, `its ${algorithm} checksum does not match ${where}: it was changed`);
}
