// Two or three real vaults exchanging ledger entries and originals the way the sync importer hands them to
// the merge: every entry of a peer's ledger, its users as peer users, and its originals re-encrypted into
// the receiving vault's blob store as unrecorded blob files. Test-only; it verifies nothing itself.
import { listUsers, type Vault } from '../../main/core/identity';
import { parseEntry, type LedgerEntry } from '../../main/core/ledger';
import { itemProjection } from '../../main/core/review';
import {
  applyMerge,
  ensurePeerUsers,
  mergeEntry,
  prepareMerge,
  removeUnrecordedBlobs,
  type MergeSummary,
  type PeerUser,
  type ReceivedOriginal,
} from '../../main/core/sync/merge';
import { BlobWriter, readBlobFully } from '../../main/core/vault';

export function ledgerEntries(vault: Vault): LedgerEntry[] {
  return vault.ledger.leaves(0, vault.ledger.size).map((leaf) => parseEntry(leaf));
}

export function peerUsersOf(vault: Vault): PeerUser[] {
  return listUsers(vault).map((u) => ({ ...u, origin: vault.ledger.origin }));
}

/** The originals of the sender's live items, written into the receiver's blob store unrecorded. */
export async function receiveOriginals(from: Vault, to: Vault): Promise<ReceivedOriginal[]> {
  const out: ReceivedOriginal[] = [];
  for (const item of itemProjection(from)) {
    if (item.shredded) continue;
    const writer = await BlobWriter.create(to);
    await writer.write(await readBlobFully(from, item.originalBlob));
    const blob = await writer.finish();
    out.push({ sha256: item.sha256, blobId: blob.id, size: blob.size, wrappedKey: blob.wrappedKey });
  }
  return out;
}

/** One import: the entries given (all of the sender's by default) with its originals, merged in one transaction. */
export async function mergeFrom(
  from: Vault,
  to: Vault,
  entries: readonly LedgerEntry[] = ledgerEntries(from),
): Promise<MergeSummary> {
  to.db.transaction(() => ensurePeerUsers(to, peerUsersOf(from)))();
  const prepared = await prepareMerge(to, entries.map(mergeEntry), await receiveOriginals(from, to));
  const summary = to.db.transaction(() => applyMerge(to, prepared))();
  await removeUnrecordedBlobs(to, summary.unrecordedBlobs);
  return summary;
}
