// The decision vocabulary shared by the core and the renderer: what a decision says (category, report or
// not, the platform action recommended), the fairness-gate policy that says which decisions may stand
// alone, and the views of decisions, appeals and review agreement the core answers. Pure TypeScript and zod.
import { z } from 'zod';
import { annotations, categories } from './review';

export const reportChoices = ['report', 'no-report'] as const;
export type ReportChoice = (typeof reportChoices)[number];

export const platformActions = ['remove-content', 'suspend-account', 'none'] as const;
export type PlatformAction = (typeof platformActions)[number];

export const reportChoiceLabels: Record<ReportChoice, string> = {
  report: 'Report to NCMEC',
  'no-report': 'No report',
};

export const platformActionLabels: Record<PlatformAction, string> = {
  'remove-content': 'Remove content',
  'suspend-account': 'Suspend account',
  none: 'No action',
};

/**
 * What a person decided about an item or a case. Reviewers agree when category, reporting and action are
 * the same; annotations they add are all carried into the report.
 */
export const decisionOutcome = z
  .object({
    category: z.enum(categories).nullable(),
    report: z.enum(reportChoices),
    action: z.enum(platformActions),
    annotations: z.array(z.enum(annotations)).max(annotations.length),
  })
  .strict();
export type DecisionOutcome = z.infer<typeof decisionOutcome>;

export const rationale = z
  .string()
  .trim()
  .min(1, 'Say why: a decision needs a rationale.')
  .max(4000, 'A rationale has at most 4000 characters.');

export const subjectKinds = ['item', 'case'] as const;
export type SubjectKind = (typeof subjectKinds)[number];

/**
 * The fairness gate: when one person's decision may stand alone. Anything the rules do not let stand
 * alone needs a blind second reviewer who agrees (or a supervisor after a disagreement).
 */
export const gatePolicy = z
  .object({
    /** An unsuppressed exact (MD5, SHA-1, SHA-256) match in a known bank lets a decision stand alone. */
    exactMatchAlone: z.boolean(),
    /**
     * A PDQ match in a known bank at distance ≤ this lets a decision stand alone when the person deciding
     * revealed the item (saw it unblurred); null turns the rule off.
     */
    pdqRevealedMaxDistance: z.number().int().min(0).max(256).nullable(),
    /** Every item of a case needs a decision of its own (or the case's) before the case is submitted. */
    everyItemNeedsDecision: z.boolean(),
  })
  .strict();
export type GatePolicy = z.infer<typeof gatePolicy>;

/** The policy a vault has before an admin changes it. */
export const defaultGatePolicy: GatePolicy = {
  exactMatchAlone: true,
  pdqRevealedMaxDistance: 16,
  everyItemNeedsDecision: false,
};

export const gatePolicyVersion = z.object({
  version: z.number().int(),
  policy: gatePolicy,
  setBy: z.string().nullable(),
  setAt: z.string().nullable(),
  reason: z.string().nullable(),
});
export type GatePolicyVersion = z.infer<typeof gatePolicyVersion>;

export const evidenceMatch = z.object({
  algorithm: z.string(),
  distance: z.number(),
  bank: z.string(),
  bankVersion: z.string(),
  value: z.string(),
});

/** What a decision rests on, captured when it was recorded. */
export const decisionEvidence = z.object({
  items: z.array(
    z.object({
      itemId: z.string(),
      fileName: z.string(),
      matches: z.array(evidenceMatch),
      /** Ledger sequence numbers of this decider's reveals of the item. */
      reveals: z.array(z.number()),
      category: z.enum(categories).nullable(),
      annotations: z.array(z.enum(annotations)),
    }),
  ),
});
export type DecisionEvidence = z.infer<typeof decisionEvidence>;

export const decisionKinds = ['first', 'second', 'sample', 'resolution'] as const;
export type DecisionKind = (typeof decisionKinds)[number];

export const decisionStates = [
  'stands',
  'awaiting-second',
  'disputed',
  'resolved',
  'superseded',
  'reversed',
] as const;
export type DecisionState = (typeof decisionStates)[number];

/**
 * One recorded decision as a user may see it. While a blind review of it is pending and the reader has
 * not recorded their own, `outcome` and `rationale` are null and `blind` is true.
 */
export const decisionView = z.object({
  id: z.string(),
  kind: z.enum(decisionKinds),
  subjectKind: z.enum(subjectKinds),
  subjectId: z.string(),
  subjectName: z.string(),
  reviews: z.string().nullable(),
  decidedBy: z.string(),
  decidedAt: z.string(),
  ledgerSeq: z.number(),
  blind: z.boolean(),
  outcome: decisionOutcome.nullable(),
  rationale: z.string().nullable(),
  evidence: decisionEvidence,
  policyVersion: z.number(),
  alone: z.boolean(),
  aloneReason: z.string(),
  state: z.enum(decisionStates).nullable(),
  sampled: z.boolean(),
  agreed: z.boolean().nullable(),
});
export type DecisionView = z.infer<typeof decisionView>;

export const gateCheck = z.object({
  caseId: z.string(),
  satisfied: z.boolean(),
  policyVersion: z.number(),
  /** What is missing, one sentence each, naming the item or case. */
  missing: z.array(z.string()),
});
export type GateCheck = z.infer<typeof gateCheck>;

/** One entry of a review queue: the decision to review, without its outcome (the review is blind). */
export const queueEntry = z.object({
  decisionId: z.string(),
  subjectKind: z.enum(subjectKinds),
  subjectId: z.string(),
  subjectName: z.string(),
  decidedAt: z.string(),
  evidence: decisionEvidence,
});
export type QueueEntry = z.infer<typeof queueEntry>;

export const appealOutcomes = ['upheld', 'reversed'] as const;
export type AppealOutcome = (typeof appealOutcomes)[number];

export const followUpKinds = ['retraction', 'supplemental', 'none'] as const;
export type FollowUpKind = (typeof followUpKinds)[number];

export const appealView = z.object({
  id: z.string(),
  decisionId: z.string(),
  subjectName: z.string(),
  statement: z.string(),
  enteredBy: z.string(),
  enteredAt: z.string(),
  state: z.enum(['open', ...appealOutcomes]),
  reviewedBy: z.string().nullable(),
  reviewedAt: z.string().nullable(),
  rationale: z.string().nullable(),
  followUp: z
    .object({ kind: z.enum(followUpKinds), reportId: z.number().nullable(), note: z.string() })
    .nullable(),
});
export type AppealView = z.infer<typeof appealView>;

export const samplingSettings = z.object({
  /** Share of decisions re-reviewed blind, in percent. */
  percent: z.number().min(0).max(100),
  /** Seed of the hash that picks them, so the same decisions are picked on every workstation. */
  seed: z.string().min(1).max(200),
});
export type SamplingSettings = z.infer<typeof samplingSettings>;

export const agreementRow = z.object({
  /** The week the reviews were recorded in (its Monday, YYYY-MM-DD). */
  period: z.string(),
  /** "reviewer" rows name the person whose decision was reviewed; "category" rows the category decided. */
  by: z.enum(['reviewer', 'category']),
  key: z.string(),
  reviews: z.number(),
  agreed: z.number(),
  rate: z.number(),
});
export type AgreementRow = z.infer<typeof agreementRow>;
