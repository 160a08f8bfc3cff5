// Public surface of PDQ for the rest of the core and the CLI: hashing pixels, images and files, and hash
// values with their distance. Callers outside matching/ import from here, never from the files behind it.
export { computePdq, DIHEDRAL_TRANSFORMS, MIN_HASHABLE_SIDE } from './pdq';
export type { DihedralTransform, PdqDihedral, PdqPixels, PdqResult } from './pdq';
export { decodeForPdq, decodeFramesForPdq, DEFAULT_MAX_PIXELS, ImageDecodeError } from './decode';
export type { DecodeOptions, FrameRange, ImageDecodeFailure } from './decode';
export { hashFrames, hashImage } from './hash-image';
export { decodeHeif, HeifDecodeError, needsHeifDecoder } from './heif';
export type { HashImageOptions } from './hash-image';
export { defaultPdqWorkerFile, hashFiles, PdqWorkerError, PdqWorkerPool } from './worker-pool';
export type { HashFilesOptions, PdqFileResult, PdqFramesResult, PdqPoolOptions } from './worker-pool';
export {
  hammingDistance,
  hammingDistanceWords,
  PDQ_BITS,
  PDQ_WORDS,
  pdqHexToWords,
  pdqWordsToHex,
  popcount32,
} from './hamming';
