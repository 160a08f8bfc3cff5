// Security parameters of the vault, in one place. Changing one is a format change: key slots record the
// KDF parameters they were made with, so old slots keep opening.

/**
 * Argon2id for key slots. RFC 9106 §4 second recommended option is m=64 MiB, t=3, p=4; OWASP's password
 * storage cheat sheet lists m=46 MiB/t=1 as a floor. We use 64 MiB and t=3 with one lane: the lane count
 * does not weaken memory-hardness and one lane keeps unlock time predictable on 2-core workstations.
 * Unlock refuses slots below these floors, so a tampered keyslots.json cannot downgrade the KDF.
 */
export const argon2idDefaults = { memoryKiB: 64 * 1024, iterations: 3, parallelism: 1 } as const;
export const argon2idFloor = { memoryKiB: 64 * 1024, iterations: 3 } as const;
/** Ceilings against a tampered slot that would make unlock exhaust memory or time. */
export const argon2idCeiling = { memoryKiB: 4 * 1024 * 1024, iterations: 64, parallelism: 16 } as const;

/** The data key: random 256 bits; SQLCipher's raw key and the key that wraps every blob key. */
export const dataKeyBytes = 32;
export const saltBytes = 16;

/**
 * SQLCipher through SQLite3 Multiple Ciphers, pinned explicitly to SQLCipher v4 defaults (AES-256-CBC,
 * HMAC-SHA512 per page, 4096-byte pages) so that the file format never changes with a library default.
 */
export const sqlcipherPragmas = ["cipher = 'sqlcipher'", 'legacy = 4'] as const;

/** Durability and hygiene pragmas, applied at every open (DESIGN.md "Vault"). */
export const databasePragmas = [
  'journal_mode = WAL',
  'synchronous = FULL',
  'secure_delete = ON',
  'temp_store = MEMORY',
  'foreign_keys = ON',
] as const;
