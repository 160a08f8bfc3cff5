// Builder actions shared by its buttons and its keys.
import { useApp } from '../store';
import { useWorkspace } from '../workspace/store';
import { jsonEditorId } from './JsonEditor';
import { submitBlocked } from './permissions';
import { useCases } from './store';
import { useSubmission } from './submission';
import { xmlPreviewId } from './XmlPreview';

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
  const id = useWorkspace.getState().openCase;
  if (!id) return;
  const editor = useCases.getState().editors[id];
  const { settings, byCase, inFlight } = useSubmission.getState();
  const blocked = submitBlocked(useApp.getState().session?.role, editor, settings, byCase[id], inFlight);
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
  useWorkspace.getState().openOverlay('submit');
}

/** Alt+0: the report.xml preview in its wide view, scrolled to and focused. */
export function showXmlPreview(): void {
  useCases.getState().setXmlWide(true);
  const preview = document.getElementById(xmlPreviewId);
  preview?.scrollIntoView({ block: 'start' });
  preview?.focus({ preventScroll: true });
}
