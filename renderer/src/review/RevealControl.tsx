// The reveal control: press and hold (the button, or R anywhere) for the reviewer's hold time while a bar
// fills; letting go early cancels. A completed hold asks for a reason before anything is unblurred.
import { useEffect, useState, type KeyboardEvent } from 'react';
import { useWorkspace } from '../workspace/store';
import { useReview } from './store';

function HoldProgress({ startedAt, holdMs }: { startedAt: number; holdMs: number }) {
  const [fraction, setFraction] = useState(0);
  useEffect(() => {
    let frame = requestAnimationFrame(function tick(now) {
      setFraction(Math.min(1, (now - startedAt) / holdMs));
      frame = requestAnimationFrame(tick);
    });
    return () => cancelAnimationFrame(frame);
  }, [startedAt, holdMs]);
  const percent = Math.round(fraction * 100);
  return (
    <div
      className="hold-progress"
      role="progressbar"
      aria-label="Reveal hold"
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={percent}
    >
      <div className="hold-progress-bar" style={{ transform: `scaleX(${fraction})` }} />
    </div>
  );
}

export function RevealControl({ revealed, allowed }: { revealed: boolean; allowed: boolean }) {
  const holdStartedAt = useReview((s) => (s.reveal.kind === 'holding' ? s.reveal.startedAt : null));
  const holdMs = useWorkspace((s) => s.wellness.revealHoldMs);
  const spotlight = useWorkspace((s) => s.spotlight);
  const startHold = useReview((s) => s.startHold);
  const cancelHold = useReview((s) => s.cancelHold);
  const blurAgain = useReview((s) => s.blurAgain);
  const setSpotlight = useWorkspace((s) => s.setSpotlight);

  const onKeyDown = (event: KeyboardEvent) => {
    if ((event.key === ' ' || event.key === 'Enter') && !event.repeat) {
      event.preventDefault();
      startHold();
    }
  };
  const onKeyUp = (event: KeyboardEvent) => {
    if (event.key === ' ' || event.key === 'Enter') cancelHold();
  };

  return (
    <div className="reveal-control">
      {revealed ? (
        <>
          <span className="revealed-note">Revealed while this item stays open</span>
          <button type="button" onClick={blurAgain} aria-keyshortcuts="B">
            Blur again <kbd>B</kbd>
          </button>
        </>
      ) : (
        <button
          type="button"
          className="reveal-button"
          disabled={!allowed}
          aria-keyshortcuts="R"
          aria-describedby="reveal-hint"
          onPointerDown={(event) => {
            event.currentTarget.setPointerCapture(event.pointerId);
            startHold();
          }}
          onPointerUp={cancelHold}
          onPointerCancel={cancelHold}
          onLostPointerCapture={cancelHold}
          onKeyDown={onKeyDown}
          onKeyUp={onKeyUp}
          onContextMenu={(event) => event.preventDefault()}
        >
          Hold to reveal <kbd>R</kbd>
        </button>
      )}
      <button
        type="button"
        aria-pressed={spotlight}
        aria-keyshortcuts="S"
        onClick={() => setSpotlight(!spotlight)}
      >
        Spotlight <kbd>S</kbd>
      </button>
      {holdStartedAt !== null && <HoldProgress startedAt={holdStartedAt} holdMs={holdMs} />}
      {!revealed && (
        <p id="reveal-hint" className="hint">
          {allowed
            ? `Hold for ${(holdMs / 1000).toFixed(1)} s, then give a reason. The reveal is signed into the ledger.`
            : 'Your role can view blurred items but not reveal them.'}
        </p>
      )}
    </div>
  );
}
