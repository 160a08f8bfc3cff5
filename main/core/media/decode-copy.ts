// The bytes an image is decoded from (its preview, metadata and PDQ hash), gathered while the original is
// read once, never more than decodeCopyLimitBytes in memory. An image up to that size is kept whole. A
// larger PNG or JPEG keeps only what a decoder reads (PNG: the image chunks up to IEND, small ancillary
// ones; JPEG: its segments and scans up to EOI, without comments, extra APP segments or trailing bytes), so
// padding cannot hide a picture from PDQ. It never changes the original, which is stored and hashed as read;
// anything else over the limit gets a reason instead of bytes.

/** Images up to this size are kept whole in memory for decoding; larger ones are reduced as above. */
export const decodeCopyLimitBytes = 256 * 1024 * 1024;

/** Ancillary PNG chunks larger than this are left out of a reduced copy (image data is always kept). */
const maxAncillaryBytes = 1024 * 1024;

export type DecodeCopyResult = { ok: true; bytes: Buffer; reduced: boolean } | { ok: false; reason: string };

interface Reducer {
  /** Takes the next bytes of the file; copies what it keeps. */
  add(chunk: Buffer): void;
  /** The kept bytes, or why there are none. */
  finish(): DecodeCopyResult;
}

/** Collects output with a byte limit; past it, the copy fails. */
class Output {
  readonly parts: Buffer[] = [];
  bytes = 0;
  overflow = false;

  push(bytes: Buffer): void {
    if (this.overflow || bytes.length === 0) return;
    this.bytes += bytes.length;
    if (this.bytes > decodeCopyLimitBytes) {
      this.overflow = true;
      this.parts.length = 0;
    } else this.parts.push(Buffer.from(bytes));
  }

  result(format: string, problem: string | null, complete: boolean): DecodeCopyResult {
    if (this.overflow)
      return {
        ok: false,
        reason: `too large to decode: the ${format}'s image data alone is larger than ${decodeCopyLimitBytes / 1024 / 1024} MiB`,
      };
    if (problem || !complete)
      return {
        ok: false,
        reason: `too large to decode: the file is over ${decodeCopyLimitBytes / 1024 / 1024} MiB and its ${format} structure ${problem ?? 'ends before the image does'}`,
      };
    return { ok: true, bytes: Buffer.concat(this.parts), reduced: true };
  }
}

const pngCriticalOrImage = new Set(['IHDR', 'PLTE', 'IDAT', 'IEND', 'acTL', 'fcTL', 'fdAT']);

/** PNG: the signature, then chunk by chunk (length, type, data, CRC) up to IEND. */
class PngReducer implements Reducer {
  readonly #out = new Output();
  /** Bytes of the signature or of a chunk header still being gathered. */
  #head = Buffer.alloc(0);
  #signatureDone = false;
  /** Bytes left in the current chunk's data and CRC, and whether they are kept. */
  #left = 0;
  #keep = false;
  /** The current chunk is IEND: the copy is complete once its CRC is in. */
  #ending = false;
  #done = false;
  #problem: string | null = null;
  #offset = 0;

  add(chunk: Buffer): void {
    let at = 0;
    while (at < chunk.length && !this.#done && !this.#problem) {
      if (this.#left > 0) {
        const take = Math.min(this.#left, chunk.length - at);
        if (this.#keep) this.#out.push(chunk.subarray(at, at + take));
        this.#left -= take;
        at += take;
        if (this.#left === 0 && this.#ending) this.#done = true;
        continue;
      }
      const need = 8 - this.#head.length;
      const take = Math.min(need, chunk.length - at);
      this.#head = Buffer.concat([this.#head, chunk.subarray(at, at + take)]);
      at += take;
      if (this.#head.length < 8) continue;
      if (!this.#signatureDone) {
        this.#out.push(this.#head);
        this.#signatureDone = true;
      } else this.#chunkHeader(this.#head);
      this.#offset += 8;
      this.#head = Buffer.alloc(0);
    }
  }

  #chunkHeader(header: Buffer): void {
    const length = header.readUInt32BE(0);
    const type = header.toString('latin1', 4, 8);
    if (length > 0x7fffffff || !/^[A-Za-z]{4}$/.test(type)) {
      this.#problem = `is damaged near byte ${this.#offset}`;
      return;
    }
    const critical = type.charCodeAt(0) < 0x61;
    this.#keep = pngCriticalOrImage.has(type) || critical || length <= maxAncillaryBytes;
    if (this.#keep) this.#out.push(header);
    this.#left = length + 4;
    this.#offset += length + 4;
    this.#ending = type === 'IEND';
  }

  finish(): DecodeCopyResult {
    return this.#out.result('PNG', this.#problem, this.#done && this.#left === 0);
  }
}

/** APP segments a decoder may need (JFIF, the first EXIF, ICC profile, Adobe colour transform). */
const jpegKeptApps = new Set([0xe0, 0xe2, 0xee]);

/** JPEG: marker by marker; scan data is kept up to the next marker; stops at EOI. */
class JpegReducer implements Reducer {
  readonly #out = new Output();
  #state: 'marker' | 'marker-code' | 'length' | 'segment' | 'scan' | 'scan-ff' | 'done' = 'marker';
  #code = 0;
  #lengthBytes: number[] = [];
  #left = 0;
  #keep = false;
  #exifKept = false;
  #problem: string | null = null;
  #offset = 0;

  add(chunk: Buffer): void {
    let at = 0;
    const step = (n: number) => {
      at += n;
      this.#offset += n;
    };
    while (at < chunk.length && this.#state !== 'done' && !this.#problem) {
      const byte = chunk[at] as number;
      switch (this.#state) {
        case 'marker':
          if (byte !== 0xff) {
            this.#problem = `is damaged near byte ${this.#offset}`;
            return;
          }
          step(1);
          this.#state = 'marker-code';
          break;
        case 'marker-code':
          step(1);
          if (byte === 0xff) break; // fill bytes before a marker
          this.#marker(byte);
          break;
        case 'length':
          step(1);
          this.#lengthBytes.push(byte);
          if (this.#lengthBytes.length === 2) this.#segmentStart();
          break;
        case 'segment': {
          const take = Math.min(this.#left, chunk.length - at);
          if (this.#keep) this.#out.push(chunk.subarray(at, at + take));
          this.#left -= take;
          step(take);
          if (this.#left === 0) this.#state = this.#code === 0xda ? 'scan' : 'marker';
          break;
        }
        case 'scan': {
          const ff = chunk.indexOf(0xff, at);
          const end = ff === -1 ? chunk.length : ff;
          this.#out.push(chunk.subarray(at, end));
          step(end - at);
          if (ff !== -1) {
            step(1);
            this.#state = 'scan-ff';
          }
          break;
        }
        case 'scan-ff':
          if (byte === 0x00 || (byte >= 0xd0 && byte <= 0xd7)) {
            // Stuffed byte or restart marker: part of the scan.
            this.#out.push(Buffer.from([0xff, byte]));
            step(1);
            this.#state = 'scan';
          } else if (byte === 0xff) {
            step(1);
          } else {
            step(1);
            this.#marker(byte);
          }
          break;
      }
    }
  }

  #marker(code: number): void {
    this.#code = code;
    if (code === 0xd8 || code === 0xd9 || code === 0x01 || (code >= 0xd0 && code <= 0xd7)) {
      this.#out.push(Buffer.from([0xff, code]));
      this.#state = code === 0xd9 ? 'done' : 'marker';
      return;
    }
    this.#lengthBytes = [];
    this.#state = 'length';
  }

  #segmentStart(): void {
    const length = ((this.#lengthBytes[0] as number) << 8) | (this.#lengthBytes[1] as number);
    if (length < 2) {
      this.#problem = `is damaged near byte ${this.#offset}`;
      return;
    }
    const code = this.#code;
    const app = code >= 0xe0 && code <= 0xef;
    const firstExif = code === 0xe1 && !this.#exifKept;
    this.#keep = (!app && code !== 0xfe) || jpegKeptApps.has(code) || firstExif;
    if (firstExif) this.#exifKept = true;
    if (this.#keep) this.#out.push(Buffer.from([0xff, code, ...this.#lengthBytes]));
    this.#left = length - 2;
    this.#state = this.#left === 0 ? (code === 0xda ? 'scan' : 'marker') : 'segment';
  }

  finish(): DecodeCopyResult {
    return this.#out.result('JPEG', this.#problem, this.#state === 'done');
  }
}

/**
 * Gathers the decode copy of one image while it is read. `add` says whether it kept a reference to the
 * chunk (the caller must then not reuse or move it).
 */
export class DecodeCopy {
  #whole: Buffer[] | null = [];
  #bytes = 0;
  #reducer: Reducer | null = null;

  constructor(private readonly mime: string) {}

  add(chunk: Buffer): boolean {
    this.#bytes += chunk.length;
    if (this.#whole && this.#bytes <= decodeCopyLimitBytes) {
      this.#whole.push(chunk);
      return true;
    }
    if (this.#whole) {
      const whole = this.#whole;
      this.#whole = null;
      this.#reducer = this.#newReducer();
      for (const part of whole) this.#reducer?.add(part);
    }
    this.#reducer?.add(chunk);
    return false;
  }

  #newReducer(): Reducer | null {
    if (this.mime === 'image/png') return new PngReducer();
    if (this.mime === 'image/jpeg') return new JpegReducer();
    return null;
  }

  finish(): DecodeCopyResult {
    if (this.#whole) {
      const bytes = this.#whole.length === 1 ? (this.#whole[0] as Buffer) : Buffer.concat(this.#whole);
      return { ok: true, bytes, reduced: false };
    }
    if (this.#reducer) return this.#reducer.finish();
    return {
      ok: false,
      reason:
        `too large to decode: the file is over ${decodeCopyLimitBytes / 1024 / 1024} MiB, and only PNG and ` +
        `JPEG images that large are decoded (from their image data alone); this one is ${this.mime}`,
    };
  }
}

/** The decode copy of a whole stream (a stored blob, decrypted chunk by chunk). */
export async function decodeCopyOf(mime: string, chunks: AsyncIterable<Buffer>): Promise<DecodeCopyResult> {
  const copy = new DecodeCopy(mime);
  for await (const chunk of chunks) copy.add(chunk);
  return copy.finish();
}
