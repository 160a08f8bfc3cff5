// Builder actions shared by its buttons and its keys.
import { jsonEditorId } from './JsonEditor';
import { useReview } from '../review/store';
import { useCases } from './store';
import { submitBlocked, useSubmission } from './submission';

/** Saves the open case; a JSON editor that stopped the save gets the focus, with its problem shown. */
export async function saveAndShow(): Promise<void> {
  const problem = await useCases.getState().save();
  if (problem) {
    const element = document.getElementById(jsonEditorId(problem.editor));
    element?.scrollIntoView({ block: 'center' });
    element?.focus({ preventScroll: true });
  }
}

/** Ctrl+Enter or the Submit button: the confirmation naming where the report goes, or why it cannot go. */
export function askToSubmit(): void {
  const cases = useCases.getState();
  const id = cases.openId;
  if (!id) return;
  const editor = cases.editors[id];
  const { settings, byCase, inFlight } = useSubmission.getState();
  const blocked = submitBlocked(editor, settings, byCase[id], inFlight);
  if (blocked) {
    useCases.setState((s) => {
      const current = s.editors[id];
      if (!current) return {};
      return {
        editors: {
          ...s.editors,
          [id]: { ...current, notice: { kind: 'alert', text: `Not submitted: ${blocked}` } },
        },
      };
    });
    return;
  }
  useReview.getState().openOverlay('submit');
}
