// Domain types and constrained values shared by the core and the renderer. Pure TypeScript: no electron,
// no node:*, no DOM.
import { z } from 'zod';

export const roles = ['analyst', 'supervisor', 'counsel', 'admin'] as const;
export type Role = (typeof roles)[number];

/** Vault names are shown to people and used as folder names by the core; keep them plain. */
export const vaultName = z
  .string()
  .trim()
  .min(1, 'Give the vault a name.')
  .max(64, 'A vault name has at most 64 characters.')
  .regex(/^[A-Za-z0-9][A-Za-z0-9 _.-]*$/, 'Use letters, digits, spaces, dots, dashes and underscores.')
  .refine((s) => !s.includes('..'), 'A vault name cannot contain "..".');

export const userName = z
  .string()
  .trim()
  .min(1, 'Give a user name.')
  .max(64, 'A user name has at most 64 characters.')
  .regex(/^[a-z0-9][a-z0-9._-]*$/, 'Use lower-case letters, digits, dots, dashes and underscores.');

/** Passphrases are never trimmed or normalised beyond NFC by the core: what the person typed is the key. */
export const passphrase = z
  .string()
  .min(12, 'A passphrase has at least 12 characters.')
  .max(1024, 'A passphrase has at most 1024 characters.');

export const sessionInfo = z.object({
  vault: z.string(),
  user: z.string(),
  role: z.enum(roles),
  unlockedAt: z.string(),
});
export type SessionInfo = z.infer<typeof sessionInfo>;
