// The memory budget for decoding images, shared by ingest and `custody match` in one process: the largest
// picture decoded at all (sharp's limitInputPixels), and a semaphore weighted by the pixels of each
// decode, so a few large images never decode at once. It never decodes anything itself; an image over the
// limit is not decoded but kept, with the reason it was not.

/**
 * Largest image (one frame) decoded, in pixels: 100 megapixels covers 12000 x 8000 sensors. Decoding for
 * PDQ costs about 11 bytes a pixel (8-bit RGB and two float32 planes), so about 1.1 GB at the limit; one
 * 600 KB PNG declaring 14000 x 14000 pixels (196 Mpx, 2.3 GB decoded) is refused as too large to decode.
 */
export const maxDecodePixels = 100_000_000;

/** Frames of one animation hashed for matching (the first included), and their pixels in all. */
export const maxFramesHashed = 500;
export const framePixelsHashed = 4 * maxDecodePixels;

/** Decodes running at once, whatever their size (the machines this runs on have a few cores). */
export const maxConcurrentDecodes = 2;

/** Pixels being decoded at once in the process: one image at the limit, or many small ones together. */
export const decodePixelBudget = maxDecodePixels;

export function megapixels(pixels: number): string {
  return `${Math.round(pixels / 1e5) / 10} megapixels`;
}

/** Why an image declaring `width` x `height` pixels a frame is not decoded; null when it fits the budget. */
export function tooLargeToDecode(width: number, height: number): string | null {
  const pixels = width * height;
  if (pixels <= maxDecodePixels) return null;
  return (
    `too large to decode: it declares ${width} x ${height} pixels (${megapixels(pixels)}), over the ` +
    `${megapixels(maxDecodePixels)} decoding budget; it may be a decompression bomb. The original is kept, ` +
    'hashed and encrypted, but has no preview and no PDQ hash.'
  );
}

interface Waiter {
  weight: number;
  start: () => void;
}

/**
 * A semaphore weighted by what each task holds (pixels for decodes; bytes for ingest's files in flight):
 * `run` waits until its task fits beside those already running, first come, first served.
 */
export class WeightedBudget {
  #used = 0;
  #running = 0;
  readonly #waiting: Waiter[] = [];

  constructor(
    readonly capacity: number,
    readonly concurrent: number,
  ) {}

  /** Runs `task` once `weight` (capped at the whole capacity) fits. */
  async run<T>(weight: number, task: () => Promise<T>): Promise<T> {
    const held = Math.max(1, Math.min(this.capacity, Math.ceil(weight)));
    await new Promise<void>((start) => {
      this.#waiting.push({ weight: held, start });
      this.#admit();
    });
    try {
      return await task();
    } finally {
      this.#used -= held;
      this.#running--;
      this.#admit();
    }
  }

  #admit(): void {
    for (;;) {
      const first = this.#waiting[0];
      if (!first || this.#running >= this.concurrent || this.#used + first.weight > this.capacity) return;
      this.#waiting.shift();
      this.#used += first.weight;
      this.#running++;
      first.start();
    }
  }
}

/** The process's one budget: ingest and `custody match` decode under it. */
export const decodeBudget = new WeightedBudget(decodePixelBudget, maxConcurrentDecodes);
