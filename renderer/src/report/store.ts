// Cases and the report builder's state: the case list with its 24-hour clocks and, per case, the report
// as the core last answered it plus the edits not saved yet (kept while the person goes back to review or
// to another case; locking drops them with everything else). Which case the main area shows is the
// workspace's (workspace/store.ts: openCase).
import { create } from 'zustand';
import type { CaseSummary, ReportView } from '../../../shared/cases';
import type { RequestOf, ResponseOf } from '../../../shared/contract';
import type { Role } from '../../../shared/domain';
import { call } from '../api';
import { errorMessage } from '../components/ErrorBanner';
import { useApp } from '../store';
import { useWorkspace } from '../workspace/store';
import { setIn, type ModelPath, type Obj } from './draft';
import {
  composeReport,
  editOf,
  fingerprint,
  newUserKey,
  userEditorId,
  type JsonProblem,
  type ReportEdit,
} from './model';
import { exportBlocked, saveBlocked } from './permissions';

export type ExportResult = ResponseOf<'cases.export'>;
/** Where the person chose to write the package, and how. */
export type ExportChoice = Omit<RequestOf<'cases.export'>, 'id'>;

export interface Notice {
  kind: 'status' | 'alert';
  text: string;
}

export interface CaseEditor extends ReportEdit {
  view: ReportView;
  /** The saved report's fingerprint, to tell whether the edits differ from it. */
  saved: string | null;
  dirty: boolean;
  /** Problems of JSON editors found at the last save, by editor id. */
  jsonProblems: Record<string, string>;
  saving: boolean;
  exporting: boolean;
  /** The export dialog (destination, encryption, the warning) is open. */
  askingExport: boolean;
  notice: Notice | null;
  exported: ExportResult | null;
}

interface CasesState {
  cases: CaseSummary[] | null;
  /** Date.now() when the list was answered: the clocks count down from there. */
  fetchedAt: number;
  listError: string | null;
  loadError: string | null;
  editors: Record<string, CaseEditor>;
  /** The XML preview takes more of the width (Alt+0 or its button). */
  xmlWide: boolean;

  start(): void;
  stop(): void;
  loadList(): Promise<void>;
  open(id: string): void;
  close(): void;
  edit(path: ModelPath, value: unknown): void;
  setJson(editor: string, text: string): void;
  addUser(): void;
  removeUser(index: number): void;
  /** Saves the open case; answers the first JSON editor that stopped it, if any. */
  save(): Promise<JsonProblem | null>;
  /** Ctrl+E or Export: the dialog choosing where the package goes (or why it cannot be exported). */
  exportPackage(): Promise<void>;
  /** Writes the package where the dialog says; answers the core's refusal for the dialog to show, or null. */
  writePackage(choice: ExportChoice): Promise<unknown>;
  cancelExport(): void;
  dismissExport(): void;
  setXmlWide(wide: boolean): void;
}

/** The case the main area shows, if any. */
function openCase(): string | null {
  return useWorkspace.getState().openCase;
}

/** The signed-in role, which the permission rules read. */
function role(): Role | undefined {
  return useApp.getState().session?.role;
}

function editorOf(view: ReportView, keys?: readonly string[]): CaseEditor {
  const edit = editOf(view.report, keys);
  return {
    ...edit,
    view,
    saved: fingerprint(edit),
    dirty: false,
    jsonProblems: {},
    saving: false,
    exporting: false,
    askingExport: false,
    notice: null,
    exported: null,
  };
}

function withEdit(editor: CaseEditor, change: Partial<ReportEdit>): CaseEditor {
  const next = { ...editor, ...change };
  const now = fingerprint(next);
  return { ...next, dirty: now === null || now !== editor.saved };
}

function blockingSummary(view: ReportView): string {
  const count = view.completeness.blocking.length;
  return count === 0
    ? 'Nothing blocks export.'
    : `${count} problem${count === 1 ? '' : 's'} still block${count === 1 ? 's' : ''} export.`;
}

function clockTime(): string {
  return new Date().toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
}

export const useCases = create<CasesState>((set, get) => {
  let listRequest = 0;

  function patchOpen(change: (editor: CaseEditor) => CaseEditor): void {
    const id = openCase();
    const editor = id ? get().editors[id] : undefined;
    if (!id || !editor) return;
    set((s) => ({ editors: { ...s.editors, [id]: change(editor) } }));
  }

  function patch(id: string, change: Partial<CaseEditor>): void {
    const editor = get().editors[id];
    if (editor) set((s) => ({ editors: { ...s.editors, [id]: { ...editor, ...change } } }));
  }

  async function loadReport(id: string): Promise<void> {
    try {
      const view = await call('cases.report', { id });
      const current = get().editors[id];
      // Edits not saved yet stay; otherwise the view is read afresh (review may have changed files).
      if (current?.dirty) patch(id, { view });
      else
        set((s) => ({ editors: { ...s.editors, [id]: editorOf(view, current?.userKeys) }, loadError: null }));
    } catch (error) {
      if (openCase() === id) set({ loadError: `The report could not be loaded: ${errorMessage(error)}` });
    }
  }

  return {
    cases: null,
    fetchedAt: 0,
    listError: null,
    loadError: null,
    editors: {},
    xmlWide: false,

    start() {
      set({ cases: null, listError: null, loadError: null, editors: {} });
      void get().loadList();
    },

    stop() {
      listRequest++;
      set({ cases: null, editors: {} });
    },

    async loadList() {
      const request = ++listRequest;
      try {
        const { cases } = await call('cases.list', {});
        if (request === listRequest) set({ cases, fetchedAt: Date.now(), listError: null });
      } catch (error) {
        if (request === listRequest)
          set({ listError: `The cases could not be loaded: ${errorMessage(error)}` });
      }
    },

    open(id) {
      useWorkspace.getState().showCase(id);
      set({ loadError: null });
      void loadReport(id);
    },

    close() {
      useWorkspace.getState().showGrid();
      set({ loadError: null });
    },

    edit(path, value) {
      patchOpen((editor) => withEdit(editor, { draft: setIn(editor.draft, path, value) as Obj }));
    },

    setJson(editor, text) {
      patchOpen((current) => {
        const { [editor]: _cleared, ...jsonProblems } = current.jsonProblems;
        return { ...withEdit(current, { json: { ...current.json, [editor]: text } }), jsonProblems };
      });
    },

    addUser() {
      patchOpen((editor) => {
        const users = Array.isArray(editor.draft.personOrUserReported)
          ? editor.draft.personOrUserReported
          : [];
        const key = newUserKey();
        return withEdit(editor, {
          draft: { ...editor.draft, personOrUserReported: [...users, {}] },
          userKeys: [...editor.userKeys, key],
          json: { ...editor.json, [userEditorId(key)]: '' },
        });
      });
    },

    removeUser(index) {
      patchOpen((editor) => {
        const users = Array.isArray(editor.draft.personOrUserReported)
          ? editor.draft.personOrUserReported
          : [];
        const key = editor.userKeys[index];
        const { [userEditorId(key ?? '')]: _removed, ...json } = editor.json;
        return withEdit(editor, {
          draft: { ...editor.draft, personOrUserReported: users.filter((_, i) => i !== index) },
          userKeys: editor.userKeys.filter((_, i) => i !== index),
          json,
        });
      });
    },

    async save() {
      const id = openCase();
      const editor = id ? get().editors[id] : undefined;
      if (!id || !editor || editor.saving) return null;
      const refused = saveBlocked(role());
      if (refused) {
        patch(id, { notice: { kind: 'alert', text: refused } });
        return null;
      }
      const composed = composeReport(editor);
      if (!composed.ok) {
        const first = composed.problems[0] ?? null;
        patch(id, {
          jsonProblems: Object.fromEntries(composed.problems.map((p) => [p.editor, p.message])),
          notice: {
            kind: 'alert',
            text: `Not saved: ${composed.problems.map((p) => `${p.label}: ${p.message}`).join(' ')}`,
          },
        });
        return first;
      }
      if (!editor.dirty) {
        patch(id, { notice: { kind: 'status', text: 'No changes to save.' } });
        return null;
      }
      patch(id, { saving: true, notice: { kind: 'status', text: 'Saving…' } });
      try {
        const view = await call('cases.saveReport', { id, report: composed.report });
        const current = get().editors[id] ?? editor;
        const sent = JSON.stringify(composed.report);
        const unchanged = JSON.stringify((composeReport(current) as { report?: Obj }).report) === sent;
        // Edits made while the save was on its way stay, on top of the saved view.
        const next: CaseEditor = unchanged
          ? { ...editorOf(view, current.userKeys), exported: null }
          : withEdit({ ...current, view, saved: fingerprint(editOf(view.report, current.userKeys)) }, {});
        set((s) => ({
          editors: {
            ...s.editors,
            [id]: {
              ...next,
              saving: false,
              notice: { kind: 'status', text: `Saved at ${clockTime()}. ${blockingSummary(view)}` },
            },
          },
        }));
      } catch (error) {
        patch(id, {
          saving: false,
          notice: { kind: 'alert', text: `The report was not saved: ${errorMessage(error)}` },
        });
      }
      return null;
    },

    async exportPackage() {
      const id = openCase();
      const editor = id ? get().editors[id] : undefined;
      if (!id || editor?.exporting) return;
      const blocked = exportBlocked(role(), editor);
      if (blocked) {
        patch(id, { notice: { kind: 'alert', text: `Not exported: ${blocked}` } });
        return;
      }
      patch(id, { askingExport: true, exported: null });
    },

    async writePackage(choice) {
      const id = openCase();
      const editor = id ? get().editors[id] : undefined;
      if (!id || editor?.exporting) return null;
      patch(id, { exporting: true, exported: null, notice: { kind: 'status', text: 'Exporting…' } });
      try {
        const exported = await call('cases.export', { id, ...choice });
        patch(id, {
          exporting: false,
          askingExport: false,
          exported,
          notice: {
            kind: 'status',
            text: `Exported the signed report package ${exported.folder} (${exported.files} files${exported.encrypted ? ', encrypted' : ''}).`,
          },
        });
        void get().loadList();
        return null;
      } catch (error) {
        patch(id, {
          exporting: false,
          notice: { kind: 'alert', text: `The package was not exported: ${errorMessage(error)}` },
        });
        return error;
      }
    },

    cancelExport() {
      patchOpen((editor) => ({ ...editor, askingExport: false, notice: null }));
    },

    dismissExport() {
      patchOpen((editor) => ({ ...editor, exported: null, notice: null }));
    },

    setXmlWide(wide) {
      set({ xmlWide: wide });
    },
  };
});

/** The open case's editor, once its report has loaded. */
export function useOpenEditor(): CaseEditor | undefined {
  const id = useWorkspace((s) => s.openCase);
  return useCases((s) => (id ? s.editors[id] : undefined));
}
