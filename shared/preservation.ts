// What the renderer sees of preservation: legal holds, each item's and case's retention (the calendar),
// expiry lists awaiting confirmation, and the packages delivered. Pure TypeScript and zod.
import { z } from 'zod';

export const holdScope = z.object({
  kind: z.enum(['case', 'item', 'account']),
  target: z.string().trim().min(1).max(300),
});

export const holdView = z.object({
  id: z.string(),
  matter: z.string(),
  counsel: z.string(),
  reason: z.string().nullable(),
  createdAt: z.string(),
  releasedAt: z.string().nullable(),
  releasedBy: z.string().nullable(),
  releaseReason: z.string().nullable(),
  scope: z.array(holdScope),
  decisions: z.array(
    z.object({
      id: z.string(),
      linkedAt: z.string(),
      reversedAt: z.string().nullable(),
      appealId: z.string().nullable(),
    }),
  ),
  review: z.string().nullable(),
  /** The ledger origin of the peer workstation that placed the hold; null for this workstation's own. */
  origin: z.string().nullable(),
});
export type HoldView = z.infer<typeof holdView>;

export const winningRule = z.object({
  kind: z.enum(['statute', 'policy', 'extension', 'hold', 'none']),
  id: z.string(),
  name: z.string(),
});

export const retentionStatus = z.enum(['held', 'retained', 'expired', 'unregulated', 'shredded']);

export const itemRetentionView = z.object({
  itemId: z.string(),
  sha256: z.string(),
  displayName: z.string(),
  caseIds: z.array(z.string()),
  reportIds: z.array(z.number()),
  status: retentionStatus,
  deletableFrom: z.string().nullable(),
  rule: winningRule,
  holds: z.array(z.object({ id: z.string(), matter: z.string(), origin: z.string().nullable() })),
});
export type ItemRetentionView = z.infer<typeof itemRetentionView>;

export const caseRetentionView = z.object({
  caseId: z.string(),
  title: z.string(),
  status: retentionStatus,
  deletableFrom: z.string().nullable(),
  rule: winningRule.nullable(),
  items: z.number(),
});
export type CaseRetentionView = z.infer<typeof caseRetentionView>;

export const retentionOverviewView = z.object({
  at: z.string(),
  items: z.array(itemRetentionView),
  cases: z.array(caseRetentionView),
  expiry: z.object({ digest: z.string(), items: z.number() }),
});
export type RetentionOverviewView = z.infer<typeof retentionOverviewView>;

export const packageView = z.object({
  id: z.string(),
  caseId: z.string(),
  destination: z.string(),
  encrypted: z.boolean(),
  recipient: z.string().nullable(),
  externalIdentifier: z.string().nullable(),
  tagManifestSha512: z.string(),
  timestamp: z.enum(['stamped', 'pending', 'none']),
  files: z.number(),
  bytes: z.number(),
  baggedAt: z.string(),
  createdBy: z.string(),
});
export type PackageView = z.infer<typeof packageView>;

export const packageVerificationView = z.object({
  bag: z.object({ version: z.string(), payloadFiles: z.number(), payloadBytes: z.number() }),
  signer: z.string(),
  fingerprint: z.string(),
  timestamp: z.string(),
  ledgerEntries: z.number(),
  caseEntries: z.number(),
});
export type PackageVerificationView = z.infer<typeof packageVerificationView>;

export const preservationProgress = z.object({
  phase: z.enum(['originals', 'metadata', 'ledger', 'signing', 'timestamp', 'done']),
  bytes: z.number(),
  totalBytes: z.number(),
});
