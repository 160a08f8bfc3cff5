// Application state in the renderer: what the core last told us about the app and the session. It holds
// no evidence and no secrets; locking reloads the page, which drops all of it. Any call the core answers
// with "vault locked" (it locked meanwhile) returns to the unlock screen.
import { create } from 'zustand';
import type { SessionInfo } from '../../shared/domain';
import { call, whenVaultLocked } from './api';

interface AppState {
  name: string;
  version: string;
  session: SessionInfo | null;
  loaded: boolean;
  loadError: string | null;
  load(): Promise<void>;
  signedIn(session: SessionInfo): void;
  lock(): Promise<void>;
}

export const useApp = create<AppState>((set) => ({
  name: 'Custody',
  version: '',
  session: null,
  loaded: false,
  loadError: null,
  async load() {
    try {
      const info = await call('app.info', {});
      set({ name: info.name, version: info.version, session: info.session, loaded: true, loadError: null });
    } catch (error) {
      set({ loaded: true, loadError: error instanceof Error ? error.message : String(error) });
    }
  },
  signedIn(session) {
    set({ session });
  },
  async lock() {
    await call('vault.lock', {});
    set({ session: null });
  },
}));

whenVaultLocked(() => useApp.setState({ session: null }));
