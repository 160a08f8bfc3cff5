// The report builder for one case, in the main area: the CyberTipline report's sections pre-filled from
// the case, the completeness meter and the report.xml preview beside them, Save (Ctrl+S) and Export
// (Ctrl+E). It edits a draft; only saving reaches the core, and export writes what was saved.
import { useEffect, useMemo } from 'react';
import { useApp } from '../store';
import { useWorkspace } from '../workspace/store';
import { saveAndShow } from './actions';
import { BuilderHeader } from './BuilderHeader';
import { CaseTranscripts } from './CaseTranscripts';
import { Completeness } from './Completeness';
import { ExportDialog } from './ExportDialog';
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
import { saveBlocked } from './permissions';
import { sectionKey } from './Section';
import { useCases, useOpenEditor, type CaseEditor } from './store';
import { SubmissionPanel } from './SubmissionPanel';
import { useSubmission } from './submission';
import { XmlPreview } from './XmlPreview';

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
  const openId = useWorkspace((s) => s.openCase);
  const editor = useOpenEditor();
  const loadError = useCases((s) => s.loadError);
  const summary = useCases((s) => s.cases?.find((c) => c.id === openId));
  const readOnly = useApp((s) => saveBlocked(s.session?.role) !== null);
  const edit = useCases((s) => s.edit);
  const dismissExport = useCases((s) => s.dismissExport);
  const close = useCases((s) => s.close);
  const xmlWide = useCases((s) => s.xmlWide);
  const loadSubmission = useSubmission((s) => s.load);

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
      readOnly,
    };
  }, [editor?.draft, blocking, edit, readOnly]);

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
        <BuilderHeader editor={editor} summary={summary} />
        <Notice editor={editor} />
        <SubmissionPanel caseId={editor.view.caseId} />
        {editor.exported && <ExportResult exported={editor.exported} onDismiss={dismissExport} />}
        {editor.askingExport && <ExportDialog />}
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
        <CaseTranscripts caseId={editor.view.caseId} />
      </div>
    </DraftContext.Provider>
  );
}
