// The retention calendar: when each case and item may be deleted and the rule that says so (or the hold that
// blocks it), and the expired list with its digest, shredded only when counsel confirms that digest.
import { useState } from 'react';
import type { RetentionOverviewView } from '../../../shared/preservation';
import { call } from '../api';
import { ErrorBanner } from '../components/ErrorBanner';
import { shortDate, useLoad } from './useLoad';

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
      <table className="facts-table" aria-label="Retention of cases">
        <thead>
          <tr>
            <th>Case</th>
            <th>Status</th>
            <th>May be deleted from</th>
            <th>Why</th>
          </tr>
        </thead>
        <tbody>
          {data?.cases.map((c) => (
            <tr key={c.caseId}>
              <td>{c.title}</td>
              <td>{c.status}</td>
              <td>{c.status === 'held' ? 'never, while held' : shortDate(c.deletableFrom)}</td>
              <td>{c.rule?.name ?? '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h3>Items, earliest first</h3>
      <table className="facts-table" aria-label="Retention calendar">
        <thead>
          <tr>
            <th>Item</th>
            <th>Status</th>
            <th>May be deleted from</th>
            <th>Rule</th>
          </tr>
        </thead>
        <tbody>
          {data?.items
            .filter((i) => i.status !== 'shredded')
            .sort((a, b) => (a.deletableFrom ?? '9999').localeCompare(b.deletableFrom ?? '9999'))
            .map((item) => (
              <tr key={item.itemId}>
                <td>{item.displayName}</td>
                <td>{item.status}</td>
                <td>{item.status === 'held' ? 'never, while held' : shortDate(item.deletableFrom)}</td>
                <td>{item.rule.name}</td>
              </tr>
            ))}
        </tbody>
      </table>
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
