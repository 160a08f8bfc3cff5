// Offline sync: the team roster, bundles out and in, and what this workstation holds of each origin's
// ledger with its latest checkpoint and the witnesses that cosigned it.
import { call } from '../api';
import { ErrorBanner } from '../components/ErrorBanner';
import { BundlePanel } from './BundlePanel';
import { RosterPanel } from './RosterPanel';
import { useLoad } from '../workspace/useLoad';

export function SyncScreen() {
  const status = useLoad(() => call('sync.status', {}));
  return (
    <div className="sync-screen">
      <h2>Sync</h2>
      <RosterPanel onChange={status.reload} />
      <BundlePanel onChange={status.reload} />
      <section aria-label="Ledgers held">
        <h3>Ledgers held</h3>
        {status.data && (
          <p>
            {status.data.items} item(s), {status.data.members} roster member(s), {status.data.conflicts} open
            conflict(s).
          </p>
        )}
        <table className="facts-table" aria-label="Origins">
          <thead>
            <tr>
              <th>Origin</th>
              <th>Entries</th>
              <th>Checkpoint</th>
              <th>Witnesses</th>
            </tr>
          </thead>
          <tbody>
            {status.data?.origins.map((o) => (
              <tr key={o.origin}>
                <td>
                  {o.origin}
                  {o.own ? ' (this workstation)' : ''}
                </td>
                <td>{o.entries}</td>
                <td>
                  {o.checkpoint ? (
                    <>
                      {o.checkpoint.size}{' '}
                      <code className="fingerprint">{o.checkpoint.root.slice(0, 16)}…</code>
                    </>
                  ) : (
                    '—'
                  )}
                </td>
                <td>
                  {o.witnesses
                    .map((w) => `${w.witness.split('/')[1]?.slice(0, 8) ?? w.witness} at ${w.size}`)
                    .join(', ') || 'none'}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      <ErrorBanner error={status.error} />
    </div>
  );
}
