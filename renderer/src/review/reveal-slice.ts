// The reveal slice: hold (R or the button) for the reviewer's hold time, then choose a reason, and only
// then does the core serve clear pixels; each reveal is counted and signed into the ledger. The flow is
// one tagged state (reveal.ts); this file owns the hold timer and the calls.
import { revealReasonLabels } from '../../../shared/review';
import { call } from '../api';
import { errorMessage } from '../components/ErrorBanner';
import { mayCall } from '../workspace/access';
import { useWorkspace } from '../workspace/store';
import { focusedItem, openItemId } from './focus-slice';
import { holdCancelled, holdCompleted, holdStarted, idle, revealAnswered } from './reveal';
import type { GetReview, RevealSlice, SetReview } from './state';
import { useVideo } from './video-store';

export function createRevealSlice(set: SetReview, get: GetReview): RevealSlice {
  const workspace = () => useWorkspace.getState();
  let holdTimer: ReturnType<typeof setTimeout> | null = null;

  function stopTimer(): void {
    if (holdTimer) clearTimeout(holdTimer);
    holdTimer = null;
  }

  return {
    reveal: idle,
    reveals: 0,

    startHold() {
      const s = get();
      const item = focusedItem(s);
      if (!item || s.reveal.kind === 'holding' || s.reveal.kind === 'choosingReason' || workspace().overlay)
        return;
      if (!item.viewable) {
        workspace().announce(`${item.fileName} has no image to reveal; its facts are in the item panel.`);
        set({ panelOpen: true });
        return;
      }
      if (!mayCall('review.reveal')) {
        workspace().fail('Your role can view blurred items but not reveal them.');
        return;
      }
      const holding = holdStarted(s.reveal, item, performance.now());
      if (holding === s.reveal) return;
      set({ panelOpen: true, reveal: holding });
      stopTimer();
      holdTimer = setTimeout(() => {
        holdTimer = null;
        // Ended meanwhile (let go, another queue, the panel closed): nothing to complete.
        if (get().reveal !== holding) return;
        // The hold reveals the item it started on, or nothing if the focus moved away meanwhile.
        const next = holdCompleted(holding, openItemId(get()));
        set({ reveal: next });
        if (next.kind !== 'choosingReason') {
          workspace().announce('Reveal cancelled: the open item changed during the hold.');
          return;
        }
        workspace().closeOverlay();
        workspace().announce('Hold complete: choose a reason, or press Esc to keep it blurred.');
      }, workspace().wellness.revealHoldMs);
    },

    cancelHold() {
      const { reveal } = get();
      if (reveal.kind !== 'holding') return;
      stopTimer();
      set({ reveal: holdCancelled(reveal) });
      workspace().announce('Reveal cancelled: keep holding until the bar is full.');
    },

    async revealFor(reason) {
      const asked = get().reveal;
      if (asked.kind !== 'choosingReason') return;
      const { item } = asked;
      set({ reveal: idle });
      workspace().setBusy('Revealing…');
      // A video reveals the one keyframe shown, no more.
      const video = useVideo.getState();
      const keyframe = video.itemId === item.id && video.keyframes.length > 0 ? video.selected : null;
      try {
        const { reveals, breakDue } =
          keyframe === null
            ? await call('review.reveal', { id: item.id, reason })
            : await call('review.revealKeyframe', { id: item.id, keyframe, reason });
        if (keyframe !== null) useVideo.getState().revealedKeyframe(item.id, keyframe);
        workspace().setBusy(null);
        set((s) => ({
          reveals,
          reveal: revealAnswered(s.reveal, item, openItemId(s)),
          detailVersion: s.detailVersion + 1,
        }));
        if (breakDue) workspace().openOverlay('break');
        workspace().announce(
          `${item.fileName}${keyframe === null ? '' : `, keyframe ${keyframe + 1},`} revealed (${revealReasonLabels[reason].toLowerCase()}). Reveals this session: ${reveals}.`,
        );
      } catch (error) {
        workspace().setBusy(null);
        workspace().fail(`${item.fileName} was not revealed: ${errorMessage(error)}`);
      }
    },

    keepBlurred() {
      if (get().reveal.kind === 'choosingReason') set({ reveal: idle });
    },

    blurAgain() {
      if (get().reveal.kind !== 'revealed') return;
      set({ reveal: idle });
      workspace().announce('Blurred again. Revealing it needs a new hold and reason.');
    },
  };
}
