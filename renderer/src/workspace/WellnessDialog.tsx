// W: the reviewer's wellness settings, kept per user in the vault (each change is a ledger entry), and
// the session's spotlight switch. A sample shows the blur and greyscale before they are saved.
import { useState, type FormEvent } from 'react';
import type { WellnessSettings } from '../../../shared/review';
import { CustodyRequestError } from '../api';
import { Dialog } from '../components/Dialog';
import { ErrorBanner } from '../components/ErrorBanner';
import { Field } from '../components/Field';
import { mediaFilter } from './filters';
import { useWorkspace } from './store';

const blurLevels = ['None', 'Light', 'Medium', 'Strong'] as const;

export function WellnessDialog() {
  const saved = useWorkspace((s) => s.wellness);
  const spotlight = useWorkspace((s) => s.spotlight);
  const setSpotlight = useWorkspace((s) => s.setSpotlight);
  const saveWellness = useWorkspace((s) => s.saveWellness);
  const close = useWorkspace((s) => s.closeOverlay);
  const busy = useWorkspace((s) => s.busy);
  const [draft, setDraft] = useState<WellnessSettings>(saved);
  const [holdText, setHoldText] = useState(String(saved.revealHoldMs));
  const [breakText, setBreakText] = useState(String(saved.breakAfterReveals));
  const [error, setError] = useState<unknown>(null);
  const problems =
    error instanceof CustodyRequestError
      ? Object.fromEntries(error.issues.map((i) => [i.path, i.message]))
      : {};

  async function submit(event: FormEvent) {
    event.preventDefault();
    setError(null);
    try {
      await saveWellness({ ...draft, revealHoldMs: Number(holdText), breakAfterReveals: Number(breakText) });
    } catch (failure) {
      setError(failure);
    }
  }

  return (
    <Dialog title="Wellness settings" className="wellness-dialog" onClose={close}>
      <form className="form" onSubmit={submit} aria-label="Wellness settings">
        <div className="wellness-sample-row">
          <fieldset className="radio-row">
            <legend>Extra blur on top of the core's blurred images</legend>
            {blurLevels.map((label, level) => (
              <label key={label} className="check">
                <input
                  type="radio"
                  name="blur"
                  checked={draft.blurStrength === level}
                  data-autofocus={draft.blurStrength === level ? '' : undefined}
                  onChange={() => setDraft({ ...draft, blurStrength: level })}
                />
                {label}
              </label>
            ))}
          </fieldset>
          <figure className="wellness-sample-frame">
            <div className="wellness-sample-clip" role="img" aria-label="Sample of the blur and greyscale">
              <div className="wellness-sample" style={{ filter: mediaFilter(draft, 'tile') }} />
            </div>
            <figcaption>Sample</figcaption>
          </figure>
        </div>
        <label className="check">
          <input
            type="checkbox"
            checked={draft.greyscale}
            onChange={(e) => setDraft({ ...draft, greyscale: e.target.checked })}
          />
          Show media in greyscale
        </label>
        <Field
          label="Hold to reveal for (milliseconds)"
          type="number"
          min={300}
          max={5000}
          step={100}
          hint="300 to 5000. How long R or the reveal button must be held."
          value={holdText}
          onChange={(e) => setHoldText(e.target.value)}
          problem={problems.revealHoldMs}
        />
        <Field
          label="Suggest a break after this many reveals"
          type="number"
          min={0}
          max={1000}
          hint="0 turns the reminder off."
          value={breakText}
          onChange={(e) => setBreakText(e.target.value)}
          problem={problems.breakAfterReveals}
        />
        <label className="check">
          <input type="checkbox" checked={spotlight} onChange={(e) => setSpotlight(e.target.checked)} />
          Spotlight: show a revealed item only around the pointer (this session; key S)
        </label>
        <ErrorBanner error={error instanceof CustodyRequestError && error.issues.length > 0 ? null : error} />
        <div className="dialog-actions">
          <button type="button" onClick={close}>
            Cancel <kbd>Esc</kbd>
          </button>
          <button type="submit" className="primary" disabled={busy !== null}>
            {busy ? 'Saving…' : 'Save'} <kbd>Enter</kbd>
          </button>
        </div>
      </form>
    </Dialog>
  );
}
