// Public surface of PDQ search: the exact in-memory index and its brute-force reference. Callers import
// from here, never from the files behind it.
export { bruteForce } from './brute-force';
export type { PdqHashList } from './brute-force';
export { DEFAULT_PDQ_THRESHOLD } from './match';
export type { PdqMatch } from './match';
export { PdqIndex } from './pdq-index';
export type { PdqIndexOptions, PdqIndexParts, PdqSearch } from './pdq-index';
