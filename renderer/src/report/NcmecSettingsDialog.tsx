// N: where the vault's reports go (NCMEC's test service, a local stand-in, or production) and as whom.
// Only the roles the contract allows for `ncmec.configure` change it; the password is write-only (never
// shown; blank keeps the stored one for the same endpoint only), and production needs an explicit
// confirmation, which the core records in the ledger. A packaged build offers no local stand-in.
import { useState, type FormEvent } from 'react';
import { availableNcmecEnvironments } from '../../../shared/cases';
import { CustodyRequestError } from '../api';
import { Dialog } from '../components/Dialog';
import { ErrorBanner } from '../components/ErrorBanner';
import { Field } from '../components/Field';
import { someoneWho, useMayCall } from '../workspace/access';
import { useWorkspace } from '../workspace/store';
import { EnvironmentBadge } from './EnvironmentBadge';
import { environmentLabels, useSubmission, type NcmecEnvironment } from './submission';

/** In the order offered; a packaged build has no `local` stand-in. */
const environments = (['test', 'local', 'production'] as const).filter((e) =>
  availableNcmecEnvironments.includes(e),
);

const environmentHints: Record<NcmecEnvironment, string> = {
  test: 'NCMEC’s test service (exttest.cybertip.org): reports are checked but never acted on.',
  local: 'A CyberTipline-compatible server you run yourself, for trying Custody out.',
  production: 'The real CyberTipline: reports go to NCMEC and on to law enforcement.',
};

function ReadOnlySettings() {
  const settings = useSubmission((s) => s.settings);
  const close = useWorkspace((s) => s.closeOverlay);
  return (
    <>
      {settings ? (
        <dl className="facts">
          <div>
            <dt>Environment</dt>
            <dd>
              <EnvironmentBadge environment={settings.environment} />
            </dd>
          </div>
          <div>
            <dt>Endpoint</dt>
            <dd>
              <code>{settings.endpoint}</code>
            </dd>
          </div>
          <div>
            <dt>Username</dt>
            <dd>{settings.username}</dd>
          </div>
        </dl>
      ) : (
        <p>NCMEC is not set up for this vault yet.</p>
      )}
      <p className="hint">Only {someoneWho('ncmec.configure')} can change where reports go.</p>
      <div className="dialog-actions">
        <button type="button" data-autofocus="" onClick={close}>
          Close <kbd>Esc</kbd>
        </button>
      </div>
    </>
  );
}

function SettingsForm() {
  const settings = useSubmission((s) => s.settings);
  const configure = useSubmission((s) => s.configure);
  const close = useWorkspace((s) => s.closeOverlay);
  const [environment, setEnvironment] = useState<NcmecEnvironment>(settings?.environment ?? 'test');
  const [endpoint, setEndpoint] = useState(settings?.environment === 'local' ? settings.endpoint : '');
  const [username, setUsername] = useState(settings?.username ?? '');
  const [password, setPassword] = useState('');
  const [confirmed, setConfirmed] = useState(false);
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const problems =
    error instanceof CustodyRequestError
      ? Object.fromEntries(error.issues.map((i) => [i.path, i.message]))
      : {};
  const production = environment === 'production';
  // A stored password is only ever sent where it was given: another environment needs its own.
  const samePlace =
    settings !== null &&
    settings.environment === environment &&
    (environment !== 'local' || settings.endpoint === endpoint.trim().replace(/\/+$/, ''));
  const needsPassword = !samePlace && password === '';

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (production && !confirmed) return;
    setError(null);
    setSaving(true);
    try {
      await configure({
        environment,
        username: username.trim(),
        ...(password ? { password } : {}),
        ...(environment === 'local' ? { endpoint: endpoint.trim() } : {}),
        ...(production ? { confirmProduction: true } : {}),
      });
      close();
    } catch (failure) {
      setError(failure);
      setSaving(false);
    }
  }

  return (
    <form className="form" onSubmit={submit} aria-label="NCMEC settings">
      <fieldset className="radio-row ncmec-environments">
        <legend>Where reports go</legend>
        {environments.map((env) => (
          <label key={env} className={`check env-choice is-${env}`}>
            <input
              type="radio"
              name="ncmec-environment"
              checked={environment === env}
              data-autofocus={environment === env ? '' : undefined}
              onChange={() => {
                setEnvironment(env);
                setConfirmed(false);
              }}
            />
            {environmentLabels[env]}
          </label>
        ))}
      </fieldset>
      <p className="hint">{environmentHints[environment]}</p>
      {environment === 'local' && (
        <Field
          label="Endpoint"
          type="url"
          required
          placeholder="http://127.0.0.1:8080/ispws"
          hint="The stand-in’s base URL; Custody calls /submit, /upload and so on under it."
          value={endpoint}
          onChange={(e) => setEndpoint(e.target.value)}
          problem={problems.endpoint}
        />
      )}
      <Field
        label="Username"
        autoComplete="off"
        required
        value={username}
        onChange={(e) => setUsername(e.target.value)}
        problem={problems.username}
      />
      <Field
        label="Password"
        type="password"
        autoComplete="new-password"
        required={!samePlace}
        hint={
          samePlace
            ? 'Stored sealed in the vault and never shown. Leave blank to keep the stored password.'
            : 'Stored sealed in the vault for this endpoint only, and never shown.'
        }
        value={password}
        onChange={(e) => setPassword(e.target.value)}
        problem={problems.password}
      />
      {production && (
        <div className="production-warning" role="group" aria-label="Production confirmation">
          <p>
            <strong>Production sends real reports to NCMEC.</strong> Every case submitted from this vault
            becomes a CyberTipline report that NCMEC acts on. The switch is recorded in the ledger.
          </p>
          <label className="check">
            <input type="checkbox" checked={confirmed} onChange={(e) => setConfirmed(e.target.checked)} />I
            understand reports will go to NCMEC for real
          </label>
        </div>
      )}
      <ErrorBanner error={error instanceof CustodyRequestError && error.issues.length > 0 ? null : error} />
      <div className="dialog-actions">
        <button type="button" onClick={close}>
          Cancel <kbd>Esc</kbd>
        </button>
        <button
          type="submit"
          className={production ? 'primary danger' : 'primary'}
          disabled={saving || (production && !confirmed) || needsPassword}
        >
          {saving ? 'Saving…' : production ? 'Save: send to production' : 'Save'} <kbd>Enter</kbd>
        </button>
      </div>
    </form>
  );
}

export function NcmecSettingsDialog() {
  const close = useWorkspace((s) => s.closeOverlay);
  const mayConfigure = useMayCall('ncmec.configure');
  const settingsError = useSubmission((s) => s.settingsError);
  return (
    <Dialog
      title="NCMEC settings"
      className="ncmec-dialog"
      onClose={close}
      description="Where this vault’s CyberTipline reports are sent, and the account that sends them."
    >
      {settingsError && (
        <div className="error-banner" role="alert">
          {settingsError}
        </div>
      )}
      {mayConfigure ? <SettingsForm /> : <ReadOnlySettings />}
    </Dialog>
  );
}
