// The preservation packages this vault delivered: where, for whom, encrypted or not, the tag manifest's
// SHA-512 and whether it is timestamped. Each is recorded with a `preservation.package` ledger entry that
// cites the tag manifest; an offline timestamp brought back later is recorded the same way.
import { NotFoundError } from '../errors';
import { requireRole, userNames, type Vault } from '../identity';

export interface DeliveredPackage {
  id: string;
  caseId: string;
  destination: string;
  encrypted: boolean;
  recipients: string[];
  recipient: string | null;
  externalIdentifier: string | null;
  tagManifestSha512: string;
  timestamp: 'stamped' | 'pending' | 'none';
  files: number;
  bytes: number;
  baggedAt: string;
  createdBy: string;
}

interface PackageRow {
  id: string;
  case_id: string;
  destination: string;
  encrypted: number;
  recipients: string;
  external_identifier: string | null;
  tag_manifest_sha512: string;
  timestamp: DeliveredPackage['timestamp'];
  files: number;
  bytes: number;
  bagged_at: string;
  created_by: string;
}

export function recordPackage(
  vault: Vault,
  result: {
    id: string;
    path: string;
    encrypted: boolean;
    files: number;
    bytes: number;
    tagManifestSha512: string;
    externalIdentifier: string | null;
    timestamp: DeliveredPackage['timestamp'];
  },
  request: {
    caseId: string;
    recipient?: string | undefined;
    encryptTo?: { recipients: readonly string[] } | undefined;
  },
): void {
  const recipients = {
    to: request.encryptTo?.recipients ?? [],
    for: request.recipient ?? null,
  };
  vault.db.transaction(() => {
    vault.db
      .prepare(
        `INSERT INTO preservation_packages (id, case_id, destination, encrypted, recipients, external_identifier,
           tag_manifest_sha512, timestamp, files, bytes, bagged_at, created_by)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        result.id,
        request.caseId,
        result.path,
        result.encrypted ? 1 : 0,
        JSON.stringify(recipients),
        result.externalIdentifier,
        result.tagManifestSha512,
        result.timestamp,
        result.files,
        result.bytes,
        new Date().toISOString(),
        vault.user.id,
      );
    vault.record('preservation.package', [result.id, request.caseId], {
      step: 'delivered',
      destination: result.path,
      encrypted: result.encrypted,
      recipients: recipients.to,
      recipient: recipients.for,
      tagManifestSha512: result.tagManifestSha512,
      timestamp: result.timestamp,
      files: result.files,
      bytes: result.bytes,
    });
  })();
}

/** Every package delivered, newest first. */
export function listPackages(vault: Vault): DeliveredPackage[] {
  requireRole(vault, 'item.read');
  const rows = vault.db
    .prepare('SELECT * FROM preservation_packages ORDER BY bagged_at DESC')
    .all() as PackageRow[];
  const names = userNames(
    vault,
    rows.map((r) => r.created_by),
  );
  return rows.map((row) => {
    const recipients = JSON.parse(row.recipients) as { to: string[]; for: string | null };
    return {
      id: row.id,
      caseId: row.case_id,
      destination: row.destination,
      encrypted: row.encrypted === 1,
      recipients: recipients.to,
      recipient: recipients.for,
      externalIdentifier: row.external_identifier,
      tagManifestSha512: row.tag_manifest_sha512,
      timestamp: row.timestamp,
      files: row.files,
      bytes: row.bytes,
      baggedAt: row.bagged_at,
      createdBy: names.get(row.created_by) ?? row.created_by,
    };
  });
}

/** The package whose tag manifest has this SHA-512, for an offline timestamp brought back. */
export function packageByTagManifest(vault: Vault, sha512: string): DeliveredPackage {
  const found = listPackages(vault).find((p) => p.tagManifestSha512 === sha512);
  if (!found)
    throw new NotFoundError(
      'This vault made no package with that tag manifest: it cannot record its timestamp.',
    );
  return found;
}

export function markTimestamped(vault: Vault, id: string, details: Record<string, unknown>): void {
  vault.db.transaction(() => {
    vault.db.prepare("UPDATE preservation_packages SET timestamp = 'stamped' WHERE id = ?").run(id);
    vault.record('preservation.timestamp', [id], details);
  })();
}
