// The signed-in workspace: who is signed in to which vault, and the lock control. Locking drops the keys
// in the core and reloads this page.
import { useCallback } from 'react';
import { Logo } from '../components/Logo';
import { useShortcut } from '../hooks/useShortcut';
import { useApp } from '../store';

const lockShortcut = { key: 'l', ctrl: true };

export function Workspace() {
  const { session, lock, version } = useApp();
  const onLock = useCallback(() => void lock(), [lock]);
  useShortcut(lockShortcut, onLock);
  if (!session) return null;
  return (
    <div className="workspace">
      <header className="topbar">
        <div className="brand">
          <Logo size={28} />
          <span>Custody</span>
          <span className="version">{version}</span>
        </div>
        <div className="who" aria-label="Session">
          <span>
            Vault <strong>{session.vault}</strong>
          </span>
          <span>
            Signed in as <strong>{session.user}</strong> ({session.role})
          </span>
        </div>
        <button onClick={onLock} aria-keyshortcuts="Control+L">
          Lock <kbd>Ctrl</kbd>+<kbd>L</kbd>
        </button>
      </header>
      <main className="empty-state">
        <h2>Vault unlocked</h2>
        <p>
          Signed in as {session.user} since {new Date(session.unlockedAt).toLocaleTimeString()}. The vault
          locks itself after ten minutes without input.
        </p>
      </main>
    </div>
  );
}
