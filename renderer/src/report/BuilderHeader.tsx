// The report builder's header: the case's title, its 24-hour clock (or the CyberTipline report it became),
// and the actions with their keys: NCMEC settings, Save, Export, Submit and back to review. An action
// that cannot run now is disabled, with the reason from permissions.ts beside it.
import { useEffect, useRef } from 'react';
import type { CaseSummary } from '../../../shared/cases';
import { useApp } from '../store';
import { useWorkspace } from '../workspace/store';
import { askToSubmit, saveAndShow } from './actions';
import { caseClock, remainingAt, useNow } from './clock';
import { EnvironmentBadge } from './EnvironmentBadge';
import { exportBlocked, saveBlocked, submitBlocked } from './permissions';
import { useCases, type CaseEditor } from './store';
import { useSubmission } from './submission';

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

export function BuilderHeader({ editor, summary }: { editor: CaseEditor; summary: CaseSummary | undefined }) {
  const exportPackage = useCases((s) => s.exportPackage);
  const close = useCases((s) => s.close);
  const heading = useRef<HTMLHeadingElement>(null);
  const caseId = editor.view.caseId;
  useEffect(() => {
    heading.current?.focus();
  }, [caseId]);
  const role = useApp((s) => s.session?.role);
  const settings = useSubmission((s) => s.settings);
  const submission = useSubmission((s) => s.byCase[caseId]);
  const inFlight = useSubmission((s) => s.inFlight);
  const openOverlay = useWorkspace((s) => s.openOverlay);
  const cannotSave = saveBlocked(role);
  const cannotExport = exportBlocked(role, editor);
  const cannotSubmit = submitBlocked(role, editor, settings, submission, inFlight);
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
