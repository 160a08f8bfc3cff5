// The whole vault's ledger: pages of entries (newest first) filtered by actor, action, subject, time and
// origin (this workstation, one peer's verified replica, or all), each with its signature status, origin
// and a way to open its subject; this workstation's own filtered view exported with its proofs; and
// `verify` run from the app with its progress and every problem named.
import { useEffect, useState } from 'react';
import type { EventPayload, ResponseOf } from '../../../shared/contract';
import type { LedgerEntryView, LedgerFilter, LedgerOrigin, LedgerPeer } from '../../../shared/desk';
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

/** The origin select's value: '' for this workstation, '*' for all, else a peer's origin. */
function originOf(choice: string): LedgerOrigin {
  if (choice === '') return 'own';
  if (choice === '*') return 'all';
  return { peer: choice };
}

function OriginChoice({
  value,
  peers,
  onChange,
}: {
  value: string;
  peers: readonly LedgerPeer[];
  onChange(value: string): void;
}) {
  return (
    <label>
      Origin
      <select value={value} onChange={(e) => onChange(e.target.value)}>
        <option value="">This workstation</option>
        {peers.map((p) => (
          <option key={p.origin} value={p.origin}>
            Peer {p.workstation}
          </option>
        ))}
        <option value="*">All workstations</option>
      </select>
    </label>
  );
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
          <dd>
            {item.value.history.length} ledger {item.value.history.length === 1 ? 'entry' : 'entries'}
          </dd>
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
    <tr aria-label={entry.peer === null ? `Entry ${entry.seq}` : `Entry ${entry.seq} from ${entry.peer}`}>
      <td>{entry.seq}</td>
      <td>{entry.time.slice(0, 19).replace('T', ' ')}</td>
      <td title={entry.origin}>{entry.peer === null ? 'this workstation' : `peer ${entry.peer}`}</td>
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
  const [originChoice, setOriginChoice] = useState('');
  const origin = originOf(originChoice);
  const [pages, setPages] = useState<number[]>([]);
  const [destination, setDestination] = useState('');
  const [exported, setExported] = useState<string | null>(null);
  const [subject, setSubject] = useState<string | null>(null);
  const mayExport = useMayCall('ledger.exportView');
  const showCase = useWorkspace((s) => s.showCase);
  const before = pages.at(-1);
  const merged = origin === 'all';
  const page = useAnswer('ledger.query', {
    filter,
    origin,
    limit: pageSize,
    ...(before !== undefined ? (merged ? { offset: before } : { before }) : {}),
  });
  const entries = page.value?.entries ?? [];
  const peers = page.value?.peers ?? [];
  const older = merged ? (before ?? 0) + pageSize : (entries.at(-1)?.seq ?? 0);
  const open = (entry: LedgerEntryView) => {
    const id = entry.subjectId;
    if (id === null) return;
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
        <OriginChoice
          value={originChoice}
          peers={peers}
          onChange={(value) => {
            setPages([]);
            setOriginChoice(value);
          }}
        />
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
                <th scope="col">Origin</th>
                <th scope="col">Actor</th>
                <th scope="col">Action</th>
                <th scope="col">Signature</th>
                <th scope="col">Subject</th>
                <th scope="col">Details</th>
              </tr>
            </thead>
            <tbody>
              {entries.map((entry) => (
                <Entry key={`${entry.origin}#${entry.seq}`} entry={entry} open={open} />
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
              onClick={() => setPages([...pages, older])}
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
          <span className="hint">
            Exports this workstation&apos;s own ledger only; peers&apos; entries are exported by their
            workstation.
          </span>
          {exported && <span role="status">{exported}</span>}
        </form>
      )}
      <Verify />
    </div>
  );
}
