// Public surface of identity: who acts in a vault and what they may do. The unlocked vault as a signed-in
// user (`Vault`), the users and their key slots, their and the workstation's signing keys, the role check
// against shared/policy.ts, and the organisation's X.509 signing identity with its CMS signatures. Callers
// outside identity/ import from here. Owns the users, key_slot_digests, signing_keys and
// organisation_identity tables.
export { requireRole } from './access';
export { signatureToPem, signDetached, SignatureInvalidError, verifyDetached } from './cms';
export type { SignatureFailure, SignOptions, VerifiedSignature, VerifyOptions } from './cms';
export { storedKeys } from './keys';
export { exportLedger, readLedger, verifyLedger, writeLedgerViewExport } from './ledger-access';
export type { LedgerQuery } from './ledger-access';
export {
  CertificateNotValidError,
  describeCertificate,
  generateSelfSignedIdentity,
  identityFromPem,
  IdentityRejectedError,
  importPkcs12,
  Pkcs12PasswordError,
} from './organisation';
export type {
  CertificateDescription,
  IdentityCheckOptions,
  IdentityProblem,
  OrganisationIdentity,
  SelfSignedIdentityOptions,
} from './organisation';
export { peerDisplayName, peerUserIds, storePeerUsers, userOrigin, userRole } from './peer-users';
export type { PeerUserRow } from './peer-users';
export { Vault } from './session';
export { installIdentity, installSelfSignedIdentity, loadCertificate, loadIdentity } from './store';
export {
  addUser,
  changePassphrase,
  changeRole,
  keySlotProblems,
  listUsers,
  removeUser,
  userNames,
  userProjection,
} from './users';
export type { PassphraseOptions, VaultUser } from './users';
export type { Credentials, UnlockOptions } from '../vault';
