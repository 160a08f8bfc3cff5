// The organisation's signing identity kept in the vault: installing one (imported from PKCS#12 or
// generated self-signed for testing) is recorded in the ledger with the certificate's fingerprint, by a
// role the policy allows; the private key is sealed with the data key and unsealed only to sign.
import { open, packSealed, seal, unpackSealed } from '../crypto';
import { NotFoundError } from '../errors';
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

export function installIdentity(
  vault: Vault,
  identity: OrganisationIdentity,
  source: string,
): CertificateDescription {
  requireRole(vault, 'organisation.configure');
  const description = describeCertificate(identity.certificatePem);
  const sealed = packSealed(seal(vault.dataKey(), Buffer.from(identity.privateKeyPem), keyAad));
  vault.db.transaction(() => {
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
        sealed,
        description.sha256Fingerprint,
        new Date().toISOString(),
        vault.user.id,
      );
    vault.record('organisation.identity', [], { source, ...description });
  })();
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

export function loadIdentity(vault: Vault): OrganisationIdentity {
  const row = vault.db
    .prepare('SELECT certificate_pem, chain_pem, private_key_sealed FROM organisation_identity WHERE id = 1')
    .get() as { certificate_pem: string; chain_pem: string; private_key_sealed: Buffer } | undefined;
  if (!row) {
    throw new NotFoundError(
      'This vault has no organisation signing identity. Install one with `custody org import FILE.p12` (or `custody org self-signed` for testing).',
    );
  }
  return {
    certificatePem: row.certificate_pem,
    chainPem: JSON.parse(row.chain_pem) as string[],
    privateKeyPem: open(vault.dataKey(), unpackSealed(row.private_key_sealed), keyAad).toString('utf8'),
  };
}
