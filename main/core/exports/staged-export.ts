// Every export (report packages, ledger exports, preservation packages, VICS, sync bundles) goes through
// here: recorded in the vault and the ledger before its first byte, written into a staging folder beside
// its destination, and renamed into place only when complete. A failure removes the staging folder (no
// plaintext left behind) and is recorded; a crash is cleaned up at the next unlock (vault/export-staging).
import { join } from 'node:path';
import type { Vault } from '../identity';
import { abandonExportStaging, finishExportStaging, openExportStaging } from '../vault';
import { ageTarSink, folderSink, type AgeRecipients, type ExportSink } from './sink';

export type ExportKind =
  'report-package' | 'ledger-export' | 'preservation-package' | 'vics-export' | 'sync-bundle';

export interface ExportRequest {
  kind: ExportKind;
  /** The final path: a folder, or the `.tar.age` file when `encryptTo` is given. */
  destination: string;
  /** The ledger subjects of the export (the case, the items). */
  subjects: readonly string[];
  /** Extra facts for the ledger entries (no secrets). */
  details?: Record<string, unknown>;
  /** Encrypt to these age recipients (and/or a passphrase) into one `.tar.age` file. */
  encryptTo?: AgeRecipients;
}

export interface ExportOutcome<T> {
  result: T;
  /** Where the export now is. */
  path: string;
  encrypted: boolean;
}

export async function stagedExport<T>(
  vault: Vault,
  request: ExportRequest,
  write: (sink: ExportSink) => Promise<T>,
): Promise<ExportOutcome<T>> {
  const staging = await openExportStaging(vault.db, request.kind, request.destination);
  const encrypted = request.encryptTo !== undefined;
  const facts = {
    kind: request.kind,
    destination: staging.destination,
    encrypted,
    ...(request.encryptTo
      ? { recipients: request.encryptTo.recipients, passphrase: Boolean(request.encryptTo.passphrase) }
      : {}),
    ...request.details,
  };
  vault.record('export.start', [staging.id, ...request.subjects], { ...facts, staging: staging.staging });
  let sink;
  try {
    sink = request.encryptTo
      ? await ageTarSink(join(staging.staging, 'export.tar.age'), request.encryptTo)
      : folderSink(join(staging.staging, 'export'));
  } catch (error) {
    await abandonExportStaging(vault.db, staging);
    vault.record('export.finish', [staging.id, ...request.subjects], {
      ...facts,
      outcome: 'failed',
      error: (error as Error).message,
    });
    throw error;
  }
  try {
    const result = await write(sink);
    await sink.close();
    await finishExportStaging(vault.db, staging, sink.output);
    vault.record('export.finish', [staging.id, ...request.subjects], { ...facts, outcome: 'complete' });
    return { result, path: staging.destination, encrypted };
  } catch (error) {
    await sink.abort(error as Error);
    await abandonExportStaging(vault.db, staging);
    vault.record('export.finish', [staging.id, ...request.subjects], {
      ...facts,
      outcome: 'failed',
      error: (error as Error).message,
    });
    throw error;
  }
}
