// The retention calendar: when each case and item may be deleted and the rule that says so (or the hold that
// blocks it), and the expired list with its digest, shredded only when counsel confirms that digest.
import { useState } from 'react';
import type { RetentionOverviewView } from '../../../shared/preservation';
import { call } from '../api';
import { ErrorBanner } from '../components/ErrorBanner';
import { useLoad } from '../workspace/useLoad';
import { shortDate } from './dates';
import { DataTable } from '../components/DataTable';

export function RetentionScreen() {
  const overview = useLoad(() => call('retention.overview', {}));
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState<string | null>(null);
  const data = overview.data;
  const confirm = async (digest: string) => {
    setError(null);
    try {
      const run = await call('retention.run', { digest });
      setDone(`Shredded ${run.shredded} expired item(s) of list ${run.digest.slice(0, 12)}.`);
      overview.reload();
    } catch (failure) {
      setError(failure);
    }
  };
  return (
    <div className="preservation-screen">
      <h2>Retention</h2>
      <ErrorBanner error={error ?? overview.error} />
      {done && <p role="status">{done}</p>}
      {data && <Expiry data={data} onConfirm={(digest) => void confirm(digest)} />}
      <h3>Cases</h3>
      <DataTable
        label="Retention of cases"
        className="facts-table"
        columns={['Case', 'Status', 'May be deleted from', 'Why']}
      >
        {data?.cases.map((c) => (
          <tr key={c.caseId}>
            <td>{c.title}</td>
            <td>{c.status}</td>
            <td>{deletable(c)}</td>
            <td>{c.rule?.name ?? '—'}</td>
          </tr>
        ))}
      </DataTable>
      <h3>Items, earliest first</h3>
      <DataTable
        label="Retention calendar"
        className="facts-table"
        columns={['Item', 'Status', 'May be deleted from', 'Rule']}
      >
        {data?.items
          .filter((i) => i.status !== 'shredded')
          .sort((a, b) => (a.deletableFrom ?? '9999').localeCompare(b.deletableFrom ?? '9999'))
          .map((item) => (
            <tr key={item.itemId}>
              <td>{item.displayName}</td>
              <td>{item.status}</td>
              <td>{deletable(item)}</td>
              <td>{item.rule.name}</td>
            </tr>
          ))}
      </DataTable>
    </div>
  );
}

function Expiry({ data, onConfirm }: { data: RetentionOverviewView; onConfirm: (digest: string) => void }) {
  const [typed, setTyped] = useState('');
  const expired = data.items.filter((i) => i.status === 'expired');
  if (expired.length === 0)
    return (
      <p className="hint">Nothing has expired on {shortDate(data.at)}: nothing is waiting to be shredded.</p>
    );
  const prefix = data.expiry.digest.slice(0, 12);
  return (
    <section className="expiry" aria-label="Expired items">
      <h3>{expired.length} item(s) past retention</h3>
      <ul>
        {expired.map((item) => (
          <li key={item.itemId}>
            {item.displayName}: expired {shortDate(item.deletableFrom)} under {item.rule.id}
          </li>
        ))}
      </ul>
      <p>
        List digest <code className="hash">{data.expiry.digest}</code>. Type its first 12 characters to shred
        exactly these items; each shred is recorded with its rule.
      </p>
      <label>
        Digest
        <input value={typed} onChange={(e) => setTyped(e.target.value.trim())} />
      </label>
      <button
        type="button"
        className="danger"
        disabled={typed.toLowerCase() !== prefix}
        onClick={() => onConfirm(data.expiry.digest)}
      >
        Shred expired items
      </button>
    </section>
  );
}

/** When a case or an item may be deleted: never while a hold covers it. */
function deletable({ status, deletableFrom }: { status: string; deletableFrom: string | null }): string {
  return status === 'held' ? 'never, while held' : shortDate(deletableFrom);
}
