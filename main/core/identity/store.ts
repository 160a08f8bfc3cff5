// The organisation's signing identity kept in the vault: installing one (imported from PKCS#12 or
// generated self-signed for testing) is recorded in the ledger with the certificate's fingerprint, by a
// role the policy allows. The private key is sealed separately TO each user whose role may sign (their
// X25519 public key), so no other user's passphrase opens it; it is unsealed only to sign.
import type { Role } from '../../../shared/domain';
import { rolesFor } from '../../../shared/policy';
import { AeadOpenError, boxTo, open, packSealed, seal, unbox, unpackSealed } from '../crypto';
import { ForbiddenError, NotFoundError, TamperDetectedError } from '../errors';
import type { VaultDatabase } from '../vault';
import { requireRole } from './access';
import type { Vault } from './session';
import {
  describeCertificate,
  generateSelfSignedIdentity,
  type CertificateDescription,
  type OrganisationIdentity,
  type SelfSignedIdentityOptions,
} from './organisation';

const keyAad = Buffer.from('custody-organisation-key/1');

/** The roles that sign in the organisation's name: report packages (export) and receipts (submit). */
const signerRoles: ReadonlySet<Role> = new Set([...rolesFor('report.export'), ...rolesFor('report.submit')]);

export function maySignForOrganisation(role: Role): boolean {
  return signerRoles.has(role);
}

function sealAad(userName: string, publicKey: string): Buffer {
  return Buffer.from(`custody-organisation-key-seal/2\n${userName}\n${publicKey}`);
}

/** Seals the organisation's private key to one user's X25519 public key (replacing an earlier seal). */
function sealFor(db: VaultDatabase, privateKeyPem: Buffer, userName: string, publicKey: string): void {
  db.prepare(
    `INSERT INTO organisation_key_seals (user_name, box_public_key, private_key_boxed, created_at) VALUES (?, ?, ?, ?)
     ON CONFLICT (user_name, box_public_key) DO UPDATE SET private_key_boxed = excluded.private_key_boxed`,
  ).run(
    userName,
    publicKey,
    boxTo(Buffer.from(publicKey, 'base64'), privateKeyPem, sealAad(userName, publicKey)),
    new Date().toISOString(),
  );
}

/** Active local users who may sign (peer users never do), with their public keys. */
function signers(db: VaultDatabase): Array<{ name: string; role: Role; box_public_key: string | null }> {
  return (
    db
      .prepare('SELECT name, role, box_public_key FROM users WHERE removed_at IS NULL AND origin IS NULL')
      .all() as Array<{
      name: string;
      role: Role;
      box_public_key: string | null;
    }>
  ).filter((u) => maySignForOrganisation(u.role));
}

/** The organisation's private key as the signed-in user's own seal opens it, or null when they hold none. */
function unsealedByMe(vault: Vault): Buffer | null {
  const secrets = vault.storage.userSecrets();
  const publicKey = secrets.box.publicKey.toString('base64');
  const row = vault.db
    .prepare(
      'SELECT private_key_boxed FROM organisation_key_seals WHERE user_name = ? AND box_public_key = ?',
    )
    .pluck()
    .get(vault.user.name, publicKey) as Buffer | undefined;
  if (!row) return null;
  try {
    return unbox(secrets.box, row, sealAad(vault.user.name, publicKey));
  } catch (error) {
    if (error instanceof AeadOpenError)
      throw new TamperDetectedError(
        `The organisation key's seal for "${vault.user.name}" does not open: its row was changed.`,
      );
    throw error;
  }
}

/**
 * Seals the organisation's key for a user who may sign (newly added, given a new key pair), when the
 * signed-in user holds it. Returns false when nothing was sealed; call inside the recording transaction.
 */
export function grantOrganisationKey(vault: Vault, userName: string, role: Role, publicKey: Buffer): boolean {
  if (!maySignForOrganisation(role)) return false;
  const mine = unsealedByMe(vault);
  if (!mine) return false;
  try {
    sealFor(vault.db, mine, userName, publicKey.toString('base64'));
    return true;
  } finally {
    mine.fill(0);
  }
}

/**
 * At a user's first unlock after the upgrade: seals the organisation key kept under the value key (the
 * old format) to them if they may sign, and destroys that copy once every active signer has a seal.
 */
export function convertLegacyOrganisationKey(
  db: VaultDatabase,
  dataKey: Buffer,
  userName: string,
  role: Role,
  publicKey: Buffer,
): void {
  const row = db
    .prepare('SELECT private_key_sealed FROM organisation_identity WHERE id = 1')
    .pluck()
    .get() as Buffer | undefined;
  if (!row || row.length === 0) return;
  if (maySignForOrganisation(role)) {
    const pem = open(dataKey, unpackSealed(row), keyAad);
    try {
      sealFor(db, pem, userName, publicKey.toString('base64'));
    } finally {
      pem.fill(0);
    }
  }
  if (signers(db).every((u) => u.name === userName || u.box_public_key !== null)) {
    db.prepare("UPDATE organisation_identity SET private_key_sealed = x'' WHERE id = 1").run();
  }
}

export function installIdentity(
  vault: Vault,
  identity: OrganisationIdentity,
  source: string,
): CertificateDescription {
  requireRole(vault, 'organisation.configure');
  const description = describeCertificate(identity.certificatePem);
  const pem = Buffer.from(identity.privateKeyPem);
  const everyone = signers(vault.db);
  // A signer whose slot is still in the old format gets their seal at their next unlock, from this copy.
  const legacy = everyone.some((u) => u.box_public_key === null)
    ? packSealed(seal(vault.dataKey(), pem, keyAad))
    : Buffer.alloc(0);
  vault.db.transaction(() => {
    vault.db.prepare('DELETE FROM organisation_key_seals').run();
    for (const u of everyone) if (u.box_public_key) sealFor(vault.db, pem, u.name, u.box_public_key);
    vault.db
      .prepare(
        `INSERT INTO organisation_identity (id, certificate_pem, chain_pem, private_key_sealed, fingerprint, installed_at, installed_by)
         VALUES (1, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (id) DO UPDATE SET certificate_pem = excluded.certificate_pem, chain_pem = excluded.chain_pem,
           private_key_sealed = excluded.private_key_sealed, fingerprint = excluded.fingerprint,
           installed_at = excluded.installed_at, installed_by = excluded.installed_by`,
      )
      .run(
        identity.certificatePem,
        JSON.stringify(identity.chainPem),
        legacy,
        description.sha256Fingerprint,
        new Date().toISOString(),
        vault.user.id,
      );
    vault.record('organisation.identity', [], { source, ...description });
  })();
  pem.fill(0);
  return description;
}

/** Generates a self-signed identity (for testing) and installs it; the role is checked before the key is made. */
export async function installSelfSignedIdentity(
  vault: Vault,
  options: SelfSignedIdentityOptions,
): Promise<CertificateDescription> {
  requireRole(vault, 'organisation.configure');
  return installIdentity(vault, await generateSelfSignedIdentity(options), 'self-signed');
}

function installedIdentity(vault: Vault): { certificate_pem: string; chain_pem: string } {
  const row = vault.db
    .prepare('SELECT certificate_pem, chain_pem FROM organisation_identity WHERE id = 1')
    .get() as { certificate_pem: string; chain_pem: string } | undefined;
  if (!row) {
    throw new NotFoundError(
      'This vault has no organisation signing identity. Install one with `custody org import FILE.p12` (or `custody org self-signed` for testing).',
    );
  }
  return row;
}

/** The organisation's certificate, without its private key: anyone signed in may see who signs. */
export function loadCertificate(vault: Vault): string {
  return installedIdentity(vault).certificate_pem;
}

/** The organisation's identity with its private key, opened with the signed-in user's own seal. */
export function loadIdentity(vault: Vault): OrganisationIdentity {
  const row = installedIdentity(vault);
  const privateKey = unsealedByMe(vault);
  if (!privateKey) {
    const who = [...signerRoles].join(', ');
    throw new ForbiddenError(
      maySignForOrganisation(vault.user.role)
        ? `Your key slot holds no seal of the organisation's signing key. Ask an admin to sign in and reset your passphrase (custody user passwd ${vault.user.name}) so it is sealed for you.`
        : `Your role (${vault.user.role}) cannot sign in the organisation's name; its signing key is sealed only for ${who}.`,
    );
  }
  try {
    return {
      certificatePem: row.certificate_pem,
      chainPem: JSON.parse(row.chain_pem) as string[],
      privateKeyPem: privateKey.toString('utf8'),
    };
  } finally {
    privateKey.fill(0);
  }
}
