// The IPC contract: every channel between the renderer and the trusted core, declared once.
// The preload exposes exactly these channels, the core's router validates every request against these
// schemas before a handler runs, and only the fields declared in a response schema leave the core.
// Events the core pushes to the renderer are declared in events.ts and exported from here with the channels.
import { z } from 'zod';
import { conflictChoice, conflictView } from './conflicts';
import {
  availableNcmecEnvironments,
  caseId,
  caseSummary,
  ncmecEnvironments,
  ncmecSettingsView,
  reportDraftJson,
  reportView,
  submissionView,
} from './cases';
import {
  agreementRow,
  appealOutcomes,
  appealView,
  decisionOutcome,
  decisionView,
  gateCheck,
  gatePolicy,
  gatePolicyVersion,
  queueEntry,
  rationale,
  samplingSettings,
  subjectKinds,
} from './decisions';
import {
  bankProblem,
  bankView,
  caseBoardRow,
  certificateView,
  dashboardView,
  ingestSummary,
  ledgerEntryView,
  ledgerOrigin,
  ledgerPeer,
  ledgerFilter,
  localPath,
  searchFilter,
  userView,
  verifyResult,
} from './desk';
import { passphrase, roles, sessionInfo, userName, vaultName, type Role } from './domain';
import { can } from './policy';
import { rosterMemberView, syncExportView, syncImportView, syncStatusView } from './sync';
import { transcriptSchema } from './transcript';
import {
  holdScope,
  holdView,
  packageVerificationView,
  packageView,
  retentionOverviewView,
} from './preservation';
import {
  annotations,
  categories,
  itemDetail,
  itemId,
  itemSummary,
  keyframeSummary,
  queues,
  revealReasons,
  wellnessSettings,
} from './review';

/**
 * Who may call a channel: anyone (no vault unlocked), any signed-in user, or the roles shared/policy.ts
 * gives the channel's action (`can(action)`), so the router's check and the core verb's cannot differ.
 */
export type Access = 'anyone' | 'signed-in' | readonly Role[];

export interface ChannelSpec<Req extends z.ZodType, Res extends z.ZodType> {
  request: Req;
  response: Res;
  access: Access;
  /** One line for people reading the contract and for `custody --help`-style listings. */
  summary: string;
}

function channel<Req extends z.ZodType, Res extends z.ZodType>(
  spec: ChannelSpec<Req, Res>,
): ChannelSpec<Req, Res> {
  return spec;
}

const none = z.object({}).strict();

export const contract = {
  'app.info': channel({
    summary: 'Name and version of the workstation, and whether a vault is unlocked.',
    access: 'anyone',
    request: none,
    response: z.object({
      name: z.string(),
      version: z.string(),
      session: sessionInfo.nullable(),
    }),
  }),
  'vault.list': channel({
    summary: 'The vaults on this workstation, by name.',
    access: 'anyone',
    request: none,
    response: z.object({ vaults: z.array(z.object({ name: z.string(), users: z.array(z.string()) })) }),
  }),
  'vault.create': channel({
    summary: 'Create a vault with its first user (an admin) and unlock it.',
    access: 'anyone',
    request: z.object({ vault: vaultName, user: userName, passphrase }).strict(),
    response: sessionInfo,
  }),
  'vault.unlock': channel({
    summary: 'Unlock a vault as one of its users.',
    access: 'anyone',
    request: z
      .object({
        vault: vaultName,
        user: userName,
        passphrase: z.string().min(1, 'Type your passphrase.').max(1024),
      })
      .strict(),
    response: sessionInfo,
  }),
  'vault.lock': channel({
    summary: 'Lock the vault: forget every key and return to the unlock screen.',
    access: 'signed-in',
    request: none,
    response: z.object({ locked: z.literal(true) }),
  }),
  'review.queues': channel({
    summary: 'How many items each queue holds, and how many reveals this session has made.',
    access: 'signed-in',
    request: none,
    response: z.object({
      counts: z.object({
        all: z.number(),
        matched: z.number(),
        uncategorised: z.number(),
        categorised: z.number(),
      }),
      reveals: z.number(),
    }),
  }),
  'review.items': channel({
    summary: 'A page of a queue: matched items first, then in ingest order.',
    access: 'signed-in',
    request: z
      .object({
        queue: z.enum(queues),
        offset: z.number().int().min(0),
        limit: z.number().int().min(1).max(500),
      })
      .strict(),
    response: z.object({ total: z.number(), items: z.array(itemSummary) }),
  }),
  'review.item': channel({
    summary: "One item's record: hashes, matches, EXIF, sources and its ledger history.",
    access: 'signed-in',
    request: z
      .object({
        id: itemId,
        /** Re-reading a record already open (to refresh its history) is not another opening. */
        refresh: z.boolean().optional(),
      })
      .strict(),
    response: itemDetail,
  }),
  'review.reveal': channel({
    summary:
      'Reveal an item unblurred, for a stated reason; recorded in the ledger before any pixel is served.',
    access: can('item.reveal'),
    request: z.object({ id: itemId, reason: z.enum(revealReasons) }).strict(),
    response: z.object({ reveals: z.number(), breakDue: z.boolean() }),
  }),
  'review.categorize': channel({
    summary: 'Categorise one item or a whole selection (industry classification and file annotations).',
    access: can('item.categorize'),
    request: z
      .object({
        ids: z.array(itemId).min(1).max(10_000),
        category: z.enum(categories),
        annotations: z.array(z.enum(annotations)).max(annotations.length),
      })
      .strict(),
    response: z.object({ updated: z.number() }),
  }),
  'wellness.get': channel({
    summary: "The signed-in user's wellness settings.",
    access: 'signed-in',
    request: none,
    response: wellnessSettings,
  }),
  'wellness.set': channel({
    summary: "Change the signed-in user's wellness settings.",
    access: can('settings.self'),
    request: wellnessSettings,
    response: wellnessSettings,
  }),
  'cases.list': channel({
    summary: 'The cases, open ones with the nearest (or passed) 24-hour deadline first.',
    access: 'signed-in',
    request: none,
    response: z.object({ cases: z.array(caseSummary) }),
  }),
  'cases.report': channel({
    summary: "A case's report as the builder shows it: draft, file details, completeness and XML preview.",
    access: 'signed-in',
    request: z.object({ id: caseId }).strict(),
    response: reportView,
  }),
  'cases.saveReport': channel({
    summary: 'Save an edited report draft for a case (recorded in the ledger); answers the updated view.',
    access: can('report.edit'),
    request: z.object({ id: caseId, report: reportDraftJson }).strict(),
    response: reportView,
  }),
  'cases.export': channel({
    summary: "Write the case's signed report package (only when complete and schema-valid).",
    access: can('report.export'),
    request: z
      .object({
        id: caseId,
        /** The full path of the folder the package goes into; the workstation's own when omitted. */
        folder: z.string().min(1).max(4096).optional(),
        /** An age recipient (age1…): the package becomes one encrypted .tar.age. */
        encryptTo: z
          .string()
          .trim()
          .regex(/^age1[0-9a-z]{58}$/, 'An age recipient is age1 followed by 58 letters and digits.')
          .optional(),
        /** The person confirmed the folder is not synced to a cloud after being told it commonly is. */
        allowSynced: z.boolean().optional(),
      })
      .strict(),
    response: z.object({
      /** The package's name: a folder, or a .tar.age file when encrypted. */
      folder: z.string(),
      /** The folder it was written into. */
      location: z.string(),
      encrypted: z.boolean(),
      files: z.number(),
      manifestSha256: z.string(),
    }),
  }),
  'cases.submit': channel({
    summary:
      "Send the case's report to NCMEC (or resume its submission); answers when it is finished or stopped.",
    access: can('report.submit'),
    request: z.object({ id: caseId }).strict(),
    response: submissionView,
  }),
  'cases.submission': channel({
    summary: "The case's submission and each file's step, for progress and the receipt; null before any.",
    access: 'signed-in',
    request: z.object({ id: caseId }).strict(),
    response: z.object({ submission: submissionView.nullable() }),
  }),
  'cases.resolveSubmission': channel({
    summary:
      "Record what a person found out about the case's stopped submission: NCMEC did open report N (it " +
      'continues from there), or the attempt is abandoned (the case can be submitted again).',
    access: can('report.resolve'),
    request: z.union([
      z
        .object({
          id: caseId,
          reportId: z.number().int().positive(),
          reason: z.string().trim().min(1).max(1000),
        })
        .strict(),
      z.object({ id: caseId, abandon: z.literal(true), reason: z.string().trim().min(1).max(1000) }).strict(),
    ]),
    response: submissionView,
  }),
  'outbox.list': channel({
    summary:
      'Submissions not finished yet (waiting for NCMEC, or stopped for a person), with their deadlines.',
    access: 'signed-in',
    request: none,
    response: z.object({
      submissions: z.array(submissionView.extend({ title: z.string(), deadlineAt: z.string() })),
    }),
  }),
  'ncmec.settings': channel({
    summary: 'Where reports go (test, production or a local stand-in) and as whom; never the password.',
    access: 'signed-in',
    request: none,
    response: z.object({ settings: ncmecSettingsView.nullable() }),
  }),
  'ncmec.configure': channel({
    summary: 'Set the CyberTipline endpoint and credentials; production needs an explicit confirmation.',
    access: can('ncmec.configure'),
    request: z
      .object({
        environment: z
          .enum(ncmecEnvironments)
          .refine((environment) => availableNcmecEnvironments.includes(environment), {
            message: 'The local stand-in endpoint exists only in development builds.',
          }),
        username: z.string().trim().min(1).max(200),
        password: z.string().min(1).max(1000).optional(),
        endpoint: z.string().max(300).optional(),
        confirmProduction: z.boolean().optional(),
      })
      .strict(),
    response: ncmecSettingsView,
  }),
  'decisions.list': channel({
    summary:
      'Every decision on an item or a case and the reviews of it; blind (outcome withheld) while a review the caller has not given is pending.',
    access: 'signed-in',
    request: z.object({ subjectId: z.string().uuid() }).strict(),
    response: z.object({ decisions: z.array(decisionView) }),
  }),
  'decisions.record': channel({
    summary:
      'Record a decision on an item or a case with its rationale; the core adds the evidence and applies the fairness gate.',
    access: can('decision.record'),
    request: z
      .object({
        subjectKind: z.enum(subjectKinds),
        subjectId: z.string().uuid(),
        outcome: decisionOutcome,
        rationale,
      })
      .strict(),
    response: decisionView,
  }),
  'decisions.review': channel({
    summary:
      "Record a blind review of another person's decision (second or sampled); answers both once it is recorded.",
    access: can('decision.second'),
    request: z.object({ decisionId: z.string().uuid(), outcome: decisionOutcome, rationale }).strict(),
    response: z.object({ review: decisionView, first: decisionView }),
  }),
  'decisions.resolve': channel({
    summary: 'A supervisor who took no part settles a disagreement between reviewers.',
    access: can('decision.resolve'),
    request: z.object({ decisionId: z.string().uuid(), outcome: decisionOutcome, rationale }).strict(),
    response: decisionView,
  }),
  'decisions.queues': channel({
    summary:
      'What awaits this user: blind second reviews, sampled quality reviews (never their own) and disagreements.',
    access: 'signed-in',
    request: none,
    response: z.object({
      second: z.array(queueEntry),
      sample: z.array(queueEntry),
      disputed: z.array(decisionView),
    }),
  }),
  'decisions.gate': channel({
    summary: "Whether a case's decisions satisfy the fairness gate, and what is missing.",
    access: 'signed-in',
    request: z.object({ caseId }).strict(),
    response: gateCheck,
  }),
  'gate.policy': channel({
    summary: 'The fairness-gate policy in force and its earlier versions.',
    access: 'signed-in',
    request: none,
    response: z.object({ current: gatePolicyVersion, history: z.array(gatePolicyVersion) }),
  }),
  'gate.configure': channel({
    summary: 'Set a new version of the fairness-gate policy, with the reason (recorded in the ledger).',
    access: can('gate.configure'),
    request: z.object({ policy: gatePolicy, reason: z.string().trim().min(1).max(1000) }).strict(),
    response: gatePolicyVersion,
  }),
  'appeals.list': channel({
    summary: 'Appeals against decisions, open ones first, with their outcome and follow-up.',
    access: 'signed-in',
    request: none,
    response: z.object({ appeals: z.array(appealView) }),
  }),
  'appeals.record': channel({
    summary: "Enter the account holder's appeal against a decision.",
    access: can('appeal.record'),
    request: z.object({ decisionId: z.string().uuid(), statement: rationale }).strict(),
    response: appealView,
  }),
  'appeals.review': channel({
    summary: 'Uphold or reverse a decision under appeal (only someone who took no part in it may).',
    access: can('appeal.review'),
    request: z.object({ appealId: z.string().uuid(), outcome: z.enum(appealOutcomes), rationale }).strict(),
    response: appealView,
  }),
  'quality.agreement': channel({
    summary: 'Agreement of blind reviews per week, per reviewer and per category, and the sampling setting.',
    access: 'signed-in',
    request: none,
    response: z.object({ rows: z.array(agreementRow), sampling: samplingSettings }),
  }),
  'sampling.configure': channel({
    summary: 'Set the share of decisions re-reviewed blind for quality, and the seed that picks them.',
    access: can('sampling.configure'),
    request: samplingSettings.strict(),
    response: samplingSettings,
  }),
  'holds.list': channel({
    summary: 'Every legal hold, active ones first, with its scope and who placed or released it.',
    access: can('item.read'),
    request: z.object({}).strict(),
    response: z.object({ holds: z.array(holdView) }),
  }),
  'holds.add': channel({
    summary: 'Place a legal hold over cases, items or reported accounts: nothing in its scope expires.',
    access: can('hold.manage'),
    request: z
      .object({
        matter: z.string().trim().min(2).max(300),
        reason: z.string().trim().max(2000).optional(),
        scope: z.array(holdScope).min(1).max(500),
        decisions: z.array(z.string().uuid()).max(50).optional(),
      })
      .strict(),
    response: holdView,
  }),
  'holds.release': channel({
    summary: 'Release a legal hold, saying why.',
    access: can('hold.manage'),
    request: z.object({ id: z.string().uuid(), reason: z.string().trim().min(3).max(2000) }).strict(),
    response: holdView,
  }),
  'retention.overview': channel({
    summary:
      "Every item's and case's retention: when it may be deleted, the rule that says so, and what expired.",
    access: can('item.read'),
    request: z.object({ at: z.string().datetime().optional() }).strict(),
    response: retentionOverviewView,
  }),
  'retention.run': channel({
    summary: 'Crypto-shred the expired items of the list whose digest the person confirms.',
    access: can('retention.run'),
    request: z.object({ digest: z.string().regex(/^[0-9a-f]{64}$/) }).strict(),
    response: z.object({ digest: z.string(), shredded: z.number() }),
  }),
  'preservation.export': channel({
    summary: "Write a case's signed preservation package to the exports folder and verify it.",
    access: can('preservation.export'),
    request: z
      .object({
        caseId,
        recipient: z.string().trim().max(300).optional(),
        tsaUrl: z.string().url().max(500).optional(),
      })
      .strict(),
    response: z.object({ package: packageView, verification: packageVerificationView }),
  }),
  'preservation.packages': channel({
    summary: 'The preservation packages this vault delivered, newest first.',
    access: can('preservation.export'),
    request: z.object({}).strict(),
    response: z.object({ packages: z.array(packageView) }),
  }),
  'exports.destination': channel({
    summary:
      'Where an export may go: the workstation’s own folder, whether a folder picker exists, and the folder picked.',
    access: can('report.export'),
    request: z.object({ choose: z.boolean() }).strict(),
    response: z.object({ suggested: z.string(), picker: z.boolean(), chosen: z.string().nullable() }),
  }),
  'ingest.choose': channel({
    summary:
      "Open the workstation's own file dialog for files, a folder or a case file; no paths when it has none.",
    access: can('item.ingest'),
    request: z.object({ kind: z.enum(['files', 'folder', 'caseFile']) }).strict(),
    response: z.object({ available: z.boolean(), paths: z.array(z.string()) }),
  }),
  'ingest.start': channel({
    summary: 'Ingest files and folders (progress as ingest.progress events); answers the summary.',
    access: can('item.ingest'),
    request: z.object({ paths: z.array(localPath).min(1).max(1000) }).strict(),
    response: ingestSummary,
  }),
  'ingest.cancel': channel({
    summary: 'Stop the ingest or case import under way after the files already being read.',
    access: can('item.ingest'),
    request: none,
    response: z.object({ cancelled: z.boolean() }),
  }),
  'cases.import': channel({
    summary: 'Import a case file and its media (progress as ingest.progress events).',
    access: can('case.import'),
    request: z.object({ path: localPath }).strict(),
    response: ingestSummary,
  }),
  'cases.board': channel({
    summary: 'Every case with its clock, its reviewer and whether it is closed.',
    access: 'signed-in',
    request: none,
    response: z.object({ cases: z.array(caseBoardRow), reviewers: z.array(z.string()) }),
  }),
  'cases.create': channel({
    summary: 'Create a case from items in the vault; its 24-hour clock starts at the given detection time.',
    access: can('case.create'),
    request: z
      .object({
        title: z.string().trim().min(1, 'Give the case a title.').max(200),
        itemIds: z.array(itemId).min(1).max(10_000),
        detectedAt: z.iso.datetime({ offset: true }),
      })
      .strict(),
    response: caseBoardRow,
  }),
  'cases.assign': channel({
    summary: 'Assign a case to a reviewer, or take the assignment away (null).',
    access: can('case.assign'),
    request: z.object({ id: caseId, user: userName.nullable() }).strict(),
    response: caseBoardRow,
  }),
  'cases.close': channel({
    summary: 'Close a case (with a reason) or reopen a closed one.',
    access: can('case.close'),
    request: z
      .object({ id: caseId, close: z.boolean(), reason: z.string().trim().min(1).max(1000) })
      .strict(),
    response: caseBoardRow,
  }),
  'banks.list': channel({
    summary: "The vault's hash banks: source, kind, version, entry count and when each was imported.",
    access: 'signed-in',
    request: none,
    response: z.object({
      banks: z.array(bankView),
      /** The formats an import understands: name and a line describing it. */
      formats: z.array(z.object({ name: z.string(), description: z.string() })),
    }),
  }),
  'banks.import': channel({
    summary:
      'Import a hash bank file (progress as bank.progress events); answers its line-numbered problems.',
    access: can('bank.import'),
    request: z
      .object({
        path: localPath,
        name: z.string().trim().min(1).max(200),
        version: z.string().trim().min(1).max(100),
        kind: z.enum(['known', 'allow']),
        source: z.string().trim().max(500).optional(),
        /** A format name from banks.list; detected from the file when absent. */
        format: z.string().trim().min(1).max(40).optional(),
      })
      .strict(),
    response: z.object({ bank: bankView, problems: z.array(bankProblem) }),
  }),
  'banks.remove': channel({
    summary: 'Remove a bank, for a reason; its matches stay cited in what was already reported.',
    access: can('bank.remove'),
    request: z
      .object({ id: z.string().min(1).max(100), reason: z.string().trim().min(1).max(1000) })
      .strict(),
    response: bankView,
  }),
  'users.list': channel({
    summary: 'The users who may unlock the vault, with their roles.',
    access: can('user.manage'),
    request: none,
    response: z.object({ users: z.array(userView) }),
  }),
  'users.add': channel({
    summary: 'Add a user with a role and a first passphrase.',
    access: can('user.manage'),
    request: z.object({ name: userName, role: z.enum(roles), passphrase }).strict(),
    response: userView,
  }),
  'users.setRole': channel({
    summary: "Change a user's role (the last admin stays an admin).",
    access: can('user.manage'),
    request: z.object({ name: userName, role: z.enum(roles) }).strict(),
    response: userView,
  }),
  'users.resetPassphrase': channel({
    summary: "Reset a user's passphrase; with rotate, the vault's key is replaced too.",
    access: can('user.manage'),
    request: z.object({ name: userName, passphrase, rotate: z.boolean() }).strict(),
    response: z.object({ reset: z.literal(true) }),
  }),
  'users.remove': channel({
    summary: "Remove a user: their key slot goes and the vault's key is rotated.",
    access: can('user.manage'),
    request: z.object({ name: userName }).strict(),
    response: z.object({ removed: z.literal(true) }),
  }),
  'organisation.identity': channel({
    summary:
      "The organisation's signing certificate (subject, issuer, expiry), or null when none is installed.",
    access: 'signed-in',
    request: none,
    response: z.object({ certificate: certificateView.nullable() }),
  }),
  'organisation.import': channel({
    summary: "Install the organisation's signing identity from a PKCS#12 file.",
    access: can('organisation.configure'),
    request: z.object({ path: localPath, password: z.string().max(1024) }).strict(),
    response: certificateView,
  }),
  'vault.location': channel({
    summary: 'Where the vaults live on this workstation: the data folder and this vault’s folder.',
    access: 'signed-in',
    request: none,
    response: z.object({ vaultsFolder: z.string(), vaultFolder: z.string(), vaults: z.array(z.string()) }),
  }),
  'ledger.query': channel({
    summary:
      "A page of the vault's ledger, newest first, filtered; each entry with its signature checked and its " +
      "origin: this workstation's own (the default), one peer's verified replica (sync), or all of them.",
    access: can('ledger.read'),
    request: z
      .object({
        filter: ledgerFilter,
        /** Whose entries: this workstation's (absent or 'own'), one peer's, or all. */
        origin: ledgerOrigin.optional(),
        /** Within one ledger: the sequence number the page ends below. */
        before: z.number().int().min(0).optional(),
        /** With origin 'all' (entries merged by time): how many newer entries to skip. */
        offset: z.number().int().min(0).max(100_000).optional(),
        limit: z.number().int().min(1).max(500),
      })
      .strict(),
    response: z.object({
      total: z.number(),
      entries: z.array(ledgerEntryView),
      /** The peers whose verified entries this workstation holds (the origin filter's choices). */
      peers: z.array(ledgerPeer),
    }),
  }),
  'ledger.exportView': channel({
    summary: 'Export the filtered entries with their inclusion proofs in the `custody log export` format.',
    access: can('ledger.export'),
    request: z.object({ filter: ledgerFilter, destination: localPath }).strict(),
    response: z.object({ path: z.string(), entries: z.number() }),
  }),
  'vault.verify': channel({
    summary: 'Verify the whole vault (progress as verify.progress events); answers every problem by name.',
    access: can('vault.verify'),
    request: none,
    response: verifyResult,
  }),
  'review.search': channel({
    summary: 'A page of the items a search finds, in review order (matched first), read along indexes.',
    access: 'signed-in',
    request: z
      .object({
        filter: searchFilter,
        offset: z.number().int().min(0),
        limit: z.number().int().min(1).max(500),
      })
      .strict(),
    response: z.object({ total: z.number(), items: z.array(itemSummary) }),
  }),
  'dashboard.view': channel({
    summary: 'Deadlines, reports per day, the outbox, waiting items and reviewer exposure, for supervisors.',
    access: can('dashboard.read'),
    request: none,
    response: dashboardView,
  }),
  'cases.transcripts': channel({
    summary:
      "A case's chat transcripts, read from their stored copies, with attachments resolved to case items (recorded as a view).",
    access: can('item.read'),
    request: z.object({ id: caseId }).strict(),
    response: z.object({
      transcripts: z.array(
        z.union([
          z.object({
            itemId,
            path: z.string(),
            ok: z.literal(true),
            transcript: transcriptSchema,
            attachments: z.record(z.string(), itemId),
          }),
          z.object({ itemId, path: z.string(), ok: z.literal(false), problem: z.string() }),
        ]),
      ),
    }),
  }),
  'conflicts.list': channel({
    summary:
      "Conflicts between workstations' decisions on one item, open ones first: each side with its origin, actor, time and rationale.",
    access: can('item.read'),
    request: z.object({ open: z.boolean().optional() }).strict(),
    response: z.object({ conflicts: z.array(conflictView) }),
  }),
  'conflicts.resolve': channel({
    summary: 'Resolve a conflict: choose one side and say why (a signed entry citing every side).',
    access: can('conflict.resolve'),
    request: conflictChoice,
    response: conflictView,
  }),
  'review.keyframes': channel({
    summary: "A video's keyframe strip: where each keyframe is and whether a scene change chose it.",
    access: 'signed-in',
    request: z.object({ id: itemId }).strict(),
    response: z.object({ keyframes: z.array(keyframeSummary) }),
  }),
  'review.revealKeyframe': channel({
    summary:
      'Reveal one keyframe of a video unblurred (and allow its muted playback), for a stated reason; recorded first.',
    access: can('item.reveal'),
    request: z
      .object({ id: itemId, keyframe: z.number().int().min(0).max(63), reason: z.enum(revealReasons) })
      .strict(),
    response: z.object({ reveals: z.number(), breakDue: z.boolean() }),
  }),
  'review.unmute': channel({
    summary: "Hear a revealed video's sound: a separate choice, recorded before the player unmutes.",
    access: can('item.unmute'),
    request: z.object({ id: itemId }).strict(),
    response: z.object({}),
  }),
  'sync.status': channel({
    summary:
      'Sync status: per origin the entries held, the latest checkpoint and its witnesses; items, conflicts.',
    access: can('sync.status'),
    request: none,
    response: syncStatusView,
  }),
  'sync.roster': channel({
    summary: "The team roster: each member workstation's card fingerprint, role here and users.",
    access: can('sync.status'),
    request: none,
    response: z.object({ members: z.array(rosterMemberView) }),
  }),
  'sync.card': channel({
    summary: "This workstation's signed roster card and its fingerprint, for a peer's admin.",
    access: can('sync.status'),
    request: none,
    response: z.object({ card: z.string(), fingerprint: z.string(), workstation: z.string() }),
  }),
  'sync.inspectCard': channel({
    summary: "Reads a peer's card file and shows its fingerprint before it is added.",
    access: can('roster.manage'),
    request: z.object({ path: localPath }).strict(),
    response: z.object({ workstation: z.string(), fingerprint: z.string(), users: z.number() }),
  }),
  'sync.rosterAdd': channel({
    summary: 'Adds a peer workstation to the roster from its card file, its users holding the role given.',
    access: can('roster.manage'),
    request: z.object({ path: localPath, role: z.enum(roles) }).strict(),
    response: rosterMemberView,
  }),
  'sync.rosterRemove': channel({
    summary: 'Removes a workstation from the roster: its bundles are refused from then on.',
    access: can('roster.manage'),
    request: z.object({ workstation: z.string().trim().min(1).max(100) }).strict(),
    response: rosterMemberView,
  }),
  'sync.export': channel({
    summary: 'Writes a sync bundle for the roster (or the workstations named) to the exports folder.',
    access: can('sync.export'),
    request: z
      .object({
        to: z.array(z.string().trim().min(1).max(100)).max(1000).optional(),
        all: z.boolean().optional(),
      })
      .strict(),
    response: syncExportView,
  }),
  'sync.import': channel({
    summary: 'Verifies a sync bundle completely, then takes it in (progress as sync.progress events).',
    access: can('sync.import'),
    request: z.object({ path: localPath }).strict(),
    response: syncImportView,
  }),
  'holds.link': channel({
    summary: 'Link an active legal hold to the decision that caused it, so that a reversal reaches counsel.',
    access: can('hold.manage'),
    request: z.object({ id: z.string().uuid(), decisionId: z.string().uuid() }).strict(),
    response: holdView,
  }),
} as const;

export type Contract = typeof contract;
export type Channel = keyof Contract;
export type RequestOf<C extends Channel> = z.input<Contract[C]['request']>;
export type ParsedRequestOf<C extends Channel> = z.output<Contract[C]['request']>;
export type ResponseOf<C extends Channel> = z.output<Contract[C]['response']>;

export const channels = Object.keys(contract) as Channel[];

export function isChannel(name: unknown): name is Channel {
  return typeof name === 'string' && Object.hasOwn(contract, name);
}

export { roles };

// The push half of the contract, main → renderer: each event's name, payload schema and summary.
export {
  eventNames,
  events,
  isEventName,
  type CustodyEvent,
  type EventName,
  type EventPayload,
} from './events';
