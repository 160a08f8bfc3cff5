// What the renderer sees of cases and their reports: the case list with its 24-hour clocks, and the
// report builder's view (the report draft, each file's details, completeness, and the XML preview).
// Pure TypeScript and zod.
import { z } from 'zod';
import { packagedBuild } from './build-flags';

export const caseId = z.string().uuid();

export const caseSummary = z.object({
  id: z.string(),
  title: z.string(),
  externalId: z.string().nullable(),
  detectedAt: z.string(),
  deadlineAt: z.string(),
  status: z.enum(['open', 'reported', 'closed']),
  items: z.number(),
  remainingMs: z.number(),
});
export type CaseSummary = z.infer<typeof caseSummary>;

/** Deepest nesting of a report draft: the XSD's report is under ten levels deep. */
const maxDraftDepth = 64;

/** Whether `value` nests at most `limit` arrays or objects deep, checked without recursion. */
function nestsWithin(value: unknown, limit: number): boolean {
  const stack: Array<[unknown, number]> = [[value, 0]];
  for (let next = stack.pop(); next !== undefined; next = stack.pop()) {
    const [node, depth] = next;
    if (node === null || typeof node !== 'object') continue;
    if (depth >= limit) return false;
    for (const child of Object.values(node)) stack.push([child, depth + 1]);
  }
  return true;
}

/** A report draft as JSON: any subset of the XSD's report sections while it is being filled in. */
export const reportDraftJson = z
  .record(z.string(), z.unknown())
  .refine((value) => nestsWithin(value, maxDraftDepth), {
    message: `The report nests deeper than ${maxDraftDepth} levels.`,
    abort: true,
  })
  .refine((value) => JSON.stringify(value).length <= 1_000_000, 'The report is larger than 1 MB.');

export const completenessView = z.object({
  exportable: z.boolean(),
  blocking: z.array(z.object({ file: z.number().optional(), path: z.string(), message: z.string() })),
  recommended: z.array(
    z.object({ file: z.number().optional(), path: z.string(), field: z.string(), why: z.string() }),
  ),
  referral: z.object({ likely: z.enum(['referral', 'informational']), reasons: z.array(z.string()) }),
});
export type CompletenessView = z.infer<typeof completenessView>;

export const reportView = z.object({
  caseId: z.string(),
  title: z.string(),
  report: z.record(z.string(), z.unknown()),
  files: z.array(
    z.object({ itemId: z.string(), fileName: z.string(), details: z.record(z.string(), z.unknown()) }),
  ),
  completeness: completenessView,
  /** report.xml as it would be exported (empty optionals omitted); a message instead when it cannot be printed. */
  xml: z.string(),
});
export type ReportView = z.infer<typeof reportView>;

export const submissionView = z.object({
  id: z.string(),
  caseId: z.string(),
  endpoint: z.string(),
  state: z.enum(['ready', 'submitting', 'opened', 'finished', 'retracted', 'ambiguous', 'expired', 'failed']),
  reportId: z.number().nullable(),
  submitAttempts: z.number(),
  openedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
  expiresAt: z.string().nullable(),
  error: z.string().nullable(),
  files: z.array(
    z.object({
      position: z.number(),
      itemId: z.string(),
      fileName: z.string(),
      md5: z.string(),
      state: z.enum(['pending', 'uploading', 'uploaded', 'described']),
      fileId: z.string().nullable(),
      ncmecMd5: z.string().nullable(),
    }),
  ),
});
export type SubmissionView = z.infer<typeof submissionView>;

export const ncmecEnvironments = ['test', 'production', 'local'] as const;
/** The environments this build offers: a packaged build has no plain-http `local` stand-in. */
export const availableNcmecEnvironments: ReadonlyArray<(typeof ncmecEnvironments)[number]> = packagedBuild
  ? ['test', 'production']
  : ncmecEnvironments;

export const ncmecSettingsView = z.object({
  environment: z.enum(ncmecEnvironments),
  endpoint: z.string(),
  username: z.string(),
  productionConfirmedAt: z.string().nullable(),
});
