// Where the vaults live on this workstation: the data folder, this vault's folder, and the other vaults,
// any of which opens by locking this one and unlocking it (the unlock screen lists them all).
import { useApp } from '../store';
import { useAnswer } from '../desk/useAnswer';

export function VaultScreen() {
  const location = useAnswer('vault.location', {});
  const session = useApp((s) => s.session);
  const lock = useApp((s) => s.lock);
  const where = location.value;
  return (
    <div className="desk-screen">
      <h2>Vault</h2>
      {location.error && (
        <p className="error-banner" role="alert">
          {location.error}
        </p>
      )}
      {where && (
        <dl className="desk-facts" aria-label="Where the vaults live">
          <dt>Data folder (every vault)</dt>
          <dd>
            <code>{where.vaultsFolder}</code>
          </dd>
          <dt>This vault ({session?.vault})</dt>
          <dd>
            <code>{where.vaultFolder}</code>
          </dd>
        </dl>
      )}
      {where && (
        <section className="desk-card" aria-label="Vaults on this workstation">
          <h3>Vaults on this workstation</h3>
          <ul>
            {where.vaults.map((name) => (
              <li key={name}>{name === session?.vault ? `${name} (open)` : name}</li>
            ))}
          </ul>
          <p className="hint">
            To open another vault, lock this one: the unlock screen lists every vault in the data folder. The
            command line (<code>custody --vault FOLDER</code>) opens a vault only while the app has it locked.
          </p>
          <button type="button" onClick={() => void lock()}>
            Lock and open another vault
          </button>
        </section>
      )}
    </div>
  );
}
