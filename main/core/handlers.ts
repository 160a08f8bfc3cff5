// Binds each contract channel to a core verb on the workstation. Handlers receive requests the router
// has already validated and answer plain data; the router strips anything the contract does not declare.
import { join } from 'node:path';
import { buildReportPackage } from './cybertip/package';
import { reportView, saveReportDraft } from './cybertip/report-view';
import { loadIdentity, signDetached } from './identity';
import { configureNcmec, configuredClient, readNcmecSettings } from './cybertip/ncmec-settings';
import {
  currentSubmission,
  runSubmission,
  startSubmission,
  submissionStatus,
  SubmissionStoppedError,
  SubmissionWaitingError,
} from './cybertip/submission';
import {
  categorizeItems,
  itemDetail,
  listCases,
  listItems,
  queueCounts,
  readWellness,
  writeWellness,
} from './review';
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
      const vault = workstation.vault();
      const client = configuredClient(vault);
      const started = await startSubmission(vault, id, client.baseUrl);
      try {
        return await runSubmission(vault, started.id, client);
      } catch (error) {
        // Stopped or waiting submissions are states to show, not failures of the call.
        if (error instanceof SubmissionStoppedError || error instanceof SubmissionWaitingError) {
          return submissionStatus(vault, started.id);
        }
        throw error;
      }
    },
    'cases.submission': async ({ id }) => ({ submission: currentSubmission(workstation.vault(), id) }),
    'outbox.list': async () => {
      const vault = workstation.vault();
      const open = vault.db
        .prepare(
          `SELECT s.id, c.title, c.deadline_at FROM submissions s JOIN cases c ON c.id = s.case_id
           WHERE s.state IN ('ready', 'submitting', 'opened', 'ambiguous') ORDER BY c.deadline_at`,
        )
        .all() as Array<{ id: string; title: string; deadline_at: string }>;
      return {
        submissions: open.map((r) => ({
          ...submissionStatus(vault, r.id),
          title: r.title,
          deadlineAt: r.deadline_at,
        })),
      };
    },
    'ncmec.settings': async () => ({ settings: readNcmecSettings(workstation.vault()) }),
    'ncmec.configure': async (configuration) => configureNcmec(workstation.vault(), configuration),
    'cases.export': async ({ id }) => {
      const vault = workstation.vault();
      const identity = loadIdentity(vault);
      const folder = `report-${id.slice(0, 8)}-${new Date().toISOString().replace(/[:.]/g, '-')}`;
      const built = await buildReportPackage(vault, id, join(workstation.exportsRoot, folder), {
        certificatePem: identity.certificatePem,
        sign: (content) => signDetached(content, identity),
      });
      return { folder, files: built.files.length, manifestSha256: built.manifestSha256 };
    },
  };
}
