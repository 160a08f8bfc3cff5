// The case file a platform's pipeline writes for Custody to import: the reported context (the
// CyberTipline report's sections, checked against the XSD's rules as they are read) and the media files,
// by path relative to the case file. `custody case example` writes a complete benign example; the README
// documents every field. Pure TypeScript and zod.
import { z } from 'zod';
import {
  deviceIdSchema,
  fileRelevances,
  ipCaptureEventSchema,
  reporterSchema,
  reportSchema,
} from './cybertip';

/** A path inside the case folder: relative, forward slashes, no `..` segments, no drive letters. */
const relativePath = z
  .string()
  .min(1, 'Give the file path, relative to the case file.')
  .max(1024)
  .refine((p) => !p.startsWith('/') && !/^[A-Za-z]:/.test(p) && !p.includes('\\'), {
    message: 'Use a relative path with forward slashes (e.g. media/photo-1.jpg).',
  })
  .refine((p) => !p.split('/').some((segment) => segment === '..' || segment === ''), {
    message: 'A path may not contain "..", "//" or a trailing slash: files must be inside the case folder.',
  });

export const caseFileEntry = z.strictObject({
  path: relativePath,
  /** The name the file had on the platform, if different from its name on disk. */
  originalFileName: z.string().max(1024).optional(),
  uploadedToEspTimestamp: z.iso.datetime({ offset: true }).optional(),
  /** Where on the platform the file was found (a URL or a storage location). */
  locationOfFile: z.string().max(2048).optional(),
  publiclyAvailable: z.boolean().optional(),
  fileRelevance: z.enum(fileRelevances).optional(),
  ipCaptureEvent: ipCaptureEventSchema.optional(),
  deviceId: z.array(deviceIdSchema).optional(),
  additionalInfo: z.array(z.string().max(10_000)).optional(),
});
export type CaseFileEntry = z.infer<typeof caseFileEntry>;

/** A chat transcript in the case folder (`custody-transcript/1`, shared/transcript.ts): context, not a report file. */
export const caseTranscriptEntry = z.strictObject({
  path: relativePath,
  description: z.string().max(1000).optional(),
});
export type CaseTranscriptEntry = z.infer<typeof caseTranscriptEntry>;

export const caseFileSchema = z.strictObject({
  format: z.literal('custody-case/1', { error: 'Set "format" to "custody-case/1".' }),
  title: z.string().trim().min(1, 'Give the case a title.').max(200),
  /** The platform's own id for the case, for cross-reference. */
  externalId: z.string().max(200).optional(),
  /** When the platform detected the content: the 24-hour reporting clock starts here. */
  detectedAt: z.iso.datetime({ offset: true, error: 'Give detectedAt as a date-time with a time zone.' }),
  /** The report's sections as the XSD names them; the reporter may come from the workstation's settings. */
  report: reportSchema.omit({ reporter: true }).extend({ reporter: reporterSchema.optional() }),
  files: z.array(caseFileEntry).min(1, 'List at least one media file.').max(10_000),
  /** Conversation transcripts; their attachments name paths listed in `files`. */
  transcripts: z.array(caseTranscriptEntry).max(100).optional(),
});
export type CaseFile = z.infer<typeof caseFileSchema>;

/** NCMEC expects a report within 24 hours of detection (18 U.S.C. §2258A "as soon as reasonably possible"). */
export const reportDeadlineHours = 24;
