// The signed-in workspace: the queues and cases, the virtualised review grid (or an open case's report
// builder in its place), the item panel, the exposure counter and every dialog. Locking drops the keys in
// the core and reloads this page (in Electron) or returns to the unlock screen; the review state and
// unsaved report edits are dropped either way.
import { useCallback, useEffect } from 'react';
import { Logo } from '../components/Logo';
import { CaseNav } from '../report/CaseNav';
import { OutboxNav } from '../report/OutboxNav';
import { ReportBuilder } from '../report/ReportBuilder';
import { useCases } from '../report/store';
import { useSubmission } from '../report/submission';
import { useShortcut } from '../hooks/useShortcut';
import { filterVariables } from '../review/filters';
import { ItemPanel } from '../review/ItemPanel';
import { KeyHints } from '../review/KeyHints';
import { Overlays } from '../review/Overlays';
import { QueueNav } from '../review/QueueNav';
import { ReviewGrid } from '../review/ReviewGrid';
import { useReview } from '../review/store';
import { useReviewKeys } from '../review/useReviewKeys';
import { useApp } from '../store';

const lockShortcut = { key: 'l', ctrl: true };

function ErrorLine() {
  const error = useReview((s) => s.error);
  const dismiss = useReview((s) => s.dismissError);
  const refresh = useReview((s) => s.refresh);
  if (!error) return null;
  return (
    <div className="error-banner workspace-error" role="alert">
      <span>{error}</span>
      <button type="button" onClick={refresh}>
        Reload the queue
      </button>
      <button type="button" onClick={dismiss}>
        Dismiss
      </button>
    </div>
  );
}

export function Workspace() {
  const { session, lock, version } = useApp();
  const onLock = useCallback(() => void lock(), [lock]);
  useShortcut(lockShortcut, onLock);
  useReviewKeys();
  const start = useReview((s) => s.start);
  const stop = useReview((s) => s.stop);
  const wellness = useReview((s) => s.wellness);
  const queue = useReview((s) => s.queue);
  const panelOpen = useReview((s) => s.panelOpen);
  const reveals = useReview((s) => s.reveals);
  const status = useReview((s) => s.status);
  const busy = useReview((s) => s.busy);
  const openOverlay = useReview((s) => s.openOverlay);
  const startCases = useCases((s) => s.start);
  const stopCases = useCases((s) => s.stop);
  const reportOpen = useCases((s) => s.openId !== null);
  const startSubmissions = useSubmission((s) => s.start);
  const stopSubmissions = useSubmission((s) => s.stop);

  useEffect(() => {
    start();
    return stop;
  }, [start, stop]);

  useEffect(() => {
    startCases();
    return stopCases;
  }, [startCases, stopCases]);

  useEffect(() => {
    startSubmissions();
    return stopSubmissions;
  }, [startSubmissions, stopSubmissions]);

  if (!session) return null;
  return (
    <div className="workspace" style={filterVariables(wellness)}>
      <header className="topbar">
        <div className="brand">
          <Logo size={28} />
          <span>Custody</span>
          <span className="version">{version}</span>
        </div>
        <div className="exposure" role="status" aria-label="Exposure counter">
          Reveals this session <strong>{reveals}</strong>
        </div>
        <button type="button" onClick={() => openOverlay('wellness')} aria-keyshortcuts="W">
          Wellness <kbd>W</kbd>
        </button>
        <button type="button" onClick={() => openOverlay('help')} aria-keyshortcuts="?">
          Keys <kbd>?</kbd>
        </button>
        <div className="who" aria-label="Session">
          <span>
            Vault <strong>{session.vault}</strong>
          </span>
          <span>
            Signed in as <strong>{session.user}</strong> ({session.role})
          </span>
        </div>
        <button type="button" onClick={onLock} aria-keyshortcuts="Control+L">
          Lock <kbd>Ctrl</kbd>+<kbd>L</kbd>
        </button>
      </header>
      <ErrorLine />
      <div className={panelOpen && !reportOpen ? 'review-body with-panel' : 'review-body'}>
        <aside className="sidebar" aria-label="Sidebar">
          <QueueNav />
          <CaseNav />
          <OutboxNav />
        </aside>
        <main className="review-main">{reportOpen ? <ReportBuilder /> : <ReviewGrid key={queue} />}</main>
        {panelOpen && !reportOpen && <ItemPanel />}
      </div>
      <footer className="statusbar">
        <KeyHints />
        <div className="announcer" role="status" aria-label="Announcements">
          {busy ?? status.text}
        </div>
      </footer>
      <Overlays />
    </div>
  );
}
