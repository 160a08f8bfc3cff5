// Before the import's transaction: what the merge needs from the received originals, made by this vault's
// own media pipeline (hashes checked again, metadata, display copies blurred by this core, PDQ), written as
// blob files and recorded by nobody yet; and after a failed or abandoned import, those files removed.
// Only originals of items this vault does not hold yet are described.
import { describeReceivedOriginals, type DescribedOriginal, type DescribeOptions } from '../../media';
import type { Vault } from '../../identity';
import { itemWithSha256 } from '../../review';
import { removeBlobFile } from '../../vault';
import type { MergeEntry } from './entries';

/** An original the importer verified and re-encrypted into this vault as an unrecorded blob file. */
export interface ReceivedOriginal {
  sha256: string;
  blobId: string;
  size: number;
  /** The blob's key wrapped under this vault's data key, as BlobWriter.finish() returned it. */
  wrappedKey: Buffer;
}

export interface PreparedMerge {
  entries: readonly MergeEntry[];
  /** The described originals of items new to this vault, by SHA-256. */
  originals: ReadonlyMap<string, DescribedOriginal>;
  /** Every blob file prepareMerge wrote (display copies), for discardMerge. */
  written: readonly string[];
  /** The received originals, by blob id (the importer wrote them). */
  received: readonly ReceivedOriginal[];
}

export async function prepareMerge(
  vault: Vault,
  entries: readonly MergeEntry[],
  originals: readonly ReceivedOriginal[],
  options?: DescribeOptions,
): Promise<PreparedMerge> {
  const wanted = new Map<string, ReceivedOriginal>();
  for (const o of originals)
    if (!wanted.has(o.sha256) && itemWithSha256(vault, o.sha256) === null) wanted.set(o.sha256, o);
  const described = await describeReceivedOriginals(
    vault,
    [...wanted.values()].map((o) => ({
      id: o.blobId,
      wrappedKey: o.wrappedKey,
      size: o.size,
      sha256: o.sha256,
    })),
    options,
  );
  return {
    entries,
    originals: new Map(described.map((d) => [d.hashes.sha256, d])),
    written: described.flatMap((d) => d.derivativeBlobs.map((b) => b.id)),
    received: originals,
  };
}

export async function discardMerge(vault: Vault, prepared: PreparedMerge): Promise<void> {
  for (const id of prepared.written) await removeBlobFile(vault.layout, id);
}

/** After the import committed: removes the blob files the merge left unrecorded (its summary names them). */
export async function removeUnrecordedBlobs(vault: Vault, unrecorded: readonly string[]): Promise<void> {
  for (const id of unrecorded) await removeBlobFile(vault.layout, id);
}
