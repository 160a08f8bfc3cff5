// The workspace around review and reports: the one open dialog, what the main area shows (the review
// grid, a case's report builder or another screen in its place), the status line and its announcements, the error line,
// the busy note, and the reviewer's wellness settings. It holds no evidence; locking drops it with
// everything else. Review and report state live in their own stores, never here.
import { create } from 'zustand';
import { defaultWellness, type WellnessSettings } from '../../../shared/review';
import { call } from '../api';
import { errorMessage } from '../components/ErrorBanner';

/** The dialogs the workspace shows, one at a time; screens/Workspace.tsx says which component each is. */
export type Overlay = 'help' | 'wellness' | 'annotations' | 'group' | 'break' | 'ncmec' | 'submit';

export interface WorkspaceState {
  overlay: Overlay | null;
  /** The case whose report builder replaces the review grid; null while the grid is shown. */
  openCase: string | null;
  /** The screen (screens/registry.ts) shown in place of the grid; null while the grid is shown. */
  openScreen: string | null;
  /** The latest announcement; the id changes with each, so the same words are announced again. */
  status: { text: string; id: number };
  error: string | null;
  busy: string | null;
  wellness: WellnessSettings;
  /** This session: revealed items show only around the pointer. */
  spotlight: boolean;

  start(): void;
  stop(): void;
  openOverlay(overlay: Overlay): void;
  closeOverlay(): void;
  showCase(id: string): void;
  showScreen(id: string): void;
  showGrid(): void;
  announce(text: string): void;
  fail(text: string): void;
  dismissError(): void;
  setBusy(text: string | null): void;
  setSpotlight(on: boolean): void;
  saveWellness(settings: WellnessSettings): Promise<void>;
}

export const useWorkspace = create<WorkspaceState>((set, get) => {
  let statusId = 0;
  return {
    overlay: null,
    openCase: null,
    openScreen: null,
    status: { text: '', id: 0 },
    error: null,
    busy: null,
    wellness: defaultWellness,
    spotlight: false,

    start() {
      set({
        overlay: null,
        openCase: null,
        openScreen: null,
        status: { text: '', id: ++statusId },
        error: null,
        busy: null,
        spotlight: false,
      });
      call('wellness.get', {})
        .then((wellness) => set({ wellness }))
        .catch((error: unknown) =>
          set({
            error: `Your wellness settings could not be loaded, so defaults apply: ${errorMessage(error)}`,
          }),
        );
    },

    stop() {
      set({ overlay: null, openCase: null, openScreen: null });
    },

    openOverlay(overlay) {
      set({ overlay });
    },

    closeOverlay() {
      set({ overlay: null });
    },

    showCase(id) {
      set({ openCase: id, openScreen: null });
    },

    showScreen(id) {
      set({ openScreen: id, openCase: null });
    },

    showGrid() {
      set({ openCase: null, openScreen: null });
    },

    announce(text) {
      set({ status: { text, id: ++statusId } });
    },

    fail(text) {
      set({ error: text });
    },

    dismissError() {
      set({ error: null });
    },

    setBusy(text) {
      set({ busy: text });
    },

    setSpotlight(on) {
      set({ spotlight: on });
      get().announce(on ? 'Spotlight on: revealed items show only around the pointer.' : 'Spotlight off.');
    },

    async saveWellness(settings) {
      set({ busy: 'Saving wellness settings…' });
      try {
        const wellness = await call('wellness.set', settings);
        set({ wellness, overlay: null, busy: null });
        get().announce('Wellness settings saved.');
      } catch (error) {
        set({ busy: null });
        throw error;
      }
    },
  };
});
