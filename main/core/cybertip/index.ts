// The CyberTipline module's public surface: what callers outside main/core/cybertip (the IPC handlers, the
// CLI, the core's set-up) may use. Building, validating and exporting reports; where reports go; sending
// them through the outbox, and the recorded ways out of a stopped submission. Nothing else is public.
export {
  configureNcmec,
  readNcmecSettings,
  type NcmecConfiguration,
  type NcmecSettingsView,
} from './ncmec-settings';
export { exportReportPackage, packageFolderName, type BuiltPackage } from './package';
export { reportView, saveReportDraft } from './report-view';
export {
  currentSubmission,
  outboxView,
  runOutboxInBackground,
  type BackgroundOutbox,
  type BackgroundOutboxOptions,
  type DrainResult,
  type OutboxEntry,
  type UnlockHooks,
} from './submission/outbox';
export { finishedReports, type FinishedReport } from './submission/history';
export { latestSubmission, resolveSubmission, retractReport, type Resolution } from './submission/resolve';
export { SubmissionStoppedError, SubmissionWaitingError } from './submission/steps';
export { submissionProjection } from './submission/store';
export type { SubmissionStatus } from './submission/store';
export { submitCase, type SubmitOptions, type SubmitOutcome } from './submission/submit';
export { validateCyberTipXml, type CyberTipValidation } from './validate';
export { MAX_XML_CHARS } from './xsd';
