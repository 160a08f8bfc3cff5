// What the sync screens see: the roster with each member's card fingerprint and role, the status per
// origin, and the summaries of a bundle written and a bundle taken in. Zod schemas for the contract.
// Pure TypeScript.
import { z } from 'zod';
import { roles } from './domain';

export const rosterMemberView = z.object({
  workstation: z.string(),
  origin: z.string(),
  fingerprint: z.string(),
  role: z.enum(roles),
  users: z.array(z.object({ id: z.string(), name: z.string(), role: z.enum(roles) })),
  recipient: z.string(),
  addedAt: z.string(),
  removedAt: z.string().nullable(),
});
export type RosterMemberView = z.infer<typeof rosterMemberView>;

export const syncStatusView = z.object({
  workstation: z.string(),
  origins: z.array(
    z.object({
      origin: z.string(),
      own: z.boolean(),
      entries: z.number(),
      checkpoint: z.object({ size: z.number(), root: z.string() }).nullable(),
      witnesses: z.array(z.object({ witness: z.string(), size: z.number() })),
    }),
  ),
  items: z.number(),
  conflicts: z.number(),
  members: z.number(),
});
export type SyncStatusView = z.infer<typeof syncStatusView>;

export const syncExportView = z.object({
  path: z.string(),
  id: z.string(),
  recipients: z.array(z.string()),
  sections: z.array(z.object({ origin: z.string(), start: z.number(), end: z.number() })),
  blobs: z.number(),
  bytes: z.number(),
});
export type SyncExportView = z.infer<typeof syncExportView>;

export const syncImportView = z.object({
  bundle: z.string(),
  sender: z.string(),
  byOrigin: z.record(z.string(), z.number()),
  entries: z.number(),
  blobs: z.number(),
  /** What the merge made of the entries: items new to this vault, items in conflict, entries waiting. */
  newItems: z.number(),
  conflicts: z.number(),
  waiting: z.number(),
  /** Entries the merge would not act on, each with the reason (an author whose role here may not, say). */
  refused: z.array(z.object({ origin: z.string(), seq: z.number(), action: z.string(), reason: z.string() })),
  skipped: z.array(z.string()),
  rosterChanges: z.number(),
  unchanged: z.boolean(),
});
export type SyncImportView = z.infer<typeof syncImportView>;

export const syncProgress = z.object({
  phase: z.enum(['ledger', 'blobs', 'verify', 'apply']),
  done: z.number(),
  total: z.number(),
});
