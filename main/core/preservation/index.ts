// Public surface of preservation: retention (policies, law-enforcement extensions, legal holds, what may be
// deleted when and why), expiry confirmed by counsel, and preservation packages for counsel and law
// enforcement (BagIt, signed and timestamped), with their verification and the VICS export. Callers outside
// preservation/ import from here. Owns the legal_holds, legal_hold_scope, retention_extensions,
// retention_policies and preservation_packages tables.
import { requireRole, type Vault } from '../identity';
import { extendRetention as extend, type NewExtension, type RetentionExtension } from './extensions';
import { addHold, type LegalHold, type NewHold } from './holds';
import { retentionStates, type ItemRetention } from './retention';
import { caseRetention, scopeExists, type CaseRetention } from './scope';

export { expiryList, listDigest, runExpiry } from './expiry';
export type { ExpiryList, ExpiryRun } from './expiry';
export { instant, listExtensions } from './extensions';
export type { NewExtension, RetentionExtension } from './extensions';
export { linkDecision, listHolds, releaseHold } from './holds';
export type { HoldScope, HoldScopeKind, LegalHold, LinkedDecision, NewHold } from './holds';
export { currentPolicy, defaultPolicy, installPolicy, parsePolicy, statutoryRule } from './policy-file';
export type { InstalledPolicy, RetentionPolicy, RetentionRule } from './policy-file';
export { assertDeletable, itemRetention, RetentionRefusedError, retentionStates } from './retention';
export type { ItemRetention, WinningRule } from './retention';
export type { CaseRetention } from './scope';

/** Places a legal hold over cases, items or reported accounts of this vault. */
export function placeHold(vault: Vault, hold: NewHold): LegalHold {
  return addHold(vault, hold, scopeExists(vault));
}

/** Extends a case's or an item's retention on a law-enforcement request. */
export function extendRetention(vault: Vault, request: NewExtension): RetentionExtension {
  const exists = scopeExists(vault);
  return extend(vault, request, (kind, target) => exists({ kind, target }));
}

/** Every item's and case's retention at `now`: the calendar counsel reads. */
export function retentionOverview(
  vault: Vault,
  now = new Date(),
): { at: string; items: ItemRetention[]; cases: CaseRetention[] } {
  requireRole(vault, 'item.read');
  const items = retentionStates(vault, now);
  return { at: now.toISOString(), items, cases: caseRetention(vault, items) };
}
export { attachTimestamp } from './attach-timestamp';
export { BagInvalidError, validateBag } from './bagit';
export type { BagReport } from './bagit';
export { preserveCase } from './package';
export type { PackageProgress, PreservationRequest, PreservationResult } from './package';
export { listPackages } from './packages';
export type { DeliveredPackage } from './packages';
export { TimestampInvalidError } from './timestamp';
export type { VerifiedTimestamp } from './timestamp';
export { PackageInvalidError, verifyPackage } from './verify-package';
export type { PackageVerification } from './verify-package';
export { exportVics, VICS_CONTEXT } from './vics';
export type { VicsExport } from './vics';
export {
  peerRowId,
  preservationProjection,
  recordPeerExtension,
  recordPeerHold,
  releasePeerHold,
} from './peer-holds';
export type { ExtensionProjectionRow, HoldProjectionRow, PeerExtension, PeerHold } from './peer-holds';
export { checkRetentionWhileUnlocked, RETENTION_CHECK_INTERVAL_MS } from './daily-check';
export type { RetentionDue } from './daily-check';
