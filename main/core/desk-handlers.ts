// Binds the workstation's own screens' channels (ingest, cases, banks, people, audit, search, the
// dashboard) to core verbs, as handlers.ts does for review and reports. Each verb checks its role and
// records itself; here requests become calls and progress becomes events.
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import type { BankView, CertificateView } from '../../shared/desk';
import { exportLedgerView, ledgerPage, verifyFromApp } from './audit';
import { dashboardView } from './dashboard';
import { NotFoundError } from './errors';
import {
  addUser,
  changePassphrase,
  changeRole,
  describeCertificate,
  importPkcs12,
  installIdentity,
  listUsers,
  loadCertificate,
  removeUser,
} from './identity';
import { IngestJobs } from './ingest-job';
import {
  detectFileFormat,
  formatNamed,
  formats,
  listBanks,
  readBankFile,
  type BankSummary,
  type ImportItem,
  type ImportProblem,
} from './matching';
import { importBankAndQueueRematch, removeBankAndQueueRematch } from './media';
import { assignCase, caseBoard, closeCase, createCaseFromItems, searchItems } from './review';
import type { Handlers } from './router';
import type { Workstation } from './workstation';

type DeskChannel =
  | 'ingest.choose'
  | 'ingest.start'
  | 'ingest.cancel'
  | 'cases.import'
  | 'cases.board'
  | 'cases.create'
  | 'cases.assign'
  | 'cases.close'
  | 'banks.list'
  | 'banks.import'
  | 'banks.remove'
  | 'users.list'
  | 'users.add'
  | 'users.setRole'
  | 'users.resetPassphrase'
  | 'users.remove'
  | 'organisation.identity'
  | 'organisation.import'
  | 'vault.location'
  | 'ledger.query'
  | 'ledger.exportView'
  | 'vault.verify'
  | 'review.search'
  | 'dashboard.view';

/** A certificate expiring within this many days is flagged on the People screen. */
export const certificateWarningDays = 30;

function certificateView(pem: string, now = Date.now()): CertificateView {
  const description = describeCertificate(pem);
  const daysLeft = Math.floor((Date.parse(description.notAfter) - now) / 86_400_000);
  return {
    subject: description.subject,
    issuer: description.issuer,
    notBefore: description.notBefore,
    notAfter: description.notAfter,
    daysLeft,
    expiresSoon: daysLeft <= certificateWarningDays,
  };
}

function bankView(bank: BankSummary): BankView {
  return {
    id: bank.id,
    name: bank.name,
    version: bank.version,
    source: bank.source,
    kind: bank.kind,
    format: bank.format,
    entries: bank.entries,
    problems: bank.problems,
    importedAt: bank.importedAt,
    importedBy: bank.importedBy,
  };
}

/** Counts what a bank file yields as it streams past, telling `report` every so many records. */
async function* counted<T extends ImportItem>(
  records: AsyncIterable<T>,
  report: (entries: number, problems: number, latest: ImportProblem | null) => void,
): AsyncIterable<T> {
  let entries = 0;
  let problems = 0;
  for await (const record of records) {
    if ('problem' in record) {
      problems++;
      report(entries, problems, record.problem);
    } else if (++entries % 5000 === 0) report(entries, problems, null);
    yield record;
  }
  report(entries, problems, null);
}

export function deskHandlers(workstation: Workstation): Pick<Handlers, DeskChannel> {
  const jobs = new IngestJobs();
  const progress = workstation.emit.bind(workstation, 'ingest.progress');
  return {
    'ingest.choose': async ({ kind }) => {
      const choose = workstation.choosePaths;
      if (!choose) return { available: false, paths: [] };
      return { available: true, paths: await choose(kind) };
    },
    'ingest.start': async ({ paths }) => jobs.ingest(workstation.vault(), paths, progress),
    'ingest.cancel': async () => ({ cancelled: jobs.cancel() }),
    'cases.import': async ({ path }) => jobs.importCase(workstation.vault(), path, progress),
    'cases.board': async () => ({
      cases: caseBoard(workstation.vault()),
      reviewers: listUsers(workstation.vault())
        .filter((u) => u.role !== 'counsel')
        .map((u) => u.name),
    }),
    'cases.create': async (request) => createCaseFromItems(workstation.vault(), request),
    'cases.assign': async ({ id, user }) => assignCase(workstation.vault(), id, user),
    'cases.close': async ({ id, close, reason }) => closeCase(workstation.vault(), id, close, reason),
    'banks.list': async () => ({
      banks: listBanks(workstation.vault()).map(bankView),
      formats: formats.map((f) => ({ name: f.name, description: f.description })),
    }),
    'banks.import': async ({ path, name, version, kind, source, format: named }) => {
      const vault = workstation.vault();
      const format = named ? formatNamed(named) : await detectFileFormat(path);
      const records = counted(readBankFile(path, { format }), (entries, problems, latest) =>
        workstation.emit('bank.progress', { entries, problems, latest }),
      );
      const result = await importBankAndQueueRematch(vault, records, {
        name,
        version,
        kind,
        format,
        source: source || basename(path),
      });
      void workstation.rematchInBackground();
      return { bank: bankView(result.bank), problems: result.problems };
    },
    'banks.remove': async ({ id, reason }) => {
      const removed = removeBankAndQueueRematch(workstation.vault(), id, reason);
      void workstation.rematchInBackground();
      return bankView(removed);
    },
    'users.list': async () => ({
      users: listUsers(workstation.vault()).map((u) => ({ name: u.name, role: u.role })),
    }),
    'users.add': async ({ name, role, passphrase }) => {
      const user = await addUser(workstation.vault(), name, passphrase, role);
      return { name: user.name, role: user.role };
    },
    'users.setRole': async ({ name, role }) => {
      const user = changeRole(workstation.vault(), name, role);
      return { name: user.name, role: user.role };
    },
    'users.resetPassphrase': async ({ name, passphrase, rotate }) => {
      await changePassphrase(workstation.vault(), name, passphrase, { rotate });
      return { reset: true as const };
    },
    'users.remove': async ({ name }) => {
      await removeUser(workstation.vault(), name);
      return { removed: true as const };
    },
    'organisation.identity': async () => {
      try {
        return { certificate: certificateView(loadCertificate(workstation.vault())) };
      } catch (error) {
        if (error instanceof NotFoundError) return { certificate: null };
        throw error;
      }
    },
    'organisation.import': async ({ path, password }) => {
      const vault = workstation.vault();
      let bytes: Buffer;
      try {
        bytes = await readFile(path);
      } catch {
        throw new NotFoundError(`Cannot read ${path}.`);
      }
      const identity = importPkcs12(bytes, password);
      installIdentity(vault, identity, basename(path));
      return certificateView(identity.certificatePem);
    },
    'vault.location': async () => ({
      vaultsFolder: workstation.vaultsRoot,
      vaultFolder: workstation.vaultFolder(),
      vaults: (await workstation.listVaults()).map((v) => v.name),
    }),
    'ledger.query': async ({ filter, origin, before, offset, limit }) =>
      ledgerPage(
        workstation.vault(),
        filter,
        { origin: origin ?? 'own', before: before ?? null, offset: offset ?? 0 },
        limit,
      ),
    'ledger.exportView': async ({ filter, destination }) =>
      exportLedgerView(workstation.vault(), filter, destination),
    'vault.verify': async () =>
      verifyFromApp(workstation.vault(), (p) => workstation.emit('verify.progress', p)),
    'review.search': async ({ filter, offset, limit }) =>
      searchItems(workstation.vault(), filter, offset, limit),
    'dashboard.view': async () => dashboardView(workstation.vault()),
  };
}
