// Builder actions shared by its buttons and its keys.
import { jsonEditorId } from './JsonEditor';
import { useCases } from './store';

/** Saves the open case; a JSON editor that stopped the save gets the focus, with its problem shown. */
export async function saveAndShow(): Promise<void> {
  const problem = await useCases.getState().save();
  if (problem) {
    const element = document.getElementById(jsonEditorId(problem.editor));
    element?.scrollIntoView({ block: 'center' });
    element?.focus({ preventScroll: true });
  }
}
