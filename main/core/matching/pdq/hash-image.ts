// PDQ of one image file or buffer in the calling thread: decode at full resolution, then hash. It holds no
// state and never spawns workers; worker-pool.ts runs it off the UI thread for many files.
import { decodeForPdq, type DecodeOptions } from './decode';
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
