// The orientations of an image PDQ matches in (the reference's dihedral order), named once for the core's
// hashing and the renderer's labels. Pure TypeScript with no dependency, so `custody pdq` loads nothing else.
export const pdqTransforms = [
  'original',
  'rotate90',
  'rotate180',
  'rotate270',
  'flipX',
  'flipY',
  'flipPlus1',
  'flipMinus1',
] as const;
