// The open video's strip in the item panel: its keyframes, the one shown, the one revealed (the core holds
// the same fact and serves that keyframe's clear copy only), and playback: possible only while a keyframe
// is revealed, muted until the core has recorded the reviewer's choice to unmute. Never holds pixels.
import { create } from 'zustand';
import type { KeyframeSummary } from '../../../shared/review';
import { call } from '../api';
import { errorMessage } from '../components/ErrorBanner';
import { useWorkspace } from '../workspace/store';

interface VideoState {
  itemId: string | null;
  keyframes: KeyframeSummary[];
  /** The keyframe shown large (position in the strip). */
  selected: number;
  /** The one keyframe revealed, while the item's reveal lasts. */
  revealed: number | null;
  playing: boolean;
  unmuted: boolean;
  /** Loads the strip of `itemId` (once per item opened). */
  open(itemId: string): Promise<void>;
  /** Shows the next (+1) or previous (-1) keyframe; false when no strip is open. */
  step(delta: number): boolean;
  select(position: number): void;
  /** The core recorded the reveal of `position`. */
  revealedKeyframe(itemId: string, position: number): void;
  /** The item's reveal ended (blurred again, another item): back to the blurred strip, playback stopped. */
  blurred(): void;
  /** Starts or pauses playback; false when nothing is revealed. */
  togglePlay(): boolean;
  /** Asks the core to record the unmute, then unmutes; false when nothing plays. */
  unmute(): boolean;
}

const workspace = () => useWorkspace.getState();

export const useVideo = create<VideoState>()((set, get) => ({
  itemId: null,
  keyframes: [],
  selected: 0,
  revealed: null,
  playing: false,
  unmuted: false,

  async open(itemId) {
    if (get().itemId === itemId) return;
    set({ itemId, keyframes: [], selected: 0, revealed: null, playing: false, unmuted: false });
    try {
      const { keyframes } = await call('review.keyframes', { id: itemId });
      if (get().itemId === itemId) set({ keyframes });
    } catch (error) {
      workspace().fail(`The keyframes could not be loaded: ${errorMessage(error)}`);
    }
  },

  step(delta) {
    const { itemId, keyframes, selected } = get();
    if (itemId === null || keyframes.length === 0) return false;
    const next = Math.max(0, Math.min(keyframes.length - 1, selected + delta));
    get().select(next);
    return true;
  },

  select(position) {
    const { keyframes, revealed } = get();
    const frame = keyframes[position];
    if (!frame) return;
    set({ selected: position, playing: false });
    workspace().announce(
      `Keyframe ${position + 1} of ${keyframes.length} at ${frame.seconds.toFixed(1)} s` +
        `${frame.scene ? ', a scene change' : ''}, ${revealed === position ? 'revealed' : 'blurred'}.`,
    );
  },

  revealedKeyframe(itemId, position) {
    if (get().itemId === itemId) set({ revealed: position, selected: position, playing: false });
  },

  blurred() {
    if (get().revealed !== null || get().playing) set({ revealed: null, playing: false, unmuted: false });
  },

  togglePlay() {
    const { revealed, playing } = get();
    if (revealed === null) {
      if (get().itemId !== null)
        workspace().announce('Reveal a keyframe first (hold R): only a revealed video plays.');
      return get().itemId !== null;
    }
    set({ playing: !playing });
    workspace().announce(playing ? 'Paused.' : `Playing, ${get().unmuted ? 'with sound' : 'muted'}.`);
    return true;
  },

  unmute() {
    const { itemId, playing, unmuted } = get();
    if (itemId === null || !playing || unmuted) return false;
    void call('review.unmute', { id: itemId })
      .then(() => {
        if (get().itemId === itemId && get().playing) set({ unmuted: true });
        workspace().announce('Sound on. Unmuting was recorded.');
      })
      .catch((error: unknown) => workspace().fail(`The video stays muted: ${errorMessage(error)}`));
    return true;
  },
}));
