// The whole vault's ledger: pages of entries (newest first) filtered by actor, action, subject and time,
// each with its signature status and a way to open its subject; the filtered view exported with its
// proofs; and `verify` run from the app with its progress and every problem named.
import { useEffect, useState } from 'react';
import type { EventPayload, ResponseOf } from '../../../shared/contract';
import type { LedgerEntryView, LedgerFilter } from '../../../shared/desk';
import { ledgerActions, type LedgerAction } from '../../../shared/ledger';
import { call, onEvent } from '../api';
import { errorMessage } from '../components/ErrorBanner';
import { attempt, useAnswer } from '../desk/useAnswer';
import { useMayCall } from '../workspace/access';
import { useWorkspace } from '../workspace/store';

const pageSize = 50;

function filterOf(fields: Record<string, string>): LedgerFilter {
  const filter: Record<string, string> = {};
  for (const [key, value] of Object.entries(fields)) if (value.trim()) filter[key] = value.trim();
  return filter as LedgerFilter;
}

function ItemRecord({ id, close }: { id: string; close(): void }) {
  const item = useAnswer('review.item', { id });
  return (
    <section className="desk-card" aria-label="Subject">
      {item.error && <p className="problem">{item.error}</p>}
      {item.value && (
        <dl className="desk-facts">
          <dt>Item</dt>
          <dd>{item.value.fileName}</dd>
          <dt>SHA-256</dt>
          <dd>
            <code>{item.value.sha256}</code>
          </dd>
          <dt>Category</dt>
          <dd>{item.value.category ?? 'uncategorised'}</dd>
          <dt>History</dt>
          <dd>{item.value.history.length} ledger entries</dd>
        </dl>
      )}
      <button type="button" onClick={close}>
        Close
      </button>
    </section>
  );
}

function Entry({ entry, open }: { entry: LedgerEntryView; open(entry: LedgerEntryView): void }) {
  return (
    <tr aria-label={`Entry ${entry.seq}`}>
      <td>{entry.seq}</td>
      <td>{entry.time.slice(0, 19).replace('T', ' ')}</td>
      <td>{entry.actor}</td>
      <td>{entry.action}</td>
      <td className={entry.signature === 'valid' ? 'sig-ok' : 'sig-bad'}>{entry.signature}</td>
      <td>
        {entry.subjectKind !== 'other' ? (
          <button type="button" className="link" onClick={() => open(entry)}>
            Open {entry.subjectKind}
          </button>
        ) : (
          <code>{entry.subjects[0] ?? '—'}</code>
        )}
      </td>
      <td className="ledger-details">
        <code>{entry.details.length > 160 ? `${entry.details.slice(0, 160)}…` : entry.details}</code>
      </td>
    </tr>
  );
}

function Verify() {
  const [progress, setProgress] = useState<EventPayload<'verify.progress'> | null>(null);
  const [result, setResult] = useState<ResponseOf<'vault.verify'> | null>(null);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  useEffect(() => onEvent('verify.progress', setProgress), []);
  if (!useMayCall('vault.verify')) return null;
  return (
    <section className="desk-card" aria-label="Verify the vault">
      <button
        type="button"
        disabled={busy}
        onClick={() => {
          setBusy(true);
          setResult(null);
          void attempt(async () => setResult(await call('vault.verify', {}))).then((failure) => {
            setProblem(failure);
            setBusy(false);
          });
        }}
      >
        Verify the vault
      </button>
      {busy && progress && (
        <label>
          Checked {progress.blobsDone} of {progress.blobsTotal} blobs
          <progress value={progress.blobsDone} max={Math.max(progress.blobsTotal, 1)} />
        </label>
      )}
      {problem && <p className="problem">{problem}</p>}
      {result && (
        <div role="status" aria-label="Verification result">
          {result.ok ? (
            <p>
              The vault verifies: {result.blobsChecked} blobs, {result.itemsChecked} originals and{' '}
              {result.ledgerEntries} ledger entries checked.
            </p>
          ) : (
            <>
              <p>{result.problems.length} problem(s) found:</p>
              <ul>
                {result.problems.map((p) => (
                  <li key={p}>{p}</li>
                ))}
              </ul>
            </>
          )}
        </div>
      )}
    </section>
  );
}

export function AuditScreen() {
  const [fields, setFields] = useState({ actor: '', action: '', subject: '', from: '', to: '' });
  const [filter, setFilter] = useState<LedgerFilter>({});
  const [pages, setPages] = useState<number[]>([]);
  const [destination, setDestination] = useState('');
  const [exported, setExported] = useState<string | null>(null);
  const [subject, setSubject] = useState<string | null>(null);
  const mayExport = useMayCall('ledger.exportView');
  const showCase = useWorkspace((s) => s.showCase);
  const before = pages.at(-1);
  const page = useAnswer('ledger.query', {
    filter,
    limit: pageSize,
    ...(before !== undefined ? { before } : {}),
  });
  const entries = page.value?.entries ?? [];
  const open = (entry: LedgerEntryView) => {
    const id = entry.subjects[0];
    if (!id) return;
    if (entry.subjectKind === 'case') showCase(id);
    else setSubject(id);
  };
  const set = (key: keyof typeof fields) => (e: { target: { value: string } }) =>
    setFields({ ...fields, [key]: e.target.value });
  return (
    <div className="desk-screen">
      <h2>Audit</h2>
      <form
        className="desk-card desk-filters"
        aria-label="Filter the ledger"
        onSubmit={(e) => {
          e.preventDefault();
          setPages([]);
          setFilter(filterOf(fields));
        }}
      >
        <label>
          Actor
          <input value={fields.actor} onChange={set('actor')} />
        </label>
        <label>
          Action
          <select value={fields.action} onChange={set('action')}>
            <option value="">Any</option>
            {ledgerActions.map((a: LedgerAction) => (
              <option key={a} value={a}>
                {a}
              </option>
            ))}
          </select>
        </label>
        <label>
          Item or case id
          <input value={fields.subject} onChange={set('subject')} />
        </label>
        <label>
          From
          <input type="date" value={fields.from} onChange={set('from')} />
        </label>
        <label>
          To
          <input type="date" value={fields.to} onChange={set('to')} />
        </label>
        <button type="submit">Filter</button>
      </form>
      {page.error && (
        <p className="error-banner" role="alert">
          {page.error}
        </p>
      )}
      {subject && <ItemRecord id={subject} close={() => setSubject(null)} />}
      {page.value && (
        <>
          <p role="status" aria-label="Ledger count">
            {page.value.total.toLocaleString()} entries match
          </p>
          <table className="desk-table" aria-label="Ledger">
            <thead>
              <tr>
                <th scope="col">#</th>
                <th scope="col">Time (UTC)</th>
                <th scope="col">Actor</th>
                <th scope="col">Action</th>
                <th scope="col">Signature</th>
                <th scope="col">Subject</th>
                <th scope="col">Details</th>
              </tr>
            </thead>
            <tbody>
              {entries.map((entry) => (
                <Entry key={entry.seq} entry={entry} open={open} />
              ))}
            </tbody>
          </table>
          <div className="desk-actions">
            <button type="button" disabled={pages.length === 0} onClick={() => setPages(pages.slice(0, -1))}>
              Newer
            </button>
            <button
              type="button"
              disabled={entries.length < pageSize}
              onClick={() => setPages([...pages, (entries.at(-1) as LedgerEntryView).seq])}
            >
              Older
            </button>
          </div>
        </>
      )}
      {mayExport && (
        <form
          className="desk-inline desk-card"
          aria-label="Export this view"
          onSubmit={(e) => {
            e.preventDefault();
            call('ledger.exportView', { filter, destination })
              .then((done) => setExported(`Exported ${done.entries} entries with proofs to ${done.path}.`))
              .catch((failure: unknown) => setExported(errorMessage(failure)));
          }}
        >
          <input
            aria-label="Export folder"
            placeholder="/path/to/new-folder"
            value={destination}
            onChange={(e) => setDestination(e.target.value)}
          />
          <button type="submit" disabled={!destination.trim()}>
            Export with proofs
          </button>
          {exported && <span role="status">{exported}</span>}
        </form>
      )}
      <Verify />
    </div>
  );
}
