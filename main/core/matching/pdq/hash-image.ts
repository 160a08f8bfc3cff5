// PDQ of one image file or buffer in the calling thread: decode at full resolution, then hash. It holds no
// state and never spawns workers; worker-pool.ts runs it off the UI thread for many files.
import { decodeForPdq, decodeFramesForPdq, type DecodeOptions, type FrameRange } from './decode';
import { computePdq, type PdqResult } from './pdq';

export interface HashImageOptions extends DecodeOptions {
  /** Also compute the 8 dihedral hashes. */
  dihedral?: boolean;
}

/** PDQ of an image file (path) or encoded image (bytes). Throws ImageDecodeError for undecodable input. */
export async function hashImage(
  input: string | Uint8Array,
  options: HashImageOptions = {},
): Promise<PdqResult> {
  const pixels = await decodeForPdq(input, options);
  return computePdq(pixels, { dihedral: options.dihedral ?? false });
}

/** PDQ of frames of a multi-frame image (see decodeFramesForPdq), in frame order. */
export async function hashFrames(
  input: Uint8Array,
  range: FrameRange,
  options: HashImageOptions = {},
): Promise<Array<{ frame: number; pdq: PdqResult }>> {
  const hashed: Array<{ frame: number; pdq: PdqResult }> = [];
  for await (const { frame, pixels } of decodeFramesForPdq(input, range, options))
    hashed.push({ frame, pdq: computePdq(pixels, { dihedral: options.dihedral ?? false }) });
  return hashed;
}
