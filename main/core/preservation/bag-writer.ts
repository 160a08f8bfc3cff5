// Writes a BagIt 1.0 bag through an export sink as it goes: payload files (streamed, hashed with SHA-512
// and SHA-256 on the way through, never held whole), tag files, then the two payload manifests, bag-info.txt
// with the payload's Oxum and size, and the SHA-512 tag manifest over every tag file. Nothing is read back.
import { createHash } from 'node:crypto';
import type { ExportSink } from '../exports';
import { bagInfoText, BAGIT_TXT, manifestLine } from './bagit';

interface Hashed {
  path: string;
  sha512: string;
  sha256: string;
  size: number;
}

export class BagWriter {
  readonly #payload: Hashed[] = [];
  readonly #tags: Hashed[] = [];
  #bytes = 0;

  constructor(
    private readonly sink: ExportSink,
    private readonly onBytes: (bytes: number) => void = () => undefined,
  ) {}

  get payloadBytes(): number {
    return this.#bytes;
  }

  get payloadFiles(): number {
    return this.#payload.length;
  }

  /** A payload file under data/, whole. */
  async addPayload(path: string, content: string | Uint8Array): Promise<Hashed> {
    const bytes = typeof content === 'string' ? Buffer.from(content) : content;
    await this.sink.add(`data/${path}`, bytes);
    return this.#record(this.#payload, `data/${path}`, bytes);
  }

  /** A payload file under data/, streamed: returns its digests once every byte has passed. */
  async addPayloadStream(path: string, size: number, content: AsyncIterable<Uint8Array>): Promise<Hashed> {
    const sha512 = createHash('sha512');
    const sha256 = createHash('sha256');
    const onBytes = this.onBytes;
    async function* hashed(): AsyncIterable<Uint8Array> {
      for await (const chunk of content) {
        sha512.update(chunk);
        sha256.update(chunk);
        onBytes(chunk.length);
        yield chunk;
      }
    }
    await this.sink.addStream(`data/${path}`, size, hashed());
    const entry = { path: `data/${path}`, sha512: sha512.digest('hex'), sha256: sha256.digest('hex'), size };
    this.#payload.push(entry);
    this.#bytes += size;
    return entry;
  }

  /** A tag file beside the payload (listed in the tag manifest). */
  async addTag(path: string, content: string | Uint8Array): Promise<void> {
    const bytes = typeof content === 'string' ? Buffer.from(content) : content;
    await this.sink.add(path, bytes);
    this.#record(this.#tags, path, bytes);
  }

  /**
   * Writes bagit.txt, the payload manifests, bag-info.txt (`info` plus Bagging-Date, Payload-Oxum and
   * Bag-Size) and the tag manifest; returns the tag manifest's bytes, which the caller signs.
   */
  async finish(info: ReadonlyArray<[string, string]>, baggingDate: string): Promise<Buffer> {
    await this.addTag('bagit.txt', BAGIT_TXT);
    const sorted = [...this.#payload].sort((a, b) => a.path.localeCompare(b.path));
    await this.addTag('manifest-sha512.txt', sorted.map((f) => manifestLine(f.sha512, f.path)).join(''));
    await this.addTag('manifest-sha256.txt', sorted.map((f) => manifestLine(f.sha256, f.path)).join(''));
    await this.addTag(
      'bag-info.txt',
      bagInfoText([
        ...info,
        ['Bagging-Date', baggingDate],
        ['Payload-Oxum', `${this.#bytes}.${this.#payload.length}`],
        ['Bag-Size', humanSize(this.#bytes)],
      ]),
    );
    const tagManifest = Buffer.from(this.#tags.map((t) => manifestLine(t.sha512, t.path)).join(''));
    await this.sink.add('tagmanifest-sha512.txt', tagManifest);
    return tagManifest;
  }

  #record(list: Hashed[], path: string, bytes: Uint8Array): Hashed {
    const entry = {
      path,
      sha512: createHash('sha512').update(bytes).digest('hex'),
      sha256: createHash('sha256').update(bytes).digest('hex'),
      size: bytes.length,
    };
    list.push(entry);
    if (list === this.#payload) {
      this.#bytes += bytes.length;
      this.onBytes(bytes.length);
    }
    return entry;
  }
}

/** Bag-Size as RFC 8493 suggests: a human-readable size. */
export function humanSize(bytes: number): string {
  const units = ['bytes', 'KB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  return unit === 0 ? `${bytes} bytes` : `${value.toFixed(1)} ${units[unit]}`;
}
