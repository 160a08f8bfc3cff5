// Public surface of the core's cryptography: AES-256-GCM sealing of small values bound to their context.
// Callers outside crypto/ import from here. Nothing here knows about vaults, users or files.
export { AeadOpenError, gcmTagBytes, open, packSealed, seal, unpackSealed } from './aead';
export type { Sealed } from './aead';
