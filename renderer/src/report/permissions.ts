// Why the open case's report cannot be saved, exported or submitted right now, in words a person can act
// on, or null when it can. Pure: the role, the editor and the submission are passed in. The buttons, the
// keys and the store all ask here; the core still enforces every rule.
import type { SubmissionView } from '../../../shared/cases';
import type { Role } from '../../../shared/domain';
import { mayCall, refusal, someoneWho } from '../workspace/access';
import type { NcmecSettings } from './submission';

/** What the rules read of the open case's editor (a CaseEditor is one). */
export interface EditorFacts {
  dirty: boolean;
  view: { completeness: { blocking: readonly unknown[] } };
}

function mustFill(editor: EditorFacts): string | null {
  const count = editor.view.completeness.blocking.length;
  if (count === 0) return null;
  return `Fix the ${count === 1 ? 'problem' : `${count} problems`} under “Must fill” first.`;
}

export function saveBlocked(role: Role | undefined): string | null {
  return mayCall('cases.saveReport', role) ? null : refusal('cases.saveReport', role, 'change reports');
}

export function exportBlocked(role: Role | undefined, editor: EditorFacts | undefined): string | null {
  if (!mayCall('cases.export', role)) return refusal('cases.export', role, 'export report packages');
  if (!editor) return 'The report is still loading.';
  if (editor.dirty) return 'Save your changes first (Ctrl+S): export writes the saved report.';
  return mustFill(editor);
}

export function submitBlocked(
  role: Role | undefined,
  editor: EditorFacts | undefined,
  settings: NcmecSettings | null,
  submission: Pick<SubmissionView, 'state' | 'reportId'> | null | undefined,
  inFlight: string | null,
): string | null {
  if (!mayCall('cases.submit', role)) return refusal('cases.submit', role, 'submit reports to NCMEC');
  if (!editor) return 'The report is still loading.';
  if (submission?.state === 'finished')
    return `Already reported as CyberTipline report ${submission.reportId ?? ''}; a case is never submitted twice.`;
  if (inFlight) return 'A submission is under way.';
  if (submission?.state === 'ambiguous')
    return 'This case’s submission stopped (ambiguous): NCMEC may hold a report for it. Ask NCMEC, then record the answer with `custody report resolve` before it can go on.';
  // An expired or failed attempt is over: submitting again opens a new report (see whatToDo).
  if (!settings)
    return `NCMEC is not set up for this vault yet: ${someoneWho('ncmec.configure')} sets it in NCMEC settings (N).`;
  if (editor.dirty) return 'Save your changes first (Ctrl+S): the saved report is what is sent.';
  return mustFill(editor);
}
