// Getting evidence in from the app: files or a folder (the workstation's own dialog, or paths typed in),
// or a case file with its media; progress per file as the core reports it, a summary of what was new,
// what was already there and what failed with its reason, and a way to stop.
import { useEffect, useState } from 'react';
import { call } from '../api';
import { errorMessage } from '../components/ErrorBanner';
import { useMayCall } from '../workspace/access';
import { useIntake } from './store';

function IngestSummary() {
  const summary = useIntake((s) => s.summary);
  if (!summary) return null;
  const failed = summary.outcomes.filter((o) => o.kind === 'failed');
  return (
    <section className="desk-card" aria-label="Ingest summary">
      <h3>{summary.cancelled ? 'Stopped' : 'Done'}</h3>
      <table className="desk-table">
        <tbody>
          <tr>
            <th scope="row">New items</th>
            <td>{summary.ingested}</td>
          </tr>
          <tr>
            <th scope="row">Duplicates</th>
            <td>{summary.duplicates}</td>
          </tr>
          <tr>
            <th scope="row">Failed</th>
            <td>{summary.failed}</td>
          </tr>
        </tbody>
      </table>
      {summary.caseId && <p>The case was created; it is listed under Cases.</p>}
      {failed.length > 0 && (
        <ul aria-label="Failures">
          {failed.map((f) => (
            <li key={f.path}>
              <code>{f.path}</code>: {f.reason}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function Progress() {
  const running = useIntake((s) => s.running);
  const progress = useIntake((s) => s.progress);
  const cancel = useIntake((s) => s.cancel);
  if (!running) return null;
  const done = progress?.filesDone ?? 0;
  const total = progress?.filesTotal ?? 0;
  return (
    <div className="desk-card" aria-live="polite">
      <label>
        {running === 'case' ? 'Importing the case' : 'Ingesting'}: {done} of {total} files
        <progress aria-label="Ingest progress" value={done} max={Math.max(total, 1)} />
      </label>
      {progress?.outcome && (
        <p className="hint">
          {progress.outcome.kind}: <code>{progress.outcome.path}</code>
        </p>
      )}
      <button type="button" onClick={() => void cancel()}>
        Cancel
      </button>
    </div>
  );
}

export function IntakeScreen() {
  const [paths, setPaths] = useState('');
  const [caseFile, setCaseFile] = useState('');
  const [note, setNote] = useState<string | null>(null);
  const running = useIntake((s) => s.running);
  const error = useIntake((s) => s.error);
  const listen = useIntake((s) => s.listen);
  const ingest = useIntake((s) => s.ingest);
  const importCase = useIntake((s) => s.importCase);
  const mayImportCase = useMayCall('cases.import');
  useEffect(listen, [listen]);

  const choose = async (kind: 'files' | 'folder' | 'caseFile') => {
    try {
      const chosen = await call('ingest.choose', { kind });
      if (!chosen.available) {
        setNote('This workstation has no file dialog here: type the paths instead.');
        return;
      }
      if (kind === 'caseFile') setCaseFile(chosen.paths[0] ?? caseFile);
      else setPaths([paths, ...chosen.paths].filter(Boolean).join('\n'));
    } catch (failure) {
      setNote(errorMessage(failure));
    }
  };
  const list = paths
    .split('\n')
    .map((p) => p.trim())
    .filter(Boolean);

  return (
    <div className="desk-screen">
      <h2>Ingest</h2>
      <form
        className="desk-card"
        aria-label="Ingest files"
        onSubmit={(event) => {
          event.preventDefault();
          if (list.length > 0) void ingest(list);
        }}
      >
        <label htmlFor="ingest-paths">Files or folders to ingest (one path a line)</label>
        <textarea
          id="ingest-paths"
          rows={3}
          value={paths}
          onChange={(e) => setPaths(e.target.value)}
          spellCheck={false}
        />
        <div className="desk-actions">
          <button type="button" onClick={() => void choose('files')}>
            Choose files…
          </button>
          <button type="button" onClick={() => void choose('folder')}>
            Choose a folder…
          </button>
          <button type="submit" disabled={running !== null || list.length === 0}>
            Ingest
          </button>
        </div>
      </form>
      {mayImportCase && (
        <form
          className="desk-card"
          aria-label="Import a case file"
          onSubmit={(event) => {
            event.preventDefault();
            if (caseFile.trim()) void importCase(caseFile.trim());
          }}
        >
          <label htmlFor="case-file">Case file</label>
          <input
            id="case-file"
            value={caseFile}
            onChange={(e) => setCaseFile(e.target.value)}
            spellCheck={false}
          />
          <div className="desk-actions">
            <button type="button" onClick={() => void choose('caseFile')}>
              Choose a case file…
            </button>
            <button type="submit" disabled={running !== null || !caseFile.trim()}>
              Import case
            </button>
          </div>
        </form>
      )}
      {note && <p className="hint">{note}</p>}
      {error && (
        <p className="error-banner" role="alert">
          {error}
        </p>
      )}
      <Progress />
      <IngestSummary />
    </div>
  );
}
