// The first screen: open an existing vault or create a new one. Passphrases go straight to the core and
// are cleared from the form as soon as the core answers.
import { useEffect, useState, type FormEvent } from 'react';
import { call, CustodyRequestError } from '../api';
import { ErrorBanner } from '../components/ErrorBanner';
import { Field } from '../components/Field';
import { Logo } from '../components/Logo';
import { useApp } from '../store';

type Tab = 'open' | 'create';
interface VaultSummary {
  name: string;
  users: string[];
}

function fieldProblems(error: unknown): Record<string, string> {
  if (!(error instanceof CustodyRequestError)) return {};
  return Object.fromEntries(error.issues.map((issue) => [issue.path, issue.message]));
}

export function Welcome() {
  const name = useApp((s) => s.name);
  const version = useApp((s) => s.version);
  const signedIn = useApp((s) => s.signedIn);
  const [vaults, setVaults] = useState<VaultSummary[] | null>(null);
  const [tab, setTab] = useState<Tab>('open');
  const [listError, setListError] = useState<unknown>(null);

  useEffect(() => {
    call('vault.list', {})
      .then(({ vaults }) => {
        setVaults(vaults);
        if (vaults.length === 0) setTab('create');
      })
      .catch(setListError);
  }, []);

  return (
    <main className="welcome">
      <header className="welcome-header">
        <Logo size={56} />
        <div>
          <h1>{name}</h1>
          <p className="tagline">
            Evidence review workstation <span className="version">version {version}</span>
          </p>
        </div>
      </header>
      <section className="card" aria-label="Vault access">
        <div role="tablist" aria-label="Open or create a vault" className="tabs">
          <button
            role="tab"
            aria-selected={tab === 'open'}
            onClick={() => setTab('open')}
            disabled={vaults?.length === 0}
          >
            Open a vault
          </button>
          <button role="tab" aria-selected={tab === 'create'} onClick={() => setTab('create')}>
            Create a vault
          </button>
        </div>
        <ErrorBanner error={listError} />
        {tab === 'open' && vaults && vaults.length > 0 && <UnlockForm vaults={vaults} onDone={signedIn} />}
        {tab === 'create' && <CreateForm onDone={signedIn} />}
      </section>
      <footer className="welcome-footer">
        Every unlock, view and reveal is signed into the vault's tamper-evident ledger. Media is blurred until
        you deliberately reveal it.
      </footer>
    </main>
  );
}

type Done = (session: Awaited<ReturnType<typeof call<'vault.unlock'>>>) => void;

/** Whole seconds left until `until` (ms since the epoch), counting down while the screen is shown. */
function useSecondsUntil(until: number | null): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (until === null) return;
    const tick = () => {
      const at = Date.now();
      setNow(at);
      if (at >= until) clearInterval(timer);
    };
    const first = setTimeout(tick, 0);
    const timer = setInterval(tick, 250);
    return () => {
      clearTimeout(first);
      clearInterval(timer);
    };
  }, [until]);
  return until === null ? 0 : Math.max(0, Math.ceil((until - now) / 1000));
}

function UnlockForm({ vaults, onDone }: { vaults: VaultSummary[]; onDone: Done }) {
  const [vault, setVault] = useState(vaults[0]?.name ?? '');
  const users = vaults.find((v) => v.name === vault)?.users ?? [];
  const [user, setUser] = useState(users[0] ?? '');
  const [passphrase, setPassphrase] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  // After too many wrong passphrases the core hears the next attempt only after a wait: count it down.
  const [retryAt, setRetryAt] = useState<number | null>(null);
  const waitSeconds = useSecondsUntil(retryAt);
  const throttled = error instanceof CustodyRequestError && error.retryAfterSeconds !== null;

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      onDone(await call('vault.unlock', { vault, user, passphrase }));
    } catch (failure) {
      setError(failure);
      const wait = failure instanceof CustodyRequestError ? failure.retryAfterSeconds : null;
      setRetryAt(wait === null ? null : Date.now() + wait * 1000);
    } finally {
      setPassphrase('');
      setBusy(false);
    }
  }

  return (
    <form onSubmit={submit} aria-label="Open a vault" className="form">
      <div className="field">
        <label htmlFor="vault-select">Vault</label>
        <select
          id="vault-select"
          value={vault}
          onChange={(e) => {
            setVault(e.target.value);
            setUser(vaults.find((v) => v.name === e.target.value)?.users[0] ?? '');
          }}
        >
          {vaults.map((v) => (
            <option key={v.name}>{v.name}</option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="user-select">User</label>
        <select id="user-select" value={user} onChange={(e) => setUser(e.target.value)}>
          {users.map((u) => (
            <option key={u}>{u}</option>
          ))}
        </select>
      </div>
      <Field
        label="Passphrase"
        type="password"
        autoComplete="current-password"
        autoFocus
        value={passphrase}
        onChange={(e) => setPassphrase(e.target.value)}
      />
      <ErrorBanner error={throttled && waitSeconds === 0 ? null : error} />
      <button type="submit" className="primary" disabled={busy || passphrase.length === 0 || waitSeconds > 0}>
        {busy ? 'Unlocking…' : waitSeconds > 0 ? `Try again in ${waitSeconds} s` : 'Unlock'}
      </button>
    </form>
  );
}

function CreateForm({ onDone }: { onDone: Done }) {
  const [vault, setVault] = useState('');
  const [user, setUser] = useState('');
  const [passphrase, setPassphrase] = useState('');
  const [confirm, setConfirm] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const problems = fieldProblems(error);
  const mismatch = confirm.length > 0 && confirm !== passphrase ? 'The two passphrases differ.' : undefined;

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (mismatch) return;
    setBusy(true);
    setError(null);
    try {
      onDone(await call('vault.create', { vault, user, passphrase }));
    } catch (failure) {
      setError(failure);
    } finally {
      setPassphrase('');
      setConfirm('');
      setBusy(false);
    }
  }

  return (
    <form onSubmit={submit} aria-label="Create a vault" className="form">
      <Field
        label="Vault name"
        value={vault}
        onChange={(e) => setVault(e.target.value)}
        problem={problems.vault}
        autoFocus
      />
      <Field
        label="Your user name"
        hint="Lower-case letters, digits, dots and dashes. You will be the vault's admin."
        value={user}
        autoComplete="username"
        onChange={(e) => setUser(e.target.value)}
        problem={problems.user}
      />
      <Field
        label="Passphrase"
        type="password"
        hint="At least 12 characters. It cannot be recovered: Custody never stores it."
        autoComplete="new-password"
        value={passphrase}
        onChange={(e) => setPassphrase(e.target.value)}
        problem={problems.passphrase}
      />
      <Field
        label="Repeat passphrase"
        type="password"
        autoComplete="new-password"
        value={confirm}
        onChange={(e) => setConfirm(e.target.value)}
        problem={mismatch}
      />
      <ErrorBanner error={error instanceof CustodyRequestError && error.issues.length > 0 ? null : error} />
      <button
        type="submit"
        className="primary"
        disabled={busy || !vault || !user || !passphrase || passphrase !== confirm}
      >
        {busy ? 'Creating…' : 'Create vault'}
      </button>
    </form>
  );
}
