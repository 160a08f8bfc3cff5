import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ingestPaths, type IngestOutcome } from '../../main/core/media/ingest';
import { readBlobFully } from '../../main/core/vault/blobs';
import { verifyVault } from '../../main/core/verify';
import { jpegWithExif, markedBytes, patternImage } from '../support/media';
import { createTestVault, useTempDirs } from '../support/temp';

const tempDir = useTempDirs();

async function setup() {
  const { root, vault } = await createTestVault(tempDir);
  const src = join(root, 'src');
  await mkdir(join(src, 'nested', 'deeper'), { recursive: true });
  return { root, vault, src };
}

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

async function filesUnder(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) out.push(join(entry.parentPath, entry.name));
  }
  return out;
}

describe('ingest', () => {
  it('hashes originals while reading, stores them encrypted, and keeps metadata', async () => {
    const { vault, src } = await setup();
    const png = await patternImage(1);
    const jpeg = await jpegWithExif(2);
    const text = Buffer.from('plain evidence note\n');
    await writeFile(join(src, 'a.png'), png);
    await writeFile(join(src, 'nested', 'photo.jpg'), jpeg);
    await writeFile(join(src, 'nested', 'deeper', 'note.txt'), text);
    // Renamed: the MIME type comes from the bytes, not the name.
    await writeFile(join(src, 'disguised.txt'), await patternImage(3, 'webp'));

    const progress: number[] = [];
    const summary = await ingestPaths(vault, [src], { onProgress: (p) => progress.push(p.filesDone) });
    expect(summary).toMatchObject({ ingested: 4, duplicates: 0, failed: 0 });
    expect(progress.at(-1)).toBe(4);

    const rows = vault.db.prepare('SELECT * FROM items ORDER BY size').all() as Array<
      Record<string, string | number>
    >;
    const byHash = new Map(rows.map((r) => [r.sha256, r]));
    const jpegRow = byHash.get(sha256(jpeg));
    expect(jpegRow).toMatchObject({
      sha1: createHash('sha1').update(jpeg).digest('hex'),
      md5: createHash('md5').update(jpeg).digest('hex'),
      size: jpeg.length,
      mime: 'image/jpeg',
    });
    const metadata = JSON.parse(String(jpegRow?.metadata));
    expect(metadata).toMatchObject({ format: 'jpeg', width: 96, height: 64 });
    expect(Buffer.from(metadata.exif, 'base64').toString('latin1')).toContain('CustodyTestCam');
    expect(byHash.get(sha256(text))).toMatchObject({ mime: 'text/plain' });
    const disguised = summary.outcomes.find((o) => o.path.endsWith('disguised.txt'));
    expect(disguised).toMatchObject({ kind: 'ingested', mime: 'image/webp' });

    const stored = await readBlobFully(vault, String(jpegRow?.original_blob));
    expect(stored.equals(jpeg)).toBe(true);
    const sources = vault.db
      .prepare('SELECT * FROM item_sources WHERE item_id = ?')
      .all(jpegRow?.id) as Array<Record<string, string>>;
    expect(sources).toHaveLength(1);
    expect(sources[0]).toMatchObject({
      file_name: 'photo.jpg',
      original_path: join(src, 'nested', 'photo.jpg'),
    });
    expect(sources[0]?.modified_at).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect((await verifyVault(vault)).problems).toEqual([]);
    vault.lock();
  });

  it('stores the same SHA-256 once, as one item with two sources', async () => {
    const { vault, src } = await setup();
    const png = await patternImage(7);
    await writeFile(join(src, 'first.png'), png);
    await writeFile(join(src, 'nested', 'copy-of-first.bin'), png);
    const summary = await ingestPaths(vault, [src]);
    expect(summary).toMatchObject({ ingested: 1, duplicates: 1 });
    const [a, b] = summary.outcomes as Array<Extract<IngestOutcome, { itemId: string }>>;
    expect(a?.itemId).toBe(b?.itemId);
    expect(vault.db.prepare('SELECT count(*) FROM items').pluck().get()).toBe(1);
    expect(vault.db.prepare('SELECT count(*) FROM item_sources').pluck().get()).toBe(2);
    // One original and its three display derivatives; nothing for the duplicate.
    expect(vault.db.prepare('SELECT count(*) FROM blobs').pluck().get()).toBe(4);
    expect(vault.db.prepare('SELECT count(*) FROM derivatives').pluck().get()).toBe(3);
    expect(await filesUnder(vault.layout.blobs)).toHaveLength(4);
    vault.lock();
  });

  it('reports what it cannot read and still ingests the rest', async () => {
    const { vault, src, root } = await setup();
    await writeFile(join(src, 'a.bin'), Buffer.from('first readable file'));
    await writeFile(join(src, 'b-vanishes.bin'), Buffer.from('deleted before it is read'));
    await writeFile(join(src, 'c.bin'), Buffer.from('third readable file'));
    execFileSync('mkfifo', [join(src, 'nested', 'pipe')]);
    const missing = join(root, 'no-such-file.jpg');
    const outcomes: IngestOutcome[] = [];
    const summary = await ingestPaths(vault, [src, missing], {
      onOutcome: (o) => outcomes.push(o),
      onProgress: (p) => {
        if (p.currentPath?.endsWith('a.bin')) rmSync(join(src, 'b-vanishes.bin'), { force: true });
      },
    });
    expect(summary).toMatchObject({ ingested: 2, failed: 3 });
    const failures = outcomes
      .filter((o) => o.kind === 'failed')
      .map((o) => [o.path, 'reason' in o ? o.reason : '']);
    expect(failures).toEqual(
      expect.arrayContaining([
        [missing, 'it does not exist'],
        [join(src, 'nested', 'pipe'), 'it is not a regular file (device, socket or pipe)'],
        [join(src, 'b-vanishes.bin'), expect.stringMatching(/no longer exists/)],
      ]),
    );
    expect((await verifyVault(vault)).problems).toEqual([]);
    expect(await readdir(vault.layout.staging)).toEqual([]);
    vault.lock();
  });

  it('leaves no plaintext byte sequence of any ingested file anywhere in the vault', async () => {
    const { vault, src } = await setup();
    const files = [markedBytes(100), markedBytes(70_000), markedBytes(300_000)];
    await Promise.all(files.map((f, i) => writeFile(join(src, `f${i}.bin`), f.bytes)));
    const image = await patternImage(9, 'png', { width: 200, height: 150 });
    await writeFile(join(src, 'img.png'), image);
    await ingestPaths(vault, [src]);
    vault.lock();
    const everything = Buffer.concat(
      await Promise.all((await filesUnder(vault.layout.dir)).map((f) => readFile(f))),
    );
    for (const { marker } of files) expect(everything.includes(marker)).toBe(false);
    expect(everything.includes(image.subarray(100, 132))).toBe(false);
    expect(everything.includes(Buffer.from('IHDR'))).toBe(false);
    const header = (await readFile(join(vault.layout.dir, 'vault.db'))).subarray(0, 16);
    expect(header.toString('latin1')).not.toBe('SQLite format 3\0');
  });

  it('records every ingest in the signed ledger with the three hashes', async () => {
    const { vault, src } = await setup();
    const bytes = Buffer.from('ledger me');
    await writeFile(join(src, 'x.txt'), bytes);
    const [outcome] = (await ingestPaths(vault, [src])).outcomes;
    const seqs = vault.ledger.seqsForSubject((outcome as { itemId: string }).itemId);
    expect(seqs).toHaveLength(1);
    const entry = JSON.parse(
      vault.ledger.leaves(seqs[0] as number, (seqs[0] as number) + 1)[0]?.toString() ?? '{}',
    );
    expect(entry).toMatchObject({
      action: 'item.ingest',
      actorName: 'ana',
      details: {
        sha256: sha256(bytes),
        sha1: createHash('sha1').update(bytes).digest('hex'),
        md5: createHash('md5').update(bytes).digest('hex'),
      },
    });
    vault.lock();
  });
});
