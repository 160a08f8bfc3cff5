// The signed-in workspace: the queues and cases, the virtualised review grid (or an open case's report
// builder in its place), the item panel, the exposure counter and every dialog. It wires the layers
// together: the workspace (dialogs, status, keys) below, review and report beside each other, and the
// keymap over all of them. Locking drops the keys in the core and reloads this page (in Electron) or
// returns to the unlock screen; the review state and unsaved report edits are dropped either way.
import { useEffect } from 'react';
import { Logo } from '../components/Logo';
import { SearchBar } from '../intake/SearchBar';
import { CaseNav } from '../report/CaseNav';
import { NcmecSettingsDialog } from '../report/NcmecSettingsDialog';
import { OutboxNav } from '../report/OutboxNav';
import { ReportBuilder } from '../report/ReportBuilder';
import { useCases } from '../report/store';
import { SubmitConfirmDialog } from '../report/SubmitConfirmDialog';
import { useSubmission } from '../report/submission';
import { AnnotationsPopover } from '../review/AnnotationsPopover';
import { BreakReminder } from '../review/BreakReminder';
import { GroupCategorise } from '../review/GroupCategorise';
import { ItemPanel } from '../review/ItemPanel';
import { QueueNav } from '../review/QueueNav';
import { ReasonPicker } from '../review/ReasonPicker';
import { ReviewGrid } from '../review/ReviewGrid';
import { useReview } from '../review/store';
import { useApp } from '../store';
import { filterVariables } from '../workspace/filters';
import { HelpOverlay } from '../workspace/HelpOverlay';
import { KeyHints } from '../workspace/KeyHints';
import { OverlayHost, type OverlayDialogs } from '../workspace/OverlayHost';
import { useWorkspace } from '../workspace/store';
import { useKeymap } from '../workspace/useKeymap';
import { WellnessDialog } from '../workspace/WellnessDialog';
import { keyContext, keymap } from './keymap';
import { OpenScreen, ScreenNav } from './ScreenNav';

function KeysHelp() {
  return <HelpOverlay keymap={keymap} />;
}

const dialogs: OverlayDialogs = {
  help: KeysHelp,
  wellness: WellnessDialog,
  annotations: AnnotationsPopover,
  group: GroupCategorise,
  break: BreakReminder,
  ncmec: NcmecSettingsDialog,
  submit: SubmitConfirmDialog,
};

function ErrorLine() {
  const error = useWorkspace((s) => s.error);
  const dismiss = useWorkspace((s) => s.dismissError);
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
  const session = useApp((s) => s.session);
  const version = useApp((s) => s.version);
  const lock = useApp((s) => s.lock);
  useKeymap(keymap, keyContext);
  const startWorkspace = useWorkspace((s) => s.start);
  const stopWorkspace = useWorkspace((s) => s.stop);
  const wellness = useWorkspace((s) => s.wellness);
  const status = useWorkspace((s) => s.status);
  const busy = useWorkspace((s) => s.busy);
  const openOverlay = useWorkspace((s) => s.openOverlay);
  const reportOpen = useWorkspace((s) => s.openCase !== null);
  const openScreen = useWorkspace((s) => s.openScreen);
  const start = useReview((s) => s.start);
  const stop = useReview((s) => s.stop);
  const queue = useReview((s) => s.queue);
  const panelOpen = useReview((s) => s.panelOpen);
  const reveals = useReview((s) => s.reveals);
  const startCases = useCases((s) => s.start);
  const stopCases = useCases((s) => s.stop);
  const startSubmissions = useSubmission((s) => s.start);
  const stopSubmissions = useSubmission((s) => s.stop);

  useEffect(() => {
    startWorkspace();
    return stopWorkspace;
  }, [startWorkspace, stopWorkspace]);

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
        <button type="button" onClick={() => void lock()} aria-keyshortcuts="Control+L">
          Lock <kbd>Ctrl</kbd>+<kbd>L</kbd>
        </button>
      </header>
      <ErrorLine />
      <div className={panelOpen && !reportOpen && !openScreen ? 'review-body with-panel' : 'review-body'}>
        <aside className="sidebar" aria-label="Sidebar">
          <QueueNav />
          <CaseNav />
          <OutboxNav />
          <ScreenNav />
        </aside>
        <main className="review-main">
          {openScreen ? (
            <OpenScreen id={openScreen} />
          ) : reportOpen ? (
            <ReportBuilder />
          ) : (
            <div className="grid-with-search">
              <SearchBar />
              <ReviewGrid key={queue} />
            </div>
          )}
        </main>
        {panelOpen && !reportOpen && !openScreen && <ItemPanel />}
      </div>
      <footer className="statusbar">
        <KeyHints keymap={keymap} />
        <div className="announcer" role="status" aria-label="Announcements">
          {busy ?? status.text}
        </div>
      </footer>
      <OverlayHost dialogs={dialogs} />
      <ReasonPicker />
    </div>
  );
}
