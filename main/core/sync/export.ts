// `custody sync export`: writes one bundle for the roster's workstations (or those named): per origin the
// entries they have not acknowledged (all of them with `full`), each range ending at a signed checkpoint
// with an RFC 9162 consistency proof from where it starts, the originals those entries ingested, the
// roster's cards, this workstation's cosignatures and acknowledgements; signed, bagged, age-encrypted and
// written through stagedExport. It never sends a removed member anything.
import { createHash, randomUUID } from 'node:crypto';
import { InvalidInputError } from '../errors';
import { stagedExport } from '../exports';
import { requireRole, type Vault } from '../identity';
import { canonicalize, consistencyProof, parseEntry, signNote, SubtreeCache } from '../ledger';
import { liveOriginals } from '../review';
import { readBlob } from '../vault';
import { makeCard, readCard } from './card';
import {
  bagInfoText,
  bagitText,
  bundleFormat,
  manifestText,
  paths,
  type BundleManifest,
  type BundleSection,
} from './format';
import { ensureSyncKeys, witnessName } from './keys';
import {
  acksOf,
  cosignatures,
  replicaHeads,
  replicaLeafHashes,
  replicaLeaves,
  rosterRows,
  type RosterRow,
} from './store';

export interface ExportOptions {
  /** Workstation ids to address; all current roster members when empty. */
  to?: readonly string[];
  /** Re-send everything held, not only what the recipients have not acknowledged. */
  all?: boolean;
  onProgress?: (progress: SyncProgress) => void;
}

export interface SyncProgress {
  phase: 'ledger' | 'blobs' | 'verify' | 'apply';
  done: number;
  total: number;
}

export interface ExportSummary {
  path: string;
  id: string;
  recipients: string[];
  sections: Array<{ origin: string; start: number; end: number }>;
  blobs: number;
  bytes: number;
}

function recipientsFor(vault: Vault, to: readonly string[]): RosterRow[] {
  const current = rosterRows(vault.db).filter((r) => r.removedAt === null);
  if (to.length === 0) {
    if (current.length === 0)
      throw new InvalidInputError('The roster is empty: add a peer workstation first.');
    return current;
  }
  return to.map((id) => {
    const row = rosterRows(vault.db).find((r) => r.workstation === id);
    if (!row) throw new InvalidInputError(`Workstation ${id} is not on the roster.`);
    if (row.removedAt !== null)
      throw new InvalidInputError(`Workstation ${id} was removed from the roster on ${row.removedAt}.`);
    return row;
  });
}

interface PlannedSection {
  section: BundleSection;
  leaves: Buffer[];
}

function planSections(vault: Vault, recipients: readonly RosterRow[], all: boolean): PlannedSection[] {
  const acks = new Map(recipients.map((r) => [r.workstation, acksOf(vault.db, r.workstation)]));
  const startFor = (origin: string): number | null => {
    const needing = recipients.filter((r) => r.origin !== origin);
    if (needing.length === 0) return null;
    return all ? 0 : Math.min(...needing.map((r) => acks.get(r.workstation)?.get(origin) ?? 0));
  };
  const planned: PlannedSection[] = [];
  const own = vault.ledger.checkpoint();
  const ownStart = startFor(vault.ledger.origin);
  if (own && ownStart !== null) {
    const start = Math.min(ownStart, own.size);
    const subtrees = vault.ledger.subtrees();
    planned.push({
      section: {
        origin: vault.ledger.origin,
        start,
        end: own.size,
        checkpoint: own.note,
        consistency: proofHex(start, own.size, subtrees),
      },
      leaves: vault.ledger.leaves(start, own.size),
    });
  }
  const removed = new Set(
    rosterRows(vault.db)
      .filter((r) => r.removedAt !== null)
      .map((r) => r.origin),
  );
  for (const head of replicaHeads(vault.db)) {
    if (removed.has(head.origin)) continue;
    const wanted = startFor(head.origin);
    if (wanted === null) continue;
    const start = Math.min(wanted, head.size);
    if (start === head.size) continue;
    const subtrees = new SubtreeCache((s, e) => replicaLeafHashes(vault.db, head.origin, s, e));
    planned.push({
      section: {
        origin: head.origin,
        start,
        end: head.size,
        checkpoint: head.checkpoint,
        consistency: proofHex(start, head.size, subtrees),
      },
      leaves: replicaLeaves(vault.db, head.origin, start, head.size),
    });
  }
  return planned;
}

function proofHex(start: number, end: number, subtrees: SubtreeCache): string[] {
  if (start === 0 || start === end) return [];
  return consistencyProof(start, end, subtrees.subtreeHash).map((h) => Buffer.from(h).toString('hex'));
}

/** The originals that the sections' item.ingest entries brought in and this vault still holds. */
function plannedBlobs(
  vault: Vault,
  sections: readonly PlannedSection[],
): Array<{ sha256: string; size: number; blobId: string }> {
  const held = new Map(liveOriginals(vault).map((o) => [o.sha256, o.blobId]));
  const out = new Map<string, { sha256: string; size: number; blobId: string }>();
  for (const { leaves } of sections) {
    for (const leaf of leaves) {
      if (!leaf.includes('"action":"item.ingest"')) continue;
      const { details } = parseEntry(leaf);
      const sha256 = typeof details.sha256 === 'string' ? details.sha256 : null;
      const size = typeof details.size === 'number' ? details.size : null;
      const blobId = sha256 ? held.get(sha256) : undefined;
      if (sha256 && size !== null && blobId && !out.has(sha256)) out.set(sha256, { sha256, size, blobId });
    }
  }
  return [...out.values()];
}

async function* hashing(
  source: AsyncIterable<Uint8Array>,
  hash: ReturnType<typeof createHash>,
): AsyncIterable<Uint8Array> {
  for await (const chunk of source) {
    hash.update(chunk);
    yield chunk;
  }
}

export async function exportBundle(
  vault: Vault,
  out: string,
  options: ExportOptions = {},
): Promise<ExportSummary> {
  requireRole(vault, 'sync.export');
  const keys = await ensureSyncKeys(vault);
  const recipients = recipientsFor(vault, options.to ?? []);
  const ageRecipients = recipients.map((r) => readCard(r.card).content.recipient);
  const id = randomUUID();
  const progress = options.onProgress ?? (() => undefined);
  let summary: Omit<ExportSummary, 'path'> | null = null;
  const outcome = await stagedExport(
    vault,
    {
      kind: 'sync-bundle',
      destination: out,
      subjects: [id, ...recipients.map((r) => r.workstation)],
      details: { bundle: id, to: recipients.map((r) => r.workstation), all: Boolean(options.all) },
      encryptTo: { recipients: ageRecipients },
    },
    async (sink) => {
      const sections = planSections(vault, recipients, Boolean(options.all));
      const blobs = plannedBlobs(vault, sections);
      const manifest: BundleManifest = {
        format: bundleFormat,
        id,
        created: new Date().toISOString(),
        sender: { workstation: vault.workstationId, origin: vault.ledger.origin },
        recipients: recipients.map((r) => r.workstation),
        full: Boolean(options.all),
        sections: sections.map((s) => s.section),
        blobs: blobs.map((b) => ({ sha256: b.sha256, size: b.size })),
        acks: Object.fromEntries(replicaHeads(vault.db).map((h) => [h.origin, h.size])),
      };
      const cards = [
        makeCard(vault, keys).text,
        ...rosterRows(vault.db)
          .filter((r) => r.removedAt === null)
          .map((r) => r.card),
      ];
      const mine = cosignatures(vault.db)
        .filter((c) => c.witness === witnessName(vault.workstationId))
        .map((c) => c.note);
      const payload: Array<{ path: string; sha256: string }> = [];
      let bytes = 0;
      const addData = async (path: string, content: string | Buffer) => {
        const buffer = typeof content === 'string' ? Buffer.from(content) : content;
        payload.push({ path, sha256: createHash('sha256').update(buffer).digest('hex') });
        bytes += buffer.length;
        await sink.add(path, buffer);
      };
      const info = bagInfoText(manifest);
      await sink.add(paths.bagit, bagitText);
      await sink.add(paths.bagInfo, info);
      await addData(paths.bundle, canonicalize(manifest));
      await addData(paths.roster, canonicalize(cards));
      await addData(paths.cosignatures, canonicalize(mine));
      for (const [i, { leaves }] of sections.entries()) {
        progress({ phase: 'ledger', done: i, total: sections.length });
        const lines = leaves.flatMap((leaf) => [leaf, Buffer.from('\n')]);
        await addData(paths.ledger(i), Buffer.concat(lines));
      }
      for (const [i, blob] of blobs.entries()) {
        progress({ phase: 'blobs', done: i, total: blobs.length });
        const hash = createHash('sha256');
        await sink.addStream(paths.blob(blob.sha256), blob.size, hashing(readBlob(vault, blob.blobId), hash));
        const digest = hash.digest('hex');
        if (digest !== blob.sha256) {
          throw new InvalidInputError(
            `The original ${blob.sha256} no longer has that SHA-256 (it reads as ${digest}).`,
          );
        }
        payload.push({ path: paths.blob(blob.sha256), sha256: digest });
        bytes += blob.size;
      }
      progress({ phase: 'blobs', done: blobs.length, total: blobs.length });
      const manifestFile = manifestText(payload);
      const tagManifest = manifestText(
        [
          { path: paths.bagit, content: bagitText },
          { path: paths.bagInfo, content: info },
          { path: paths.manifest, content: manifestFile },
        ].map((f) => ({ path: f.path, sha256: createHash('sha256').update(f.content).digest('hex') })),
      );
      await sink.add(paths.manifest, manifestFile);
      await sink.add(paths.tagManifest, tagManifest);
      await sink.add(paths.signature, signNote(tagManifest, [vault.workstationSigner()]));
      summary = {
        id,
        recipients: manifest.recipients,
        sections: manifest.sections.map((s) => ({ origin: s.origin, start: s.start, end: s.end })),
        blobs: blobs.length,
        bytes,
      };
    },
  );
  if (!summary) throw new InvalidInputError('The bundle was not written.');
  return { ...(summary as Omit<ExportSummary, 'path'>), path: outcome.path };
}
