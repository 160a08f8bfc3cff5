// The team roster: this workstation's fingerprint, each member with its card fingerprint, role here and
// users, and (for admins) adding a member from its card file after comparing fingerprints, or removing one.
import { useState } from 'react';
import { roles, type Role } from '../../../shared/domain';
import { call } from '../api';
import { ErrorBanner } from '../components/ErrorBanner';
import { useLoad } from '../workspace/useLoad';

export function RosterPanel({ onChange }: { onChange: () => void }) {
  const roster = useLoad(() => call('sync.roster', {}));
  const own = useLoad(() => call('sync.card', {}));
  const [path, setPath] = useState('');
  const [role, setRole] = useState<Role>('supervisor');
  const [checked, setChecked] = useState<{ workstation: string; fingerprint: string } | null>(null);
  const [error, setError] = useState<unknown>(null);

  const run = async (action: () => Promise<unknown>) => {
    setError(null);
    try {
      await action();
      roster.reload();
      onChange();
    } catch (failure) {
      setError(failure);
    }
  };

  return (
    <section aria-label="Team roster">
      <h3>Team roster</h3>
      {own.data && (
        <p>
          This workstation <code>{own.data.workstation}</code>, fingerprint{' '}
          <code className="fingerprint">{own.data.fingerprint}</code>
        </p>
      )}
      <table className="facts-table" aria-label="Roster members">
        <thead>
          <tr>
            <th>Workstation</th>
            <th>Role here</th>
            <th>Fingerprint</th>
            <th>Users</th>
            <th>Status</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {roster.data?.members.map((m) => (
            <tr key={m.workstation}>
              <td>
                <code>{m.workstation.slice(0, 8)}</code>
              </td>
              <td>{m.role}</td>
              <td>
                <code className="fingerprint">{m.fingerprint}</code>
              </td>
              <td>{m.users.map((u) => `${u.name} (${u.role})`).join(', ')}</td>
              <td>
                {m.removedAt
                  ? `Removed ${m.removedAt.slice(0, 10)}`
                  : `Member since ${m.addedAt.slice(0, 10)}`}
              </td>
              <td>
                {!m.removedAt && (
                  <button
                    type="button"
                    onClick={() => void run(() => call('sync.rosterRemove', { workstation: m.workstation }))}
                  >
                    Remove
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <form
        className="sync-form"
        aria-label="Add a workstation"
        onSubmit={(event) => {
          event.preventDefault();
          void run(async () => {
            if (!checked) setChecked(await call('sync.inspectCard', { path }));
            else {
              await call('sync.rosterAdd', { path, role });
              setChecked(null);
              setPath('');
            }
          });
        }}
      >
        <label>
          Card file
          <input value={path} onChange={(e) => (setPath(e.target.value), setChecked(null))} required />
        </label>
        <label>
          Role of its users here
          <select value={role} onChange={(e) => setRole(e.target.value as Role)}>
            {roles.map((r) => (
              <option key={r} value={r}>
                {r}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" className="primary" disabled={!path.trim()}>
          {checked ? 'Fingerprints match: add' : 'Check fingerprint'}
        </button>
      </form>
      {checked && (
        <p role="status">
          Card of <code>{checked.workstation.slice(0, 8)}</code>: fingerprint{' '}
          <code className="fingerprint">{checked.fingerprint}</code>. Compare it with the one its admin reads
          out by another channel before adding.
        </p>
      )}
      <ErrorBanner error={error ?? roster.error ?? own.error} />
    </section>
  );
}
