// The review vocabulary shared by the core and the renderer: categories (the industry classification
// scheme NCMEC's XSD uses, plus "none"), file annotations (the XSD's fileAnnotations), reasons for a reveal,
// queue filters and wellness settings. Pure TypeScript and zod.
import { z } from 'zod';
import { pdqTransforms } from './pdq-transforms';

/** Industry classification (fileDetails/industryClassification), and "none" for reviewed, not reportable. */
export const categories = ['A1', 'A2', 'B1', 'B2', 'none'] as const;
export type Category = (typeof categories)[number];

export const categoryLabels: Record<Category, string> = {
  A1: 'A1 — prepubescent, sex act',
  A2: 'A2 — prepubescent, lascivious exhibition',
  B1: 'B1 — pubescent, sex act',
  B2: 'B2 — pubescent, lascivious exhibition',
  none: 'None — not reportable',
};

/** The XSD's fileAnnotations elements, in schema order. */
export const annotations = [
  'animeDrawingVirtualHentai',
  'potentialMeme',
  'viral',
  'possibleSelfProduction',
  'physicalHarm',
  'violenceGore',
  'bestiality',
  'liveStreaming',
  'infant',
  'generativeAi',
] as const;
export type Annotation = (typeof annotations)[number];

export const annotationLabels: Record<Annotation, string> = {
  animeDrawingVirtualHentai: 'Anime, drawing or virtual',
  potentialMeme: 'Potential meme',
  viral: 'Viral',
  possibleSelfProduction: 'Possible self-production',
  physicalHarm: 'Physical harm',
  violenceGore: 'Violence or gore',
  bestiality: 'Bestiality',
  liveStreaming: 'Live streaming',
  infant: 'Infant',
  generativeAi: 'Generative AI',
};

/** Why a reviewer needs to see unblurred pixels; recorded with every reveal. */
export const revealReasons = [
  'categorise',
  'verify-match',
  'check-false-positive',
  'identify-victim-or-location',
  'legal-request',
] as const;
export type RevealReason = (typeof revealReasons)[number];

export const revealReasonLabels: Record<RevealReason, string> = {
  categorise: 'To categorise it',
  'verify-match': 'To verify a hash match',
  'check-false-positive': 'To check a likely false positive',
  'identify-victim-or-location': 'To identify a victim or location',
  'legal-request': 'For a legal or law-enforcement request',
};

export const queues = ['all', 'matched', 'uncategorised', 'categorised'] as const;
export type Queue = (typeof queues)[number];

/** Each queue's name, as the sidebar and the grid show it. */
export const queueLabels: Record<Queue, string> = {
  all: 'All items',
  matched: 'Matched',
  uncategorised: 'Uncategorised',
  categorised: 'Categorised',
};

export const wellnessSettings = z
  .object({
    /** Extra blur the renderer adds on top of the core's blurred derivatives, 0 (none) to 3 (strongest). */
    blurStrength: z.number().int().min(0).max(3),
    greyscale: z.boolean(),
    /** How long R (or the reveal button) must be held before the reveal happens, in milliseconds. */
    revealHoldMs: z.number().int().min(300).max(5000),
    /** A break reminder after this many reveals in one session; 0 turns it off. */
    breakAfterReveals: z.number().int().min(0).max(1000),
  })
  .strict();
export type WellnessSettings = z.infer<typeof wellnessSettings>;

export const defaultWellness: WellnessSettings = {
  blurStrength: 1,
  greyscale: true,
  revealHoldMs: 800,
  breakAfterReveals: 20,
};

export const itemId = z.string().uuid();

export { pdqTransforms };

export const matchBadge = z.object({
  algorithm: z.enum(['md5', 'sha1', 'sha256', 'pdq', 'vpdq']),
  distance: z.number().int(),
  bank: z.string(),
  bankVersion: z.string(),
  suppressedBy: z.string().nullable(),
  /** For PDQ: which orientation of the item matched the bank's image. */
  transform: z.enum(pdqTransforms).nullable(),
  /** The allow entry that suppressed this match. */
  suppressor: z
    .object({
      bank: z.string(),
      bankVersion: z.string(),
      algorithm: z.enum(['md5', 'sha1', 'sha256', 'pdq', 'vpdq']),
      value: z.string(),
      distance: z.number().int(),
    })
    .nullable(),
  /** When a re-match after a bank change found it: new since the item was last reviewed. */
  flaggedAt: z.string().nullable(),
  /** For a PDQ match inside an animation or a video: the frame (from 0) that matched. */
  frame: z.number().int().nonnegative().optional(),
  /** For a PDQ match inside a video: that frame's time in the video, in seconds. */
  timestampSeconds: z.number().nonnegative().optional(),
  /** For a vPDQ (video) match: the share of the item's frames matching the bank video, and the reverse. */
  queryPercent: z.number().min(0).max(100).optional(),
  targetPercent: z.number().min(0).max(100).optional(),
});
export type MatchBadge = z.infer<typeof matchBadge>;

export const itemSummary = z.object({
  id: z.string(),
  fileName: z.string(),
  mime: z.string(),
  size: z.number(),
  sha256: z.string(),
  /** The core has blurred derivatives for it (an image it could decode). */
  viewable: z.boolean(),
  /** The strongest unsuppressed match, if any (exact before PDQ, then smallest distance). */
  match: matchBadge.nullable(),
  category: z.enum(categories).nullable(),
  annotations: z.array(z.enum(annotations)),
});
export type ItemSummary = z.infer<typeof itemSummary>;

/**
 * What peer workstations recorded about an item, each with its origin: every workstation's latest report
 * decision (this one's marked local), the peers' cases holding it, and its shreds on peers (shown for a
 * supervisor, never carried out here).
 */
export const peerRecords = z.object({
  decisions: z.array(
    z.object({
      origin: z.string(),
      local: z.boolean(),
      actorName: z.string(),
      time: z.string(),
      decision: z.string(),
      rationale: z.string(),
    }),
  ),
  cases: z.array(
    z.object({
      id: z.string(),
      origin: z.string(),
      title: z.string(),
      status: z.enum(['open', 'reported', 'closed']),
      createdBy: z.string(),
      createdAt: z.string(),
    }),
  ),
  shreds: z.array(
    z.object({ origin: z.string(), actorName: z.string(), time: z.string(), reason: z.string() }),
  ),
});
export type PeerRecords = z.infer<typeof peerRecords>;

export const itemDetail = itemSummary.extend({
  sha1: z.string(),
  md5: z.string(),
  pdq: z
    .object({ hash: z.string().nullable(), quality: z.number().nullable(), error: z.string().nullable() })
    .nullable(),
  matches: z.array(
    matchBadge.extend({ value: z.string(), label: z.string().nullable(), category: z.string().nullable() }),
  ),
  /** Queued to be matched against banks imported or removed since: its matches may be incomplete. */
  matchPending: z.boolean(),
  /** A video's vPDQ: frames hashed (one per `everySeconds`, 0 = every frame), or why none could be. */
  vpdq: z
    .object({
      everySeconds: z.number(),
      frames: z.number().int(),
      problem: z.string().nullable(),
      error: z.string().nullable(),
    })
    .nullable()
    .optional(),
  metadata: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])),
  exif: z.array(z.object({ name: z.string(), value: z.string() })),
  sources: z.array(
    z.object({
      fileName: z.string(),
      path: z.string(),
      modifiedAt: z.string().nullable(),
      ingestedAt: z.string(),
      ingestedBy: z.string(),
    }),
  ),
  history: z.array(
    z.object({
      seq: z.number(),
      time: z.string(),
      actor: z.string(),
      action: z.string(),
      summary: z.string(),
      /** The peer workstation whose ledger holds the entry (a verified sync replica); absent for this one's. */
      origin: z.string().optional(),
    }),
  ),
  /** This session holds a reveal of the item (the unblurred preview may be requested). */
  revealed: z.boolean(),
  /** What peer workstations recorded about the item (sync); absent when none did. */
  peers: peerRecords.optional(),
});
export type ItemDetail = z.infer<typeof itemDetail>;

/** One keyframe of a video's strip: its place, its time, and whether a scene change chose it. */
export const keyframeSummary = z.object({
  position: z.number().int(),
  seconds: z.number(),
  scene: z.boolean(),
  width: z.number().int(),
  height: z.number().int(),
});
export type KeyframeSummary = z.infer<typeof keyframeSummary>;
