// Reads a bundle's tar stream strictly, as untrusted input: every file in the one expected order, a plain
// file, within its size bound; text parsed against its schema; every data file hashed and the manifests
// rebuilt from those hashes and compared byte for byte. It proves the bag is whole and self-consistent;
// whose signature it carries, and whether that signer is trusted, is for the caller to check.
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { extract as tarExtract } from 'tar-stream';
import type { z } from 'zod';
import { TamperDetectedError } from '../errors';
import {
  bagInfoText,
  bagitText,
  bundleSchema,
  cosignaturesFileSchema,
  expectedPaths,
  limits,
  manifestText,
  paths,
  rosterFileSchema,
  type BundleManifest,
  type BundleSection,
} from './format';

/** The bundle is not a whole, well-formed custody bundle; the message names the first fault found. */
export class BundleRefusedError extends TamperDetectedError {}

export interface BagSection {
  section: BundleSection;
  leaves: Buffer[];
}

export interface BagContents {
  manifest: BundleManifest;
  roster: string[];
  cosignatures: string[];
  sections: BagSection[];
  tagManifest: string;
  signature: string;
}

/** Where pass two of an import streams an original it keeps; null when this vault already holds it. */
export type BlobSink = (sha256: string) => Promise<{ write(chunk: Buffer): Promise<void> } | null>;

function refuse(message: string): never {
  throw new BundleRefusedError(`The bundle is refused: ${message}`);
}

function parseJson<T>(text: string, schema: z.ZodType<T>, what: string): T {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    refuse(`${what} is not JSON.`);
  }
  const result = schema.safeParse(json);
  if (!result.success) {
    const issue = result.error.issues[0];
    refuse(`${what} has a bad field "${issue?.path.join('.') ?? ''}": ${issue?.message ?? ''}`);
  }
  return result.data;
}

function splitLeaves(bytes: Buffer, section: BundleSection, index: number): Buffer[] {
  const expected = section.end - section.start;
  const leaves: Buffer[] = [];
  let at = 0;
  while (at < bytes.length) {
    const newline = bytes.indexOf(0x0a, at);
    if (newline < 0) refuse(`ledger section ${index} (${section.origin}) ends in the middle of an entry.`);
    if (newline === at) refuse(`ledger section ${index} (${section.origin}) has an empty line.`);
    if (newline - at > limits.entryBytes)
      refuse(`an entry of ${section.origin} is over ${limits.entryBytes} bytes.`);
    leaves.push(bytes.subarray(at, newline));
    at = newline + 1;
    if (leaves.length > expected) break;
  }
  if (leaves.length !== expected) {
    refuse(
      `ledger section ${index} (${section.origin}) holds ${leaves.length} entries where its range ${section.start}..${section.end} says ${expected}.`,
    );
  }
  return leaves;
}

async function readAll(entry: AsyncIterable<Buffer>, size: number): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const chunk of entry) parts.push(chunk);
  const all = Buffer.concat(parts);
  if (all.length !== size) refuse('a file is shorter than its header says (the bundle is truncated).');
  return all;
}

/**
 * Reads a plaintext bundle tar. With `blobSink`, each original it names is also handed over while read
 * (the caller removes what it wrote if this throws).
 */
export async function readBag(tar: AsyncIterable<Uint8Array>, blobSink?: BlobSink): Promise<BagContents> {
  const extract = tarExtract();
  const source = Readable.from(tar);
  source.on('error', (error) => extract.destroy(error));
  source.pipe(extract);
  let expected: string[] = [paths.bagit, paths.bagInfo, paths.bundle];
  let manifest: BundleManifest | null = null;
  let blobsByPath = new Map<string, BundleManifest['blobs'][number]>();
  const texts = new Map<string, Buffer>();
  const payload: Array<{ path: string; sha256: string }> = [];
  const sections: BagSection[] = [];
  let index = 0;
  try {
    for await (const entry of extract) {
      const { name, type, size } = entry.header;
      const want = expected[index];
      if (want === undefined) refuse(`it has a file "${name}" after its signature.`);
      if (name !== want)
        refuse(`found "${name}" where "${want}" belongs: files are missing, added or re-ordered.`);
      if (type !== 'file' || size === undefined) refuse(`"${name}" is not a plain file.`);
      index++;
      const blob = blobsByPath.get(name);
      if (blob) {
        if (size !== blob.size) refuse(`${name} is ${size} bytes where bundle.json says ${blob.size}.`);
        const hash = createHash('sha256');
        const sink = blobSink ? await blobSink(blob.sha256) : null;
        let read = 0;
        for await (const chunk of entry as unknown as AsyncIterable<Buffer>) {
          hash.update(chunk);
          read += chunk.length;
          if (sink) await sink.write(chunk);
        }
        if (read !== size) refuse(`${name} is truncated.`);
        const digest = hash.digest('hex');
        if (digest !== blob.sha256)
          refuse(`the original ${name} does not have the SHA-256 it is named by (${digest}).`);
        payload.push({ path: name, sha256: digest });
        continue;
      }
      const bound = name.startsWith('data/ledger/') ? limits.ledgerBytes : limits.textFileBytes;
      if (size > bound) refuse(`${name} is over ${bound} bytes.`);
      const bytes = await readAll(entry as unknown as AsyncIterable<Buffer>, size);
      if (name.startsWith('data/'))
        payload.push({ path: name, sha256: createHash('sha256').update(bytes).digest('hex') });
      if (name === paths.bundle) {
        manifest = parseJson(bytes.toString('utf8'), bundleSchema, 'bundle.json');
        blobsByPath = new Map(manifest.blobs.map((b) => [paths.blob(b.sha256), b]));
        if (blobsByPath.size !== manifest.blobs.length) refuse('bundle.json lists an original twice.');
        if (new Set(manifest.sections.map((s) => s.origin)).size !== manifest.sections.length) {
          refuse('bundle.json has two sections for one origin.');
        }
        expected = expectedPaths(manifest);
      } else if (name.startsWith('data/ledger/') && manifest) {
        const i = sections.length;
        const section = manifest.sections[i];
        if (!section) refuse(`${name} has no section in bundle.json.`);
        sections.push({ section, leaves: splitLeaves(bytes, section, i) });
      } else {
        texts.set(name, bytes);
      }
    }
  } catch (error) {
    if (error instanceof BundleRefusedError) throw error;
    refuse(`it is truncated or damaged (${(error as Error).message}).`);
  } finally {
    source.destroy();
  }
  if (!manifest || index !== expected.length) refuse('it is truncated: files are missing at its end.');
  const text = (path: string) => (texts.get(path) ?? Buffer.alloc(0)).toString('utf8');
  if (text(paths.bagit) !== bagitText) refuse('bagit.txt is not a BagIt 1.0 declaration.');
  if (text(paths.bagInfo) !== bagInfoText(manifest)) refuse('bag-info.txt does not match bundle.json.');
  if (text(paths.manifest) !== manifestText(payload)) {
    refuse('manifest-sha256.txt does not match the files: a payload file was changed.');
  }
  const tagManifest = manifestText(
    [paths.bagit, paths.bagInfo, paths.manifest].map((path) => ({
      path,
      sha256: createHash('sha256')
        .update(texts.get(path) ?? Buffer.alloc(0))
        .digest('hex'),
    })),
  );
  if (text(paths.tagManifest) !== tagManifest) refuse('tagmanifest-sha256.txt does not match the tag files.');
  return {
    manifest,
    roster: parseJson(text(paths.roster), rosterFileSchema, 'roster.json'),
    cosignatures: parseJson(text(paths.cosignatures), cosignaturesFileSchema, 'cosignatures.json'),
    sections,
    tagManifest,
    signature: text(paths.signature),
  };
}
