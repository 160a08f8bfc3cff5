// Where an export's files go while it is written: a folder inside the staging area (each file owner-only),
// or one tar stream encrypted with age to the given recipients as it is produced, so an encrypted export
// never puts a plaintext byte on disk. Both refuse a path that could leave the export.
import { createWriteStream } from 'node:fs';
import { mkdir, open } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { Encrypter } from 'age-encryption';
import { pack as tarPack, type Pack } from 'tar-stream';
import { InvalidInputError } from '../errors';

/** What an export writes through: files at relative paths, small ones whole, large ones streamed. */
export interface ExportSink {
  add(relative: string, content: string | Uint8Array): Promise<void>;
  addStream(relative: string, size: number, content: AsyncIterable<Uint8Array>): Promise<void>;
}

/** Whom an encrypted export is for: age X25519 recipients (`age1…`) and/or a passphrase. */
export interface AgeRecipients {
  recipients: readonly string[];
  passphrase?: string;
}

/** The sink plus how to finish it (flush and close) or give it up; `output` is what is renamed into place. */
export interface StagedSink extends ExportSink {
  readonly output: string;
  close(): Promise<void>;
  abort(error: Error): Promise<void>;
}

/** A relative path with forward slashes, no empty, `.` or `..` segment and no leading slash. */
export function checkedRelativePath(relative: string): string {
  const segments = relative.split('/');
  if (
    relative.startsWith('/') ||
    segments.some((s) => s === '' || s === '.' || s === '..' || s.includes('\\'))
  ) {
    throw new InvalidInputError(`"${relative}" is not a path inside an export.`);
  }
  return relative;
}

export function folderSink(root: string): StagedSink {
  const target = async (relative: string) => {
    const path = join(root, checkedRelativePath(relative));
    await mkdir(dirname(path), { recursive: true, mode: 0o700 });
    return path;
  };
  return {
    output: root,
    async add(relative, content) {
      const handle = await open(await target(relative), 'wx', 0o600);
      try {
        await handle.writeFile(content);
        await handle.sync();
      } finally {
        await handle.close();
      }
    },
    async addStream(relative, size, content) {
      const path = await target(relative);
      let written = 0;
      await pipeline(
        Readable.from(counted(content, (n) => (written += n))),
        createWriteStream(path, { flags: 'wx', mode: 0o600 }),
      );
      if (written !== size)
        throw new InvalidInputError(`${relative}: expected ${size} bytes, got ${written}.`);
    },
    async close() {
      await mkdir(root, { recursive: true, mode: 0o700 });
    },
    async abort() {},
  };
}

/** One `.tar.age` file: a tar stream encrypted to `to` while it is written. */
export async function ageTarSink(output: string, to: AgeRecipients): Promise<StagedSink> {
  if (to.recipients.length === 0 && !to.passphrase) {
    throw new InvalidInputError('An encrypted export needs at least one age recipient or a passphrase.');
  }
  const encrypter = new Encrypter();
  for (const recipient of to.recipients) {
    if (!/^age1[0-9a-z]{58}$/.test(recipient)) {
      throw new InvalidInputError(`"${recipient}" is not an age X25519 recipient (age1…).`);
    }
    encrypter.addRecipient(recipient);
  }
  if (to.passphrase) encrypter.setPassphrase(to.passphrase);
  const tar: Pack = tarPack();
  const plaintext = Readable.toWeb(Readable.from(tar)) as unknown as globalThis.ReadableStream<Uint8Array>;
  const encrypted = await encrypter.encrypt(plaintext);
  const written = pipeline(
    Readable.fromWeb(encrypted as unknown as WebReadableStream<Uint8Array>),
    createWriteStream(output, { flags: 'wx', mode: 0o600 }),
  );
  written.catch(() => undefined);
  const entry = async (relative: string, size: number, content: AsyncIterable<Uint8Array>) => {
    const name = checkedRelativePath(relative);
    let sent = 0;
    await new Promise<void>((resolve, reject) => {
      const stream = tar.entry({ name, size, mode: 0o600, type: 'file' }, (error) =>
        error ? reject(error) : resolve(),
      );
      void (async () => {
        try {
          for await (const chunk of content) {
            sent += chunk.length;
            if (!stream.write(chunk)) await new Promise<void>((r) => stream.once('drain', () => r()));
          }
          if (sent !== size) throw new InvalidInputError(`${relative}: expected ${size} bytes, got ${sent}.`);
          stream.end(() => undefined);
        } catch (error) {
          stream.destroy(error as Error);
          reject(error as Error);
        }
      })();
    });
  };
  return {
    output,
    async add(relative, content) {
      const bytes = typeof content === 'string' ? Buffer.from(content) : content;
      await entry(relative, bytes.length, once(bytes));
    },
    addStream: entry,
    async close() {
      tar.finalize();
      await written;
      const handle = await open(output, 'r');
      try {
        await handle.sync();
      } finally {
        await handle.close();
      }
    },
    async abort(error) {
      tar.destroy(error);
      await written.catch(() => undefined);
    },
  };
}

async function* once(bytes: Uint8Array): AsyncIterable<Uint8Array> {
  yield bytes;
}

async function* counted(
  content: AsyncIterable<Uint8Array>,
  onChunk: (length: number) => void,
): AsyncIterable<Uint8Array> {
  for await (const chunk of content) {
    onChunk(chunk.length);
    yield chunk;
  }
}
