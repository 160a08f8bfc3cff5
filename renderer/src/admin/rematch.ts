// The background re-match of the vault after a bank import or removal, as the core reports it
// (rematch.progress): how far it is and how many items it newly flagged. Shown on the Banks screen.
import { create } from 'zustand';
import type { EventPayload } from '../../../shared/contract';
import { onEvent } from '../api';

type Progress = EventPayload<'rematch.progress'>;

interface RematchState {
  progress: Progress | null;
  /** Listens to the core's reports until the returned function is called (which forgets them). */
  listen(): () => void;
}

export const useRematch = create<RematchState>((set) => ({
  progress: null,
  listen() {
    const stop = onEvent('rematch.progress', (progress) => set({ progress }));
    return () => {
      stop();
      set({ progress: null });
    };
  },
}));

/** "Re-matching the vault: 40 of 100 items, 2 newly flagged", or its finished form. */
export function rematchText(progress: Progress): string {
  const verb = progress.done >= progress.total ? 'Re-matched' : 'Re-matching';
  return `${verb} the vault: ${progress.done} of ${progress.total} items, ${progress.flagged} newly flagged`;
}
