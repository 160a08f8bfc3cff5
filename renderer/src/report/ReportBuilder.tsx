// The report builder for one case, in the main area: the CyberTipline report's sections pre-filled from
// the case, the completeness meter and the report.xml preview beside them, Save (Ctrl+S) and Export
// (Ctrl+E). It edits a draft; only saving reaches the core, and export writes what was saved.
import { useEffect, useMemo, useRef } from 'react';
import type { CaseSummary } from '../../../shared/cases';
import { askToSubmit, saveAndShow } from './actions';
import { caseClock, remainingAt, useNow } from './clock';
import { Completeness } from './Completeness';
import { ExportResult } from './ExportResult';
import { DraftContext, type DraftContextValue } from './fields';
import { FilesSection } from './FilesSection';
import { focusSection } from './focus';
import {
  AdditionalInfoSection,
  IncidentSection,
  InternetSection,
  IntendedRecipientSection,
  LawEnforcementSection,
  ReporterSection,
  VictimSection,
} from './FormSections';
import { reportSections } from './model';
import { ReportedUsersSection } from './ReportedUsers';
import { sectionKey } from './Section';
import { EnvironmentBadge } from './NcmecDialogs';
import { exportBlocked, saveBlocked, useCases, useOpenEditor, type CaseEditor } from './store';
import { SubmissionPanel } from './SubmissionPanel';
import { submitBlocked, useSubmission } from './submission';
import { useReportKeys } from './useReportKeys';
import { XmlPreview } from './XmlPreview';
import { useReview } from '../review/store';

function Clock({ summary }: { summary: CaseSummary }) {
  const fetchedAt = useCases((s) => s.fetchedAt);
  const now = useNow();
  const clock = caseClock(summary, remainingAt(summary, fetchedAt, now));
  const deadline = new Date(summary.deadlineAt).toLocaleString();
  return (
    <span className="builder-clock">
      <span className={`case-clock is-${clock.urgency}`}>{clock.text}</span>{' '}
      <span className="muted">(deadline {deadline})</span>
    </span>
  );
}

function Header({ editor, summary }: { editor: CaseEditor; summary: CaseSummary | undefined }) {
  const exportPackage = useCases((s) => s.exportPackage);
  const close = useCases((s) => s.close);
  const heading = useRef<HTMLHeadingElement>(null);
  const caseId = editor.view.caseId;
  useEffect(() => {
    heading.current?.focus();
  }, [caseId]);
  const cannotSave = saveBlocked();
  const cannotExport = exportBlocked(editor);
  const settings = useSubmission((s) => s.settings);
  const submission = useSubmission((s) => s.byCase[caseId]);
  const inFlight = useSubmission((s) => s.inFlight);
  const openOverlay = useReview((s) => s.openOverlay);
  const cannotSubmit = submitBlocked(editor, settings, submission, inFlight);
  const reported = submission?.state === 'finished' ? submission.reportId : null;
  return (
    <header className="builder-header">
      <div className="builder-title">
        <h2 ref={heading} tabIndex={-1}>
          {editor.view.title}
        </h2>
        <p className="builder-meta">
          CyberTipline report
          {summary?.externalId && <> · {summary.externalId}</>}
          {` · ${editor.view.files.length} file${editor.view.files.length === 1 ? '' : 's'}`}
          {reported !== null ? (
            <>
              {' · '}
              <strong className="reported-as">Reported as CyberTipline report {reported}</strong>
            </>
          ) : (
            summary && (
              <>
                {' · '}
                <Clock summary={summary} />
              </>
            )
          )}
        </p>
      </div>
      <div className="builder-actions">
        <button
          type="button"
          className={`ncmec-button is-${settings?.environment ?? 'none'}`}
          onClick={() => openOverlay('ncmec')}
          aria-keyshortcuts="N"
          aria-label={`NCMEC settings: ${settings ? settings.environment : 'not set up'}`}
        >
          NCMEC <EnvironmentBadge environment={settings?.environment ?? null} /> <kbd>N</kbd>
        </button>
        <span className={editor.dirty ? 'save-state is-dirty' : 'save-state'} aria-label="Save state">
          {editor.dirty ? 'Unsaved changes' : 'All changes saved'}
        </span>
        <button
          type="button"
          onClick={() => void saveAndShow()}
          disabled={cannotSave !== null || editor.saving}
          aria-keyshortcuts="Control+S"
          aria-describedby={cannotSave ? 'report-save-reason' : undefined}
        >
          {editor.saving ? 'Saving…' : 'Save'} <kbd>Ctrl+S</kbd>
        </button>
        <button
          type="button"
          className="primary"
          onClick={() => void exportPackage()}
          disabled={cannotExport !== null || editor.exporting}
          aria-keyshortcuts="Control+E"
          aria-describedby={cannotExport ? 'report-export-reason' : undefined}
        >
          {editor.exporting ? 'Exporting…' : 'Export'} <kbd>Ctrl+E</kbd>
        </button>
        <button
          type="button"
          className={settings?.environment === 'production' ? 'primary danger' : 'primary'}
          onClick={askToSubmit}
          disabled={cannotSubmit !== null}
          aria-keyshortcuts="Control+Enter"
          aria-describedby={cannotSubmit ? 'report-submit-reason' : undefined}
        >
          {inFlight === caseId ? 'Submitting…' : 'Submit to NCMEC'} <kbd>Ctrl+Enter</kbd>
        </button>
        <button type="button" onClick={close} aria-keyshortcuts="Escape">
          Back to review <kbd>Esc</kbd>
        </button>
      </div>
      {(cannotSave || cannotExport || cannotSubmit) && (
        <div className="builder-reasons">
          {cannotSave && (
            <p className="hint" id="report-save-reason">
              Save is unavailable: {cannotSave}
            </p>
          )}
          {cannotExport && (
            <p className="hint" id="report-export-reason">
              Export is unavailable: {cannotExport}
            </p>
          )}
          {cannotSubmit && (
            <p className="hint" id="report-submit-reason">
              Submit is unavailable: {cannotSubmit}
            </p>
          )}
        </div>
      )}
    </header>
  );
}

function SectionNav({ editor }: { editor: CaseEditor }) {
  const blocking = editor.view.completeness.blocking;
  return (
    <nav className="section-nav" aria-label="Report sections">
      <ol>
        {reportSections.map((section, index) => {
          const prefix = section.id === 'files' ? '/fileDetails' : `/report/${section.id}`;
          const count = blocking.filter((issue) =>
            section.id === 'files'
              ? issue.file !== undefined
              : issue.file === undefined && issue.path.startsWith(prefix),
          ).length;
          return (
            <li key={section.id}>
              <button
                type="button"
                aria-keyshortcuts={sectionKey(section.id)}
                aria-label={`${section.title}${count > 0 ? `, ${count} to fix` : ''}`}
                onClick={() => focusSection(index)}
              >
                {section.title}
                {count > 0 && <span className="section-badge">{count}</span>}
                <kbd>{sectionKey(section.id)}</kbd>
              </button>
            </li>
          );
        })}
      </ol>
    </nav>
  );
}

function Notice({ editor }: { editor: CaseEditor }) {
  const notice = editor.notice;
  return (
    <div className="builder-notices">
      <p className="builder-status" role="status" aria-label="Report status">
        {notice?.kind === 'status' ? notice.text : ''}
      </p>
      {notice?.kind === 'alert' && (
        <div className="error-banner" role="alert">
          {notice.text}
        </div>
      )}
    </div>
  );
}

export function ReportBuilder() {
  const openId = useCases((s) => s.openId);
  const editor = useOpenEditor();
  const loadError = useCases((s) => s.loadError);
  const summary = useCases((s) => s.cases?.find((c) => c.id === s.openId));
  const edit = useCases((s) => s.edit);
  const dismissExport = useCases((s) => s.dismissExport);
  const close = useCases((s) => s.close);
  const xmlWide = useCases((s) => s.xmlWide);
  const loadSubmission = useSubmission((s) => s.load);
  useReportKeys();

  useEffect(() => {
    if (openId) void loadSubmission(openId);
  }, [openId, loadSubmission]);

  const blocking = editor?.view.completeness.blocking;
  const context = useMemo<DraftContextValue>(() => {
    const problems = new Map<string, string>();
    for (const issue of blocking ?? []) {
      if (issue.file !== undefined) continue;
      const before = problems.get(issue.path);
      problems.set(issue.path, before ? `${before} ${issue.message}` : issue.message);
    }
    return {
      draft: editor?.draft ?? {},
      edit,
      problemAt: (path) => problems.get(path),
      readOnly: saveBlocked() !== null,
    };
  }, [editor?.draft, blocking, edit]);

  if (!openId) return null;
  if (!editor) {
    return (
      <div className="report-builder report-loading">
        {loadError ? (
          <div className="error-banner" role="alert">
            <span>{loadError}</span>{' '}
            <button type="button" onClick={close}>
              Back to review
            </button>
          </div>
        ) : (
          <p className="muted">Loading the report…</p>
        )}
      </div>
    );
  }
  return (
    <DraftContext.Provider value={context}>
      <div className="report-builder">
        <Header editor={editor} summary={summary} />
        <Notice editor={editor} />
        <SubmissionPanel caseId={editor.view.caseId} />
        {editor.exported && <ExportResult exported={editor.exported} onDismiss={dismissExport} />}
        <SectionNav editor={editor} />
        <div className={xmlWide ? 'report-body is-wide-xml' : 'report-body'}>
          <form
            className="report-form"
            aria-label="Report"
            onSubmit={(event) => {
              event.preventDefault();
              void saveAndShow();
            }}
          >
            <IncidentSection />
            <InternetSection />
            <LawEnforcementSection />
            <ReporterSection />
            <ReportedUsersSection />
            <IntendedRecipientSection />
            <VictimSection />
            <AdditionalInfoSection />
            <FilesSection files={editor.view.files} />
          </form>
          <aside className="report-aside" aria-label="Completeness and XML preview">
            <Completeness view={editor.view} dirty={editor.dirty} />
            <XmlPreview xml={editor.view.xml} dirty={editor.dirty} />
          </aside>
        </div>
      </div>
    </DraftContext.Provider>
  );
}
