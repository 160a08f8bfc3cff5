// Bundles out and in: write one for the roster (incremental, or everything again), and take one in with
// its progress and a summary of what came: entries per origin, new items, conflicts, originals.
import { useEffect, useState } from 'react';
import type { ResponseOf } from '../../../shared/contract';
import { call, onEvent } from '../api';
import { ErrorBanner } from '../components/ErrorBanner';

type Written = ResponseOf<'sync.export'>;
type Taken = ResponseOf<'sync.import'>;

const phases = {
  ledger: 'ledger entries',
  blobs: 'originals',
  verify: 'verifying',
  apply: 'applying',
} as const;

export function BundlePanel({ onChange }: { onChange: () => void }) {
  const [all, setAll] = useState(false);
  const [path, setPath] = useState('');
  const [busy, setBusy] = useState<'export' | 'import' | null>(null);
  const [progress, setProgress] = useState<{
    phase: keyof typeof phases;
    done: number;
    total: number;
  } | null>(null);
  const [written, setWritten] = useState<Written | null>(null);
  const [taken, setTaken] = useState<Taken | null>(null);
  const [error, setError] = useState<unknown>(null);

  useEffect(() => onEvent('sync.progress', setProgress), []);

  const run = async (kind: 'export' | 'import') => {
    setBusy(kind);
    setError(null);
    setProgress(null);
    try {
      if (kind === 'export') setWritten(await call('sync.export', { all }));
      else setTaken(await call('sync.import', { path }));
      onChange();
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(null);
    }
  };

  return (
    <section aria-label="Bundles">
      <h3>Bundles</h3>
      <form
        className="sync-form"
        aria-label="Write a bundle"
        onSubmit={(event) => {
          event.preventDefault();
          void run('export');
        }}
      >
        <label className="inline">
          <input type="checkbox" checked={all} onChange={(e) => setAll(e.target.checked)} /> Send everything
          again
        </label>
        <button type="submit" className="primary" disabled={busy !== null}>
          Write bundle for the roster
        </button>
      </form>
      <form
        className="sync-form"
        aria-label="Take in a bundle"
        onSubmit={(event) => {
          event.preventDefault();
          void run('import');
        }}
      >
        <label>
          Bundle file
          <input value={path} onChange={(e) => setPath(e.target.value)} required />
        </label>
        <button type="submit" className="primary" disabled={busy !== null || !path.trim()}>
          Verify and import
        </button>
      </form>
      {busy && progress && (
        <div className="sync-progress">
          <progress aria-label="Bundle progress" max={Math.max(progress.total, 1)} value={progress.done} />{' '}
          {phases[progress.phase]}
        </div>
      )}
      <ErrorBanner error={error} />
      {written && (
        <div role="status" aria-label="Bundle written" className="sync-summary">
          <p>
            Wrote bundle <code>{written.id.slice(0, 8)}</code> for {written.recipients.length} workstation(s)
            to <code>{written.path}</code>: {written.blobs} original(s), {written.bytes} bytes before
            encryption.
          </p>
          <ul>
            {written.sections.map((s) => (
              <li key={s.origin}>
                {s.origin}: entries {s.start} to {s.end}
              </li>
            ))}
          </ul>
        </div>
      )}
      {taken && (
        <div role="status" aria-label="Bundle imported" className="sync-summary">
          {taken.unchanged ? (
            <p>
              Bundle <code>{taken.bundle.slice(0, 8)}</code> brought nothing new.
            </p>
          ) : (
            <>
              <p>
                Imported bundle <code>{taken.bundle.slice(0, 8)}</code> from{' '}
                <code>{taken.sender.slice(0, 8)}</code>: {taken.entries} entries, {taken.newItems} new
                item(s), {taken.conflicts} conflict(s), {taken.blobs} original(s).
              </p>
              <table className="facts-table" aria-label="Entries per origin">
                <thead>
                  <tr>
                    <th>Origin</th>
                    <th>New entries</th>
                  </tr>
                </thead>
                <tbody>
                  {Object.entries(taken.byOrigin).map(([origin, count]) => (
                    <tr key={origin}>
                      <td>{origin}</td>
                      <td>{count}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
              {taken.skipped.length > 0 && <p>Not on this roster, not taken: {taken.skipped.join(', ')}</p>}
              {taken.refused.length > 0 && (
                <div className="sync-refused">
                  <p>Entries not acted on here:</p>
                  <ul aria-label="Entries refused">
                    {taken.refused.map((r) => (
                      <li key={`${r.origin}:${r.seq}`}>
                        {r.origin} entry {r.seq} ({r.action}): {r.reason}
                      </li>
                    ))}
                  </ul>
                </div>
              )}
            </>
          )}
        </div>
      )}
    </section>
  );
}
