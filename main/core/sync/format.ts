// The sync bundle's layout (custody-sync-bundle/1): a BagIt bag streamed as one tar inside an age file.
// Files come in one fixed order, each with a bounded size: bagit.txt, bag-info.txt, data/bundle.json,
// data/roster.json, data/cosignatures.json, data/ledger/<n>.jsonl (one per section, one canonical entry
// per line), data/blobs/<sha256> (in bundle.json's order), manifest-sha256.txt, tagmanifest-sha256.txt,
// and tagmanifest-sha256.txt.sig: a C2SP signed note whose text is the tag manifest, signed by the
// sending workstation's key. Nothing here reads a vault.
import { z } from 'zod';

export const bundleFormat = 'custody-sync-bundle/1';

/** Bounds on what a bundle may hold; a bundle past any of them is refused before it is read further. */
export const limits = {
  textFileBytes: 64 * 1024 * 1024,
  entryBytes: 1024 * 1024,
  ledgerBytes: 1024 * 1024 * 1024,
  sections: 10_000,
  blobs: 1_000_000,
  blobBytes: 64 * 1024 * 1024 * 1024,
  cards: 10_000,
  cosignatures: 10_000,
} as const;

const hex64 = z.string().regex(/^[0-9a-f]{64}$/);
const count = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);
const workstation = z.string().regex(/^[A-Za-z0-9_-]{1,100}$/);
const origin = z.string().regex(/^custody\/[A-Za-z0-9_-]{1,100}$/);

export const sectionSchema = z
  .object({
    origin,
    start: count,
    end: count,
    /** The origin's signed checkpoint at `end`. */
    checkpoint: z
      .string()
      .min(1)
      .max(64 * 1024),
    /** RFC 9162 consistency proof from `start` to `end` (empty when start is 0 or equals end). */
    consistency: z.array(hex64).max(128),
  })
  .strict()
  .refine((s) => s.start <= s.end, 'start is after end');

export const bundleSchema = z
  .object({
    format: z.literal(bundleFormat),
    id: z.string().regex(/^[0-9a-f-]{36}$/),
    created: z.string().datetime({ offset: false }),
    sender: z.object({ workstation, origin }).strict(),
    recipients: z.array(workstation).min(1).max(1000),
    full: z.boolean(),
    sections: z.array(sectionSchema).max(limits.sections),
    blobs: z.array(z.object({ sha256: hex64, size: count.max(limits.blobBytes) }).strict()).max(limits.blobs),
    /** How much of each origin's log the sender holds (what it acknowledges having received). */
    acks: z.record(origin, count),
  })
  .strict();

export type BundleManifest = z.infer<typeof bundleSchema>;
export type BundleSection = z.infer<typeof sectionSchema>;

export const rosterFileSchema = z
  .array(
    z
      .string()
      .min(1)
      .max(256 * 1024),
  )
  .max(limits.cards);
export const cosignaturesFileSchema = z
  .array(
    z
      .string()
      .min(1)
      .max(64 * 1024),
  )
  .max(limits.cosignatures);

export const paths = {
  bagit: 'bagit.txt',
  bagInfo: 'bag-info.txt',
  bundle: 'data/bundle.json',
  roster: 'data/roster.json',
  cosignatures: 'data/cosignatures.json',
  ledger: (index: number) => `data/ledger/${index}.jsonl`,
  blob: (sha256: string) => `data/blobs/${sha256}`,
  manifest: 'manifest-sha256.txt',
  tagManifest: 'tagmanifest-sha256.txt',
  signature: 'tagmanifest-sha256.txt.sig',
} as const;

export const bagitText = 'BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n';

export function bagInfoText(manifest: BundleManifest): string {
  return [
    'Bag-Software-Agent: Custody',
    `Bagging-Date: ${manifest.created.slice(0, 10)}`,
    `External-Identifier: ${manifest.id}`,
    `Source-Organization: ${manifest.sender.origin}`,
    `Internal-Sender-Description: ${bundleFormat}`,
    '',
  ].join('\n');
}

/** A BagIt manifest: `<sha256>  <path>` per file, in the order given. */
export function manifestText(files: ReadonlyArray<{ path: string; sha256: string }>): string {
  return files.map((f) => `${f.sha256}  ${f.path}\n`).join('');
}

/** The files a bundle holds, in the one order they must come in. */
export function expectedPaths(manifest: BundleManifest): string[] {
  return [
    paths.bagit,
    paths.bagInfo,
    paths.bundle,
    paths.roster,
    paths.cosignatures,
    ...manifest.sections.map((_, i) => paths.ledger(i)),
    ...manifest.blobs.map((b) => paths.blob(b.sha256)),
    paths.manifest,
    paths.tagManifest,
    paths.signature,
  ];
}
