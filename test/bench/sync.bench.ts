// Sync benchmark: a bundle carrying generated noise images (incompressible PNGs) and a long ledger, written
// by one workstation and verified and taken in by another; MB/s of the bundle's plaintext, beside `age`
// (typage) encrypting and decrypting the same plaintext in the same run.
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Decrypter, Encrypter, generateX25519Identity, identityToRecipient } from 'age-encryption';
import sharp from 'sharp';
import { ingestPaths } from '../../main/core/media';
import { decryptBundle, exportBundle, importBundle } from '../../main/core/sync';
import { makeTeam } from '../support/sync';
import { fmt, mib, quick, table, timed } from './support';

// The figure: 1,000 images and 100,000 entries (--quick for a short pass).
const images = quick ? 40 : 1000;
const entries = quick ? 10_000 : 100_000;

const dirs: string[] = [];
const tempDir = async () => {
  const dir = await mkdtemp(join(tmpdir(), 'custody-bench-sync-'));
  dirs.push(dir);
  return dir;
};
try {
  const [a, b] = await makeTeam(tempDir, ['a', 'b']);
  if (!a || !b) throw new Error('no team');
  const media = await tempDir();
  const files: string[] = [];
  for (let i = 0; i < images; i++) {
    const file = join(media, `noise-${i}.png`);
    await writeFile(
      file,
      await sharp(randomBytes(256 * 256 * 3), { raw: { width: 256, height: 256, channels: 3 } })
        .png({ compressionLevel: 1 })
        .toBuffer(),
    );
    files.push(file);
  }
  await ingestPaths(a.vault, files);
  for (let done = 0; done < entries; done += 1000) {
    a.vault.db.transaction(() => {
      for (let i = 0; i < 1000; i++) a.vault.record('item.view', [`bench-${done + i}`], { n: done + i });
    })();
  }
  const bundle = join(a.root, 'bundle.age');
  const written = await timed(() => exportBundle(a.vault, bundle));
  const plaintext = written.value.bytes;
  const size = (await stat(bundle)).size;
  const taken = await timed(() => importBundle(b.vault, bundle));

  const parts: Buffer[] = [];
  for await (const chunk of await decryptBundle(b.vault, bundle)) parts.push(Buffer.from(chunk));
  const tar = Buffer.concat(parts);
  const identity = await generateX25519Identity();
  const encrypter = new Encrypter();
  encrypter.addRecipient(await identityToRecipient(identity));
  const sealed = await timed(() => encrypter.encrypt(tar));
  const decrypter = new Decrypter();
  decrypter.addIdentity(identity);
  const opened = await timed(() => decrypter.decrypt(sealed.value));
  if (opened.value.length !== tar.length) throw new Error('age did not round-trip');

  const rate = (bytes: number, seconds: number) => `${fmt(bytes / 1024 / 1024 / seconds)} MB/s`;
  table(
    `sync bundle: ${images} images, ${taken.value.entries} entries, ${mib(plaintext)} plaintext, ${mib(size)} on disk`,
    [
      {
        step: 'sync export (read blobs, sign, bag, age)',
        seconds: fmt(written.seconds, 2),
        rate: rate(tar.length, written.seconds),
      },
      {
        step: 'sync import (decrypt once, verify all, stage blobs, display copies, apply)',
        seconds: fmt(taken.seconds, 2),
        rate: rate(tar.length, taken.seconds),
      },
      {
        step: 'age encrypt of the same tar (baseline)',
        seconds: fmt(sealed.seconds, 2),
        rate: rate(tar.length, sealed.seconds),
      },
      {
        step: 'age decrypt of the same tar (baseline)',
        seconds: fmt(opened.seconds, 2),
        rate: rate(tar.length, opened.seconds),
      },
    ],
  );
  console.log(
    `export/age-encrypt time ratio ${fmt(written.seconds / sealed.seconds, 1)}x; import/age-decrypt ${fmt(taken.seconds / opened.seconds, 1)}x`,
  );
  a.vault.lock();
  b.vault.lock();
} finally {
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
}
