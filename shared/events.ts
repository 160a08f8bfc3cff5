// The events half of the contract: every push from the trusted core to the renderer, declared once with a
// zod payload schema. The core refuses to emit a payload its schema does not accept, and the preload and
// the harness bridge let the renderer listen to exactly these names. Events carry news, never commands:
// the renderer still asks through a channel for anything it acts on.
import { z } from 'zod';
import { submissionView } from './cases';
import { preservationProgress } from './preservation';
import { bankProblem, ingestProgress } from './desk';
import { syncProgress } from './sync';

export interface EventSpec<Payload extends z.ZodType> {
  payload: Payload;
  /** One line for people reading the contract. */
  summary: string;
}

function event<Payload extends z.ZodType>(spec: EventSpec<Payload>): EventSpec<Payload> {
  return spec;
}

export const events = {
  'submission.progress': event({
    summary:
      "A submission to NCMEC moved on: its state and each file's step, as cases.submission answers (it names the case).",
    payload: submissionView,
  }),
  'session.locked': event({
    summary: 'The vault was locked (by the user, by auto-lock or on quit); its keys are forgotten.',
    payload: z.object({}).strict(),
  }),
  'rematch.progress': event({
    summary:
      'Re-matching the vault after a bank import or removal moved on: items done of total, and how many got a new known match (flagged for review).',
    payload: z.object({ done: z.number(), total: z.number(), flagged: z.number() }).strict(),
  }),
  'preservation.progress': event({
    summary: 'A preservation package being written moved on: its phase and the bytes of originals written.',
    payload: preservationProgress,
  }),
  'retention.due': event({
    summary:
      "The daily retention check found expired items: their count and the list's digest, for counsel to confirm.",
    payload: z.object({ at: z.string(), items: z.number(), digest: z.string() }).strict(),
  }),
  'ingest.progress': event({
    summary: 'An ingest or case import moved on: files and bytes done, and the file that just finished.',
    payload: ingestProgress,
  }),
  'bank.progress': event({
    summary: 'A bank import moved on: entries read so far and the problems found (with their line).',
    payload: z.object({ entries: z.number(), problems: z.number(), latest: bankProblem.nullable() }),
  }),
  'verify.progress': event({
    summary: 'Verifying the vault moved on: blobs checked of all of them.',
    payload: z.object({ blobsDone: z.number(), blobsTotal: z.number() }),
  }),
  'sync.progress': event({
    summary: 'A sync bundle being written or taken in moved on: its phase and how far it got.',
    payload: syncProgress,
  }),
} as const;

export type Events = typeof events;
export type EventName = keyof Events;
export type EventPayload<E extends EventName> = z.output<Events[E]['payload']>;

/** One emitted event, as the core's listeners receive it: narrow on `name` to type the payload. */
export type CustodyEvent = { [E in EventName]: { name: E; payload: EventPayload<E> } }[EventName];

export const eventNames = Object.keys(events) as EventName[];

export function isEventName(name: unknown): name is EventName {
  return typeof name === 'string' && Object.hasOwn(events, name);
}
