// HEIC: HEIF images coded with HEVC, as phones write them. sharp's prebuilt libvips reads their metadata
// (and EXIF) but has no HEVC decoder, so the pixels come from libheif with libde265 compiled to
// WebAssembly (libheif-js): memory-safe, no native code, sized before decoding against the pixel budget.
// Only the primary image is decoded, with the container's rotation and mirroring applied as viewers show it.
import { CustodyError } from '../../errors';
import type { PdqPixels } from './pdq';

interface HeifImage {
  get_width(): number;
  get_height(): number;
  is_primary(): boolean;
  display(
    target: { data: Uint8ClampedArray; width: number; height: number },
    done: (result: { data: Uint8ClampedArray } | null) => void,
  ): void;
  free(): void;
}

interface LibHeif {
  HeifDecoder: new () => { decode(bytes: Uint8Array): HeifImage[] };
}

let loaded: Promise<LibHeif> | null = null;

/** libheif builds its WebAssembly instance when its module loads: only when a HEIC arrives. */
function libheif(): Promise<LibHeif> {
  loaded ??= import('libheif-js/wasm-bundle').then(
    (module: { default?: unknown }) => (module.default ?? module) as LibHeif,
  );
  return loaded;
}

export class HeifDecodeError extends CustodyError {
  constructor(
    readonly reason: 'too-large' | 'corrupt',
    message: string,
  ) {
    super('INVALID_INPUT', message);
  }
}

/** Whether sharp's metadata says this is a HEIF image it cannot decode itself (HEVC-coded). */
export function needsHeifDecoder(metadata: { format?: string; compression?: string }): boolean {
  return metadata.format === 'heif' && metadata.compression === 'hevc';
}

/** The primary image's RGBA pixels. Refuses images over `maxPixels` before decoding a single tile. */
export async function decodeHeif(bytes: Uint8Array, maxPixels: number): Promise<PdqPixels> {
  let images: HeifImage[];
  try {
    images = new (await libheif()).HeifDecoder().decode(bytes);
  } catch (error) {
    throw new HeifDecodeError('corrupt', `The HEIF container cannot be read (${(error as Error).message}).`);
  }
  try {
    const image = images.find((candidate) => candidate.is_primary()) ?? images[0];
    if (!image) throw new HeifDecodeError('corrupt', 'The HEIF file holds no image.');
    const width = image.get_width();
    const height = image.get_height();
    if (!(width > 0 && height > 0)) throw new HeifDecodeError('corrupt', 'The HEIF image declares no size.');
    if (width * height > maxPixels) {
      throw new HeifDecodeError(
        'too-large',
        `it declares ${width}x${height} pixels, more than the decode budget of ${maxPixels}.`,
      );
    }
    const target = { data: new Uint8ClampedArray(width * height * 4), width, height };
    const result = await new Promise<{ data: Uint8ClampedArray } | null>((resolve) =>
      image.display(target, resolve),
    );
    if (!result) throw new HeifDecodeError('corrupt', 'The HEVC image data is damaged or truncated.');
    return {
      data: new Uint8Array(result.data.buffer, result.data.byteOffset, result.data.byteLength),
      width,
      height,
      channels: 4,
    };
  } finally {
    for (const image of images) image.free();
  }
}
