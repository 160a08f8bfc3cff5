// A bundle of more than 4,096 entries, whose signatures the importer checks on worker threads in batches:
// its sender re-signs the bag around entries changed in the middle (a bad signature in a later batch, an
// entry whose content no longer matches its signature and leaf hash), and the import names the first fault
// in entry order and leaves the vault byte for byte as it was (the original it carries, and the display
// copies made of it beside the checks, gone from staging/); the same bag re-signed unchanged is taken.
import { createHash } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { Encrypter } from 'age-encryption';
import { extract as tarExtract, pack as tarPack } from 'tar-stream';
import { describe, expect, it } from 'vitest';
import { canonicalize, signNote } from '../../main/core/ledger';
import { ingestPaths } from '../../main/core/media';
import { itemProjection } from '../../main/core/review';
import {
  decryptBundle,
  exportBundle,
  importBundle,
  readCard,
  syncCard,
  syncStatus,
} from '../../main/core/sync';
import { patternImage } from '../support/media';
import { folderPrint, makeTeam, type Member } from '../support/sync';
import { useTempDirs } from '../support/temp';

const tempDir = useTempDirs();

/** More entries than the importer's threshold for checking signatures on worker threads (4,096). */
const recorded = 4200;

async function untar(tar: Buffer): Promise<Array<{ name: string; bytes: Buffer }>> {
  const files: Array<{ name: string; bytes: Buffer }> = [];
  const extract = tarExtract();
  Readable.from([tar]).pipe(extract);
  for await (const entry of extract) {
    const parts: Buffer[] = [];
    for await (const chunk of entry as AsyncIterable<Buffer>) parts.push(chunk);
    files.push({ name: entry.header.name, bytes: Buffer.concat(parts) });
  }
  return files;
}

async function tarOf(files: ReadonlyArray<{ name: string; bytes: Buffer }>): Promise<Buffer> {
  const pack = tarPack();
  for (const f of files) pack.entry({ name: f.name, size: f.bytes.length }, f.bytes);
  pack.finalize();
  const parts: Buffer[] = [];
  for await (const chunk of pack as AsyncIterable<Buffer>) parts.push(chunk);
  return Buffer.concat(parts);
}

const sha256 = (bytes: Buffer | string) => createHash('sha256').update(bytes).digest('hex');

/** Replaces the hash a BagIt manifest gives `path`. */
function rehash(manifest: string, path: string, bytes: Buffer | string): string {
  return manifest.replace(new RegExp(`^[0-9a-f]{64}  ${path}$`, 'm'), `${sha256(bytes)}  ${path}`);
}

/**
 * The sender's bundle with its own ledger section's entries changed by `change` (entry seq → new leaf),
 * its manifests brought up to date and the bag signed again with the sender's workstation key: only the
 * entries themselves can give it away.
 */
async function resigned(
  sender: Member,
  receiver: Member,
  tar: Buffer,
  change: (seq: number, leaf: string) => string,
): Promise<string> {
  const files = await untar(tar);
  const file = (name: string) => {
    const found = files.find((f) => f.name === name);
    if (!found) throw new Error(`the bundle has no ${name}`);
    return found;
  };
  const bundle = JSON.parse(file('data/bundle.json').bytes.toString('utf8')) as {
    sections: Array<{ origin: string; start: number }>;
  };
  const index = bundle.sections.findIndex((s) => s.origin === sender.vault.ledger.origin);
  const section = bundle.sections[index];
  if (!section) throw new Error("the bundle has no section of its sender's ledger");
  const ledger = file(`data/ledger/${index}.jsonl`);
  const lines = ledger.bytes.toString('utf8').split('\n').slice(0, -1);
  ledger.bytes = Buffer.from(lines.map((line, i) => `${change(section.start + i, line)}\n`).join(''));
  const manifest = file('manifest-sha256.txt');
  manifest.bytes = Buffer.from(rehash(manifest.bytes.toString('utf8'), ledger.name, ledger.bytes));
  const tags = file('tagmanifest-sha256.txt');
  const tagText = rehash(tags.bytes.toString('utf8'), manifest.name, manifest.bytes);
  tags.bytes = Buffer.from(tagText);
  file('tagmanifest-sha256.txt.sig').bytes = Buffer.from(
    signNote(tagText, [sender.vault.workstationSigner()]),
  );
  const encrypter = new Encrypter();
  encrypter.addRecipient(readCard((await syncCard(receiver.vault)).card).content.recipient);
  const out = join(receiver.root, `resigned-${Math.random().toString(36).slice(2)}.age`);
  await writeFile(out, await encrypter.encrypt(await tarOf(files)));
  return out;
}

/** An entry whose signature is another (well-formed, wrong) one. */
function badSignature(leaf: string): string {
  const entry = JSON.parse(leaf) as { sig: string };
  const first = entry.sig.startsWith('A') ? 'B' : 'A';
  return canonicalize({ ...entry, sig: `${first}${entry.sig.slice(1)}` });
}

/** An entry whose details were changed after it was signed: its signature and leaf hash no longer match. */
function altered(leaf: string): string {
  const entry = JSON.parse(leaf) as { details: Record<string, unknown> };
  return canonicalize({ ...entry, details: { ...entry.details, n: -1 } });
}

describe('a tampered bundle of more than 4,096 entries (signatures checked on worker threads)', () => {
  it('is refused naming the first fault in entry order, and leaves the vault unchanged', async () => {
    const [a, b] = (await makeTeam(tempDir, ['a', 'b'])) as [Member, Member];
    const image = join(a.root, 'pattern.png');
    await writeFile(image, await patternImage(4096));
    await ingestPaths(a.vault, [image]);
    for (let done = 0; done < recorded; done += 600) {
      a.vault.db.transaction(() => {
        for (let i = done; i < Math.min(recorded, done + 600); i++)
          a.vault.record('item.view', [`large-${i}`], { n: i });
      })();
    }
    const file = join(a.root, 'bundle.age');
    const written = await exportBundle(a.vault, file, { to: [b.vault.workstationId] });
    const plain: Buffer[] = [];
    for await (const chunk of await decryptBundle(b.vault, file)) plain.push(Buffer.from(chunk));
    const tar = Buffer.concat(plain);
    const origin = a.vault.ledger.origin;
    // The entries the bundle carries: every one of the sender's up to its checkpoint, over the threshold.
    const size = written.sections.find((s) => s.origin === origin)?.end ?? 0;
    expect(size).toBeGreaterThan(recorded);
    // Both faults past the first batch of 2,048 signatures, the bad signature before the altered entry.
    const badAt = Math.floor(size / 2) + 600;
    const alteredAt = size - 300;
    const refused = async (bundle: string, message: RegExp) => {
      const before = await folderPrint(join(b.root, 'vault'));
      await expect(importBundle(b.vault, bundle)).rejects.toThrow(message);
      expect(await folderPrint(join(b.root, 'vault'))).toEqual(before);
    };
    const escaped = origin.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

    await refused(
      await resigned(a, b, tar, (seq, leaf) =>
        seq === badAt ? badSignature(leaf) : seq === alteredAt ? altered(leaf) : leaf,
      ),
      new RegExp(`refused: the signature of entry ${badAt} of ${escaped} does not verify`),
    );
    // The altered entry first (in the first batch), the bad signature later: the altered one is named.
    const earlyAltered = 1500;
    await refused(
      await resigned(a, b, tar, (seq, leaf) =>
        seq === earlyAltered ? altered(leaf) : seq === badAt ? badSignature(leaf) : leaf,
      ),
      new RegExp(`refused: the signature of entry ${earlyAltered} of ${escaped} does not verify`),
    );

    // The same bag, re-signed without a change, is whole: it is taken in full.
    const summary = await importBundle(b.vault, await resigned(a, b, tar, (_, leaf) => leaf));
    expect(summary.byOrigin[origin]).toBe(size);
    expect(summary.newItems).toBe(1);
    expect(itemProjection(b.vault)).toHaveLength(1);
  }, 180_000);

  it('removes the originals and display copies it placed when the apply itself fails', async () => {
    const [a, b] = (await makeTeam(tempDir, ['a', 'b'])) as [Member, Member];
    const ingest = async (seed: number) => {
      const image = join(a.root, `pattern-${seed}.png`);
      await writeFile(image, await patternImage(seed));
      await ingestPaths(a.vault, [image]);
    };
    await ingest(1);
    await exportBundle(a.vault, join(a.root, 'first.age'), { to: [b.vault.workstationId] });
    await importBundle(b.vault, join(a.root, 'first.age'));
    await ingest(2);
    const second = join(a.root, 'second.age');
    await exportBundle(a.vault, second, { to: [b.vault.workstationId] });
    // The merge already holds another entry where A's next one goes: the apply finds A's log forked, after
    // the bundle verified and its new original and display copies were placed in blobs/.
    const held = syncStatus(b.vault).origins.find((o) => o.origin === a.vault.ledger.origin)?.entries ?? 0;
    b.vault.db
      .prepare(
        `INSERT INTO merge_entries (origin, seq, leaf_hash, action, entry, state, received_at)
         VALUES (?, ?, ?, 'item.view', '{}', 'applied', '2026-01-01T00:00:00.000Z')`,
      )
      .run(a.vault.ledger.origin, held, '0'.repeat(64));
    // Every file as it was; a shard folder the placing made may stay behind, empty (as it always has).
    const files = async () =>
      Object.fromEntries(
        Object.entries(await folderPrint(join(b.root, 'vault'))).filter(([path]) => !path.endsWith('/')),
      );
    const before = await files();
    await expect(importBundle(b.vault, second)).rejects.toThrow(/forked/);
    expect(await files()).toEqual(before);
    expect(itemProjection(b.vault)).toHaveLength(1);
  }, 120_000);
});
