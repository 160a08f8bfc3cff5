// Binds each contract channel to a core verb on the workstation. Handlers receive requests the router
// has already validated and answer plain data; the router strips anything the contract does not declare.
import { mkdir } from 'node:fs/promises';
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
  agreementRates,
  configureGate,
  configureSampling,
  currentGatePolicy,
  decisionsFor,
  gateCheck,
  gatePolicyHistory,
  listAppeals,
  readSampling,
  recordAppeal,
  recordDecision,
  resolveDispute,
  reviewAppeal,
  reviewDecision,
  reviewQueues,
  viewDecision,
} from './decisions';
import {
  caseTranscripts,
  categorizeItems,
  itemDetail,
  itemKeyframes,
  listCases,
  listItems,
  queueCounts,
  readWellness,
  writeWellness,
} from './review';
import type { SubmissionView } from '../../shared/cases';
import {
  expiryList,
  linkDecision,
  listHolds,
  listPackages,
  placeHold,
  preserveCase,
  releaseHold,
  retentionOverview,
  runExpiry,
  verifyPackage,
} from './preservation';
import { requireRole } from './identity';
import { deskHandlers } from './desk-handlers';
import { listConflicts, resolveConflict } from './sync/merge';
import { withPeerHistory } from './peer-history';
import { syncHandlers } from './sync-handlers';
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
      const detail = withPeerHistory(
        workstation.vault(),
        itemDetail(workstation.vault(), id, workstation.review().isRevealed(id)),
      );
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
    'cases.export': async ({ id, folder, encryptTo, allowSynced }) => {
      requireRole(workstation.vault(), 'report.export');
      const location = await workstation.exportFolder(folder, allowSynced === true);
      const name = `${packageFolderName(id)}${encryptTo ? '.tar.age' : ''}`;
      const built = await exportReportPackage(
        workstation.vault(),
        id,
        join(location, name),
        encryptTo ? { encryptTo: { recipients: [encryptTo] } } : {},
      );
      return {
        folder: name,
        location,
        encrypted: built.encrypted,
        files: built.files.length,
        manifestSha256: built.manifestSha256,
      };
    },
    'decisions.list': async ({ subjectId }) => ({ decisions: decisionsFor(workstation.vault(), subjectId) }),
    'decisions.record': async ({ subjectKind, subjectId, ...input }) => {
      const vault = workstation.vault();
      return viewDecision(vault, recordDecision(vault, subjectKind, subjectId, input));
    },
    'decisions.review': async ({ decisionId, ...input }) => {
      const vault = workstation.vault();
      const { review, first } = reviewDecision(vault, decisionId, input);
      return { review: viewDecision(vault, review), first: viewDecision(vault, first) };
    },
    'decisions.resolve': async ({ decisionId, ...input }) => {
      const vault = workstation.vault();
      return viewDecision(vault, resolveDispute(vault, decisionId, input));
    },
    'decisions.queues': async () => reviewQueues(workstation.vault()),
    'decisions.gate': async ({ caseId }) => gateCheck(workstation.vault(), caseId),
    'gate.policy': async () => ({
      current: currentGatePolicy(workstation.vault()),
      history: gatePolicyHistory(workstation.vault()),
    }),
    'gate.configure': async ({ policy, reason }) => configureGate(workstation.vault(), policy, reason),
    'appeals.list': async () => ({ appeals: listAppeals(workstation.vault()) }),
    'appeals.record': async ({ decisionId, statement }) =>
      recordAppeal(workstation.vault(), decisionId, statement),
    'appeals.review': async ({ appealId, outcome, rationale }) =>
      reviewAppeal(workstation.vault(), appealId, outcome, rationale),
    'quality.agreement': async () => ({
      rows: agreementRates(workstation.vault()),
      sampling: readSampling(workstation.vault()),
    }),
    'sampling.configure': async (settings) => configureSampling(workstation.vault(), settings),
    'holds.list': async () => ({ holds: listHolds(workstation.vault()) }),
    'holds.add': async (hold) => placeHold(workstation.vault(), hold),
    'holds.release': async ({ id, reason }) => releaseHold(workstation.vault(), id, reason),
    'retention.overview': async ({ at }) => {
      const vault = workstation.vault();
      const when = at ? new Date(at) : new Date();
      const list = expiryList(vault, when);
      return { ...retentionOverview(vault, when), expiry: { digest: list.digest, items: list.items.length } };
    },
    'retention.run': async ({ digest }) => {
      const run = await runExpiry(workstation.vault(), digest);
      return { digest: run.digest, shredded: run.shredded.length };
    },
    'preservation.export': async ({ caseId, recipient, tsaUrl }) => {
      const vault = workstation.vault();
      const folder = `preservation-${caseId.slice(0, 8)}-${new Date().toISOString().replace(/[:.]/g, '-')}`;
      await mkdir(workstation.exportsRoot, { recursive: true, mode: 0o700 });
      const result = await preserveCase(vault, {
        caseId,
        destination: join(workstation.exportsRoot, folder),
        recipient,
        tsaUrl,
        onProgress: (progress) => workstation.emit('preservation.progress', progress),
      });
      const verified = await verifyPackage(result.path);
      const delivered = listPackages(vault).find((p) => p.id === result.id);
      if (!delivered) throw new Error(`The package ${result.id} was not recorded.`);
      return {
        package: delivered,
        verification: {
          bag: verified.bag,
          signer: verified.signature.signer,
          fingerprint: verified.signature.fingerprint,
          timestamp:
            verified.timestamp.state === 'stamped'
              ? `${verified.timestamp.genTime} by ${verified.timestamp.tsa}`
              : verified.timestamp.state === 'pending'
                ? 'pending: a .tsq awaits a TSA'
                : 'not timestamped (no TSA given)',
          ledgerEntries: verified.ledger.entries,
          caseEntries: verified.ledger.caseEntries,
        },
      };
    },
    'preservation.packages': async () => ({ packages: listPackages(workstation.vault()) }),
    'exports.destination': async ({ choose }) => workstation.exportDestination(choose),
    ...deskHandlers(workstation),
    'cases.transcripts': async ({ id }) => ({ transcripts: await caseTranscripts(workstation.vault(), id) }),
    'conflicts.list': async ({ open }) => ({
      conflicts: listConflicts(workstation.vault(), open === undefined ? {} : { open }),
    }),
    'conflicts.resolve': async (choice) => resolveConflict(workstation.vault(), choice),
    'review.keyframes': async ({ id }) => ({ keyframes: itemKeyframes(workstation.vault(), id) }),
    'review.revealKeyframe': async ({ id, keyframe, reason }) => {
      const reveals = workstation.review().revealKeyframe(id, keyframe, reason);
      const { breakAfterReveals } = readWellness(workstation.vault());
      return { reveals, breakDue: breakAfterReveals > 0 && reveals % breakAfterReveals === 0 };
    },
    'review.unmute': async ({ id }) => {
      workstation.review().unmute(id);
      return {};
    },
    ...syncHandlers(workstation),
    'holds.link': async ({ id, decisionId }) => linkDecision(workstation.vault(), id, decisionId),
  };
}
