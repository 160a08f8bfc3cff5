// Binds each contract channel to a core verb on the workstation. Handlers receive requests the router
// has already validated and answer plain data; the router strips anything the contract does not declare.
import { join } from 'node:path';
import {
  configureNcmec,
  currentSubmission,
  exportReportPackage,
  outboxView,
  packageFolderName,
  readNcmecSettings,
  reportView,
  resolveSubmission,
  saveReportDraft,
  submitCase,
} from './cybertip';
import {
  caseTranscripts,
  categorizeItems,
  itemDetail,
  listCases,
  listItems,
  queueCounts,
  readWellness,
  writeWellness,
} from './review';
import type { SubmissionView } from '../../shared/cases';
import type { Handlers } from './router';
import type { Workstation } from './workstation';

export interface AppIdentity {
  name: string;
  version: string;
}

export function workstationHandlers(workstation: Workstation, app: AppIdentity): Handlers {
  return {
    'app.info': async () => ({ ...app, session: workstation.session() }),
    'vault.list': async () => ({ vaults: await workstation.listVaults() }),
    'vault.create': async ({ vault, user, passphrase }) =>
      workstation.createVault(vault, { user, passphrase }),
    'vault.unlock': async ({ vault, user, passphrase }) => workstation.unlock(vault, { user, passphrase }),
    'vault.lock': async () => {
      workstation.lock();
      return { locked: true as const };
    },
    'review.queues': async () => ({
      counts: queueCounts(workstation.vault()),
      reveals: workstation.review().reveals,
    }),
    'review.items': async ({ queue, offset, limit }) => listItems(workstation.vault(), queue, offset, limit),
    'review.item': async ({ id, refresh }) => {
      const detail = itemDetail(workstation.vault(), id, workstation.review().isRevealed(id));
      if (!refresh) workstation.review().detailViewed(id, detail.exif.length > 0);
      return detail;
    },
    'review.reveal': async ({ id, reason }) => {
      const reveals = workstation.review().reveal(id, reason);
      const { breakAfterReveals } = readWellness(workstation.vault());
      return { reveals, breakDue: breakAfterReveals > 0 && reveals % breakAfterReveals === 0 };
    },
    'review.categorize': async ({ ids, category, annotations }) => ({
      updated: categorizeItems(workstation.vault(), ids, category, annotations),
    }),
    'wellness.get': async () => readWellness(workstation.vault()),
    'wellness.set': async (settings) => writeWellness(workstation.vault(), settings),
    'cases.list': async () => ({ cases: listCases(workstation.vault()) }),
    'cases.report': async ({ id }) => reportView(workstation.vault(), id),
    'cases.saveReport': async ({ id, report }) => saveReportDraft(workstation.vault(), id, report),
    'cases.submit': async ({ id }) => {
      const onProgress = (status: SubmissionView) => workstation.emit('submission.progress', status);
      return (await submitCase(workstation.vault(), id, { onProgress })).status;
    },
    'cases.submission': async ({ id }) => ({ submission: currentSubmission(workstation.vault(), id) }),
    'cases.resolveSubmission': async ({ id, reason, ...resolution }) =>
      resolveSubmission(workstation.vault(), id, resolution, reason),
    'outbox.list': async () => ({ submissions: outboxView(workstation.vault()) }),
    'ncmec.settings': async () => ({ settings: readNcmecSettings(workstation.vault()) }),
    'ncmec.configure': async (configuration) => configureNcmec(workstation.vault(), configuration),
    'cases.export': async ({ id }) => {
      const folder = packageFolderName(id);
      const built = await exportReportPackage(workstation.vault(), id, join(workstation.exportsRoot, folder));
      return { folder, files: built.files.length, manifestSha256: built.manifestSha256 };
    },
    'cases.transcripts': async ({ id }) => ({ transcripts: await caseTranscripts(workstation.vault(), id) }),
  };
}
