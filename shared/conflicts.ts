// The conflict queue's vocabulary, shared by the core, the CLI and the renderer: two or more workstations'
// different decisions on one item (its categorisation, its report decision, its preservation), each side
// with its origin, actor, time and rationale, and a supervisor's resolution citing every side. Zod only.
import { z } from 'zod';

export const conflictKinds = ['category', 'report', 'hold'] as const;
export type ConflictKind = (typeof conflictKinds)[number];

export const conflictKindTitles: Record<ConflictKind, string> = {
  category: 'Categorisation',
  report: 'Report decision',
  hold: 'Preservation',
};

/** One ledger entry a conflict or a resolution names: its log, place and RFC 6962 leaf hash. */
export const citation = z
  .object({
    origin: z.string().min(1).max(200),
    seq: z.number().int().min(0),
    leafHash: z.string().regex(/^[0-9a-f]{64}$/),
  })
  .strict();
export type Citation = z.infer<typeof citation>;

export const conflictSide = citation.extend({
  actor: z.string(),
  actorName: z.string(),
  time: z.string(),
  /** What this side decided, in words. */
  decision: z.string(),
  rationale: z.string(),
  /** This workstation's own entry. */
  local: z.boolean(),
});
export type ConflictSide = z.infer<typeof conflictSide>;

export const conflictView = z.object({
  id: z.string(),
  kind: z.enum(conflictKinds),
  itemId: z.string(),
  itemName: z.string(),
  sha256: z.string(),
  openedAt: z.string(),
  resolvedAt: z.string().nullable(),
  sides: z.array(conflictSide),
  resolution: z
    .object({
      entry: citation,
      actorName: z.string(),
      time: z.string(),
      chosen: citation,
      reason: z.string(),
    })
    .nullable(),
  /** Closed without a resolution because every workstation came to say the same. */
  settled: z.boolean(),
});
export type ConflictView = z.infer<typeof conflictView>;

export const conflictChoice = z
  .object({
    id: z.string().uuid(),
    origin: z.string().min(1).max(200),
    seq: z.number().int().min(0),
    reason: z.string().trim().min(3).max(2000),
  })
  .strict();
export type ConflictChoice = z.infer<typeof conflictChoice>;
