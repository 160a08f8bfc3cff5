// What the renderer sees of the workstation's own screens (ingest, cases, banks, people, audit, search
// and the dashboard): the request and answer shapes their channels and events declare. Pure TypeScript and
// zod; no screen decides access with these, the policy and the core do.
import { z } from 'zod';
import { roles } from './domain';
import { ledgerActions } from './ledger';
import { categories } from './review';

/** A path on the workstation typed into a path field or chosen in a dialog. */
export const localPath = z.string().trim().min(1, 'Give a path.').max(4096);

export const ingestOutcome = z.object({
  kind: z.enum(['ingested', 'duplicate', 'failed']),
  path: z.string(),
  itemId: z.string().nullable(),
  reason: z.string().nullable(),
});
export type IngestOutcomeView = z.infer<typeof ingestOutcome>;

export const ingestProgress = z.object({
  filesDone: z.number(),
  filesTotal: z.number(),
  bytesDone: z.number(),
  bytesTotal: z.number(),
  currentPath: z.string().nullable(),
  /** The file that just finished, when this step finished one. */
  outcome: ingestOutcome.nullable(),
});
export type IngestProgressView = z.infer<typeof ingestProgress>;

export const ingestSummary = z.object({
  ingested: z.number(),
  duplicates: z.number(),
  failed: z.number(),
  cancelled: z.boolean(),
  outcomes: z.array(ingestOutcome),
  /** The case a case-file import created; null for plain files or when nothing was created. */
  caseId: z.string().nullable(),
});
export type IngestSummaryView = z.infer<typeof ingestSummary>;

export const caseBoardRow = z.object({
  id: z.string(),
  title: z.string(),
  status: z.enum(['open', 'reported', 'closed']),
  detectedAt: z.string(),
  deadlineAt: z.string(),
  remainingMs: z.number(),
  items: z.number(),
  assignedTo: z.string().nullable(),
  closedAt: z.string().nullable(),
});
export type CaseBoardRow = z.infer<typeof caseBoardRow>;

export const bankView = z.object({
  id: z.string(),
  name: z.string(),
  version: z.string(),
  source: z.string(),
  kind: z.enum(['known', 'allow']),
  format: z.string(),
  entries: z.number(),
  problems: z.number(),
  importedAt: z.string(),
  importedBy: z.string(),
});
export type BankView = z.infer<typeof bankView>;

export const bankProblem = z.object({ line: z.number(), message: z.string() });

export const userView = z.object({ name: z.string(), role: z.enum(roles) });

export const certificateView = z.object({
  subject: z.string(),
  issuer: z.string(),
  notBefore: z.string(),
  notAfter: z.string(),
  daysLeft: z.number(),
  /** Expires within 30 days (or already has): the screen warns. */
  expiresSoon: z.boolean(),
});
export type CertificateView = z.infer<typeof certificateView>;

/** An ISO time or date-time typed into a filter. */
const when = z.iso.datetime({ offset: true }).or(z.iso.date());

export const ledgerFilter = z
  .object({
    actor: z.string().trim().min(1).max(64).optional(),
    action: z.enum(ledgerActions).optional(),
    /** An item, a case, a user or bank id: the entries about it. */
    subject: z.string().trim().min(1).max(200).optional(),
    from: when.optional(),
    to: when.optional(),
  })
  .strict();
export type LedgerFilter = z.infer<typeof ledgerFilter>;

export const ledgerEntryView = z.object({
  seq: z.number(),
  time: z.string(),
  actor: z.string(),
  action: z.string(),
  subjects: z.array(z.string()),
  details: z.string(),
  signature: z.enum(['valid', 'invalid', 'unknown-key']),
  /**
   * This vault's id for the first subject, so the viewer can open it: the subject itself for this
   * workstation's entries; for a peer's entry about an item, the local item it merged into.
   */
  subjectId: z.string().nullable(),
  /** What that subject is here ('other' when it is not an item or case this vault holds). */
  subjectKind: z.enum(['item', 'case', 'other']),
  /** The ledger the entry is from: this workstation's own log, or a peer's verified replica. */
  origin: z.string(),
  /** The peer workstation the entry came from (sync); null for this workstation's own entries. */
  peer: z.string().nullable(),
});
export type LedgerEntryView = z.infer<typeof ledgerEntryView>;

/** Whose entries the audit screen shows: this workstation's own ledger, one peer's replica, or all. */
export const ledgerOrigin = z.union([
  z.enum(['own', 'all']),
  z.object({ peer: z.string().trim().min(1).max(200) }).strict(),
]);
export type LedgerOrigin = z.infer<typeof ledgerOrigin>;

export const ledgerPeer = z.object({ origin: z.string(), workstation: z.string() });
export type LedgerPeer = z.infer<typeof ledgerPeer>;

export const verifyResult = z.object({
  ok: z.boolean(),
  problems: z.array(z.string()),
  blobsChecked: z.number(),
  itemsChecked: z.number(),
  ledgerEntries: z.number(),
});

const hex = (length: number) => z.string().regex(new RegExp(`^[0-9a-fA-F]{${length}}$`));

export const searchFilter = z
  .object({
    /** A SHA-256, SHA-1 or MD5 of an original (told apart by length), or a PDQ hash with `pdqDistance`. */
    hash: z.union([hex(64), hex(40), hex(32)]).optional(),
    pdqDistance: z.number().int().min(0).max(128).optional(),
    fileName: z.string().trim().min(1).max(200).optional(),
    bank: z.string().trim().min(1).max(200).optional(),
    matchKind: z.enum(['exact', 'pdq']).optional(),
    category: z.enum([...categories, 'uncategorised']).optional(),
    caseId: z.string().uuid().optional(),
    reviewer: z.string().trim().min(1).max(64).optional(),
    from: when.optional(),
    to: when.optional(),
  })
  .strict();
export type SearchFilter = z.infer<typeof searchFilter>;

export const dashboardView = z.object({
  now: z.string(),
  cases: z.array(caseBoardRow),
  reportsPerDay: z.array(z.object({ day: z.string(), reports: z.number(), medianHoursToReport: z.number() })),
  outbox: z.number(),
  waitingForReview: z.number(),
  exposure: z.array(
    z.object({ day: z.string(), user: z.string(), reveals: z.number(), minutesRevealed: z.number() }),
  ),
});
export type DashboardView = z.infer<typeof dashboardView>;
