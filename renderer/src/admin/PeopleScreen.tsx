// People and identity, for admins: the users and their roles (add, change the role, reset a passphrase
// with or without rotating the vault's key, remove), the organisation's signing certificate (import a
// PKCS#12 file; a warning 30 days before it expires) and where reports go (the NCMEC settings dialog).
import { useState } from 'react';
import { roles, type Role } from '../../../shared/domain';
import { call } from '../api';
import { attempt, useAnswer } from '../desk/useAnswer';
import { useMayCall } from '../workspace/access';
import { useWorkspace } from '../workspace/store';
import { DataTable } from '../components/DataTable';
import { ErrorBanner } from '../components/ErrorBanner';

function Problem({ text }: { text: string | null }) {
  return text ? (
    <p className="problem" role="alert">
      {text}
    </p>
  ) : null;
}

function UserRow({ name, role, changed }: { name: string; role: Role; changed(): void }) {
  const [passphrase, setPassphrase] = useState('');
  const [rotate, setRotate] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const act = (what: string, work: () => Promise<unknown>) =>
    void attempt(work).then((failure) => {
      setProblem(failure);
      setDone(failure ? null : what);
      if (!failure) changed();
    });
  return (
    <tr aria-label={name}>
      <th scope="row">{name}</th>
      <td>
        <select
          aria-label={`Role of ${name}`}
          value={role}
          onChange={(e) =>
            act('Role changed.', () => call('users.setRole', { name, role: e.target.value as Role }))
          }
        >
          {roles.map((r) => (
            <option key={r} value={r}>
              {r}
            </option>
          ))}
        </select>
      </td>
      <td>
        <form
          className="desk-inline"
          onSubmit={(e) => {
            e.preventDefault();
            act('Passphrase reset.', () => call('users.resetPassphrase', { name, passphrase, rotate }));
            setPassphrase('');
          }}
        >
          <input
            type="password"
            aria-label={`New passphrase for ${name}`}
            autoComplete="new-password"
            value={passphrase}
            onChange={(e) => setPassphrase(e.target.value)}
          />
          <label>
            <input type="checkbox" checked={rotate} onChange={(e) => setRotate(e.target.checked)} /> rotate
            the vault key
          </label>
          <button type="submit" disabled={passphrase.length < 12}>
            Reset passphrase
          </button>
        </form>
      </td>
      <td>
        <button type="button" onClick={() => act('Removed.', () => call('users.remove', { name }))}>
          Remove {name}
        </button>
        <Problem text={problem} />
        {done && <span role="status">{done}</span>}
      </td>
    </tr>
  );
}

function AddUser({ added }: { added(): void }) {
  const [form, setForm] = useState({ name: '', role: 'analyst' as Role, passphrase: '' });
  const [problem, setProblem] = useState<string | null>(null);
  return (
    <form
      className="desk-card"
      aria-label="Add a user"
      onSubmit={(e) => {
        e.preventDefault();
        void attempt(() => call('users.add', form)).then((failure) => {
          setProblem(failure);
          if (!failure) {
            setForm({ name: '', role: 'analyst', passphrase: '' });
            added();
          }
        });
      }}
    >
      <h3>Add a user</h3>
      <label>
        User name
        <input value={form.name} onChange={(e) => setForm({ ...form, name: e.target.value })} />
      </label>
      <label>
        Role
        <select value={form.role} onChange={(e) => setForm({ ...form, role: e.target.value as Role })}>
          {roles.map((r) => (
            <option key={r} value={r}>
              {r}
            </option>
          ))}
        </select>
      </label>
      <label>
        First passphrase
        <input
          type="password"
          autoComplete="new-password"
          value={form.passphrase}
          onChange={(e) => setForm({ ...form, passphrase: e.target.value })}
        />
      </label>
      <button type="submit">Add user</button>
      <Problem text={problem} />
    </form>
  );
}

function Organisation() {
  const identity = useAnswer('organisation.identity', {});
  const mayImport = useMayCall('organisation.import');
  const openOverlay = useWorkspace((s) => s.openOverlay);
  const [form, setForm] = useState({ path: '', password: '' });
  const [problem, setProblem] = useState<string | null>(null);
  const cert = identity.value?.certificate ?? null;
  return (
    <section className="desk-card" aria-label="Organisation identity">
      <h3>Organisation signing identity</h3>
      {identity.value && !cert && <p>No signing identity is installed: report packages cannot be signed.</p>}
      {cert && (
        <dl className="desk-facts">
          <dt>Subject</dt>
          <dd>{cert.subject}</dd>
          <dt>Issuer</dt>
          <dd>{cert.issuer}</dd>
          <dt>Valid until</dt>
          <dd>
            {cert.notAfter.slice(0, 10)} ({cert.daysLeft} days)
          </dd>
        </dl>
      )}
      {cert?.expiresSoon && (
        <p className="error-banner" role="alert">
          The organisation&apos;s certificate{' '}
          {cert.daysLeft < 0 ? 'has expired' : `expires in ${cert.daysLeft} days`}: import its renewal.
        </p>
      )}
      {mayImport && (
        <form
          className="desk-inline"
          aria-label="Import a PKCS#12 identity"
          onSubmit={(e) => {
            e.preventDefault();
            void attempt(() => call('organisation.import', form)).then((failure) => {
              setProblem(failure);
              if (!failure) identity.reload();
            });
          }}
        >
          <input
            aria-label="PKCS#12 file path"
            placeholder="/path/to/identity.p12"
            value={form.path}
            onChange={(e) => setForm({ ...form, path: e.target.value })}
          />
          <input
            type="password"
            aria-label="PKCS#12 password"
            value={form.password}
            onChange={(e) => setForm({ ...form, password: e.target.value })}
          />
          <button type="submit" disabled={!form.path}>
            Import identity
          </button>
        </form>
      )}
      <Problem text={problem} />
      <button type="button" onClick={() => openOverlay('ncmec')}>
        NCMEC settings…
      </button>
    </section>
  );
}

export function PeopleScreen() {
  const users = useAnswer('users.list', {});
  return (
    <div className="desk-screen">
      <h2>People and identity</h2>
      <ErrorBanner error={users.error} />
      {users.value && (
        <DataTable label="Users" columns={['User', 'Role', 'Passphrase', 'Remove']}>
          {users.value.users.map((u) => (
            <UserRow key={u.name} name={u.name} role={u.role} changed={users.reload} />
          ))}
        </DataTable>
      )}
      <AddUser added={users.reload} />
      <Organisation />
    </div>
  );
}
