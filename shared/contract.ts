// The IPC contract: every channel between the renderer and the trusted core, declared once.
// The preload exposes exactly these channels, the core's router validates every request against these
// schemas before a handler runs, and only the fields declared in a response schema leave the core.
// Events the core pushes to the renderer are declared in events.ts and exported from here with the channels.
import { z } from 'zod';
import {
  caseId,
  caseSummary,
  ncmecEnvironments,
  ncmecSettingsView,
  reportDraftJson,
  reportView,
  submissionView,
} from './cases';
import { passphrase, roles, sessionInfo, userName, vaultName, type Role } from './domain';
import { can } from './policy';
import { transcriptSchema } from './transcript';
import {
  annotations,
  categories,
  itemDetail,
  itemId,
  itemSummary,
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
    request: z.object({ id: caseId }).strict(),
    response: z.object({ folder: z.string(), files: z.number(), manifestSha256: z.string() }),
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
        environment: z.enum(ncmecEnvironments),
        username: z.string().trim().min(1).max(200),
        password: z.string().min(1).max(1000).optional(),
        endpoint: z.string().max(300).optional(),
        confirmProduction: z.boolean().optional(),
      })
      .strict(),
    response: ncmecSettingsView,
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
