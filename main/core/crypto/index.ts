// Public surface of the core's cryptography: AES-256-GCM sealing of small values bound to their context,
// sealing to an X25519 public key, and HKDF subkeys. Callers outside crypto/ import from here. Nothing
// here knows about vaults, users or files.
export { AeadOpenError, gcmTagBytes, open, packSealed, seal, unpackSealed } from './aead';
export type { Sealed } from './aead';
export { boxTo, deriveSubkey, generateBoxKeyPair, unbox } from './box';
export type { BoxKeyPair } from './box';
