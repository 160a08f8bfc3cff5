// Chat transcripts as case context: the documented JSON shape a platform writes beside a case's media
// (`custody-transcript/1`), checked when it is read, and what it contributes to a CyberTipline report
// (the reported person and the recipient with their platform ids, ESP-provided times, a summary for
// additionalInfo). Message text is data: it is shown as text, never interpreted. Pure TypeScript and zod.
import { z } from 'zod';
import type { CaseFile } from './case-file';

export const transcriptFormat = 'custody-transcript/1';
export const participantRoles = ['reported', 'recipient', 'other'] as const;
export type ParticipantRole = (typeof participantRoles)[number];

const id = z.string().trim().min(1, 'Give the platform id.').max(200);
const name = z.string().max(200);

/** An attachment: the path of one of the case's files, relative to the case file, as in `files[].path`. */
const attachmentPath = z
  .string()
  .min(1)
  .max(1024)
  .refine(
    (p) => !p.startsWith('/') && !p.includes('\\') && !p.split('/').some((s) => s === '..' || s === ''),
    {
      message: 'An attachment is the relative path of one of the case files (forward slashes, no "..").',
    },
  );

export const transcriptParticipant = z.strictObject({
  /** The participant's id on the platform (the report's espIdentifier). */
  id,
  screenName: name.optional(),
  displayName: name.optional(),
  role: z.enum(participantRoles),
});
export type TranscriptParticipant = z.infer<typeof transcriptParticipant>;

export const transcriptMessage = z.strictObject({
  id: z.string().max(200).optional(),
  /** As the platform recorded it (an ESP-provided timestamp), with its time zone. */
  sentAt: z.iso.datetime({ offset: true, error: 'Give sentAt as a date-time with a time zone.' }),
  senderId: id,
  text: z.string().max(100_000),
  attachments: z.array(attachmentPath).max(100).optional(),
});
export type TranscriptMessage = z.infer<typeof transcriptMessage>;

export const transcriptSchema = z
  .strictObject({
    format: z.literal(transcriptFormat, { error: `Set "format" to "${transcriptFormat}".` }),
    /** The service the conversation took place on (the report's espService). */
    platform: z.string().trim().min(1).max(200),
    conversationId: z.string().max(200).optional(),
    participants: z.array(transcriptParticipant).min(1, 'List at least one participant.').max(1_000),
    messages: z.array(transcriptMessage).max(100_000),
  })
  .superRefine((transcript, context) => {
    const ids = new Set<string>();
    transcript.participants.forEach((participant, index) => {
      if (ids.has(participant.id)) {
        context.addIssue({
          code: 'custom',
          path: ['participants', index, 'id'],
          message: `${participant.id} is listed twice.`,
        });
      }
      ids.add(participant.id);
    });
    transcript.messages.forEach((message, index) => {
      if (!ids.has(message.senderId)) {
        context.addIssue({
          code: 'custom',
          path: ['messages', index, 'senderId'],
          message: `${message.senderId} is not one of the participants.`,
        });
      }
    });
  });
export type Transcript = z.infer<typeof transcriptSchema>;

/** A person the report names, from a participant: ids and names exactly as the platform gave them. */
export interface TranscriptPerson {
  espIdentifier: string;
  espService: string;
  screenName?: string;
  displayName?: string[];
}

export interface TranscriptReportFacts {
  personOrUserReported: TranscriptPerson[];
  intendedRecipient: TranscriptPerson[];
  /** One paragraph for the report's additionalInfo: who, where, how many messages, over what time. */
  summary: string;
}

function person(participant: TranscriptParticipant, platform: string): TranscriptPerson {
  return {
    espIdentifier: participant.id,
    espService: platform,
    ...(participant.screenName ? { screenName: participant.screenName } : {}),
    ...(participant.displayName ? { displayName: [participant.displayName] } : {}),
  };
}

function label(participant: TranscriptParticipant): string {
  const named = participant.screenName ?? participant.displayName;
  return named ? `${named} (id ${participant.id})` : `id ${participant.id}`;
}

/** What a transcript tells the report. Times are the platform's own (ESP-provided), in UTC. */
export function transcriptReportFacts(transcript: Transcript): TranscriptReportFacts {
  const { platform, participants, messages } = transcript;
  const times = messages.map((m) => Date.parse(m.sentAt)).sort((a, b) => a - b);
  const attachments = messages.reduce((n, m) => n + (m.attachments?.length ?? 0), 0);
  const span =
    times.length > 0
      ? ` from ${new Date(times[0] as number).toISOString()} to ${new Date(times.at(-1) as number).toISOString()} (times as provided by ${platform}, UTC)`
      : '';
  const who = participants.map((p) => `${label(p)}${p.role === 'other' ? '' : `, ${p.role}`}`).join('; ');
  const summary =
    `Conversation on ${platform}${transcript.conversationId ? ` (conversation ${transcript.conversationId})` : ''} ` +
    `between ${who}: ${messages.length} message${messages.length === 1 ? '' : 's'}${span}` +
    `${attachments > 0 ? `, ${attachments} attachment${attachments === 1 ? '' : 's'}` : ''}.`;
  return {
    personOrUserReported: participants.filter((p) => p.role === 'reported').map((p) => person(p, platform)),
    intendedRecipient: participants.filter((p) => p.role === 'recipient').map((p) => person(p, platform)),
    summary,
  };
}

/** Messages containing `query` (case-insensitive), or every message for an empty query. */
export function searchMessages(messages: readonly TranscriptMessage[], query: string): TranscriptMessage[] {
  const needle = query.trim().toLowerCase();
  if (needle === '') return [...messages];
  return messages.filter((m) => m.text.toLowerCase().includes(needle));
}

type CaseReport = CaseFile['report'];

/**
 * The case's report with what its transcripts add: each reported person and recipient not already named
 * (by platform id), and each transcript's summary appended to additionalInfo. Never overwrites a field
 * the case file gave.
 */
export function withTranscriptFacts(report: CaseReport, facts: readonly TranscriptReportFacts[]): CaseReport {
  if (facts.length === 0) return report;
  const reported = [...(report.personOrUserReported ?? [])];
  const recipients = [...(report.intendedRecipient ?? [])];
  for (const fact of facts) {
    for (const person of fact.personOrUserReported) {
      if (!reported.some((p) => p.espIdentifier === person.espIdentifier)) reported.push(person);
    }
    for (const person of fact.intendedRecipient) {
      if (!recipients.some((p) => p.espIdentifier === person.espIdentifier)) recipients.push(person);
    }
  }
  const info = [report.additionalInfo, ...facts.map((f) => f.summary)].filter(Boolean).join('\n\n');
  return {
    ...report,
    ...(reported.length > 0 ? { personOrUserReported: reported } : {}),
    ...(recipients.length > 0 ? { intendedRecipient: recipients } : {}),
    additionalInfo: info,
  };
}
