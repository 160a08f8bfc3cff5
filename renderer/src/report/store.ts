// Cases and the report builder's state: the case list with its 24-hour clocks, which case is open in the
// main area, and per case the report as the core last answered it plus the edits not saved yet (kept
// while the person goes back to review or to another case; locking drops them with everything else).
import { create } from 'zustand';
import type { CaseSummary, ReportView } from '../../../shared/cases';
import { contract, type Channel, type ResponseOf } from '../../../shared/contract';
import { call } from '../api';
import { problem, useReview } from '../review/store';
import { useApp } from '../store';
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

export type ExportResult = ResponseOf<'cases.export'>;

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
  notice: Notice | null;
  exported: ExportResult | null;
}

interface CasesState {
  cases: CaseSummary[] | null;
  /** Date.now() when the list was answered: the clocks count down from there. */
  fetchedAt: number;
  listError: string | null;
  /** The case shown in the main area instead of the review grid. */
  openId: string | null;
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
  exportPackage(): Promise<void>;
  dismissExport(): void;
  setXmlWide(wide: boolean): void;
}

/** The signed-in role may call a channel (the contract's access rule, which the core enforces). */
export function mayCall(channel: Channel): boolean {
  const access = contract[channel].access;
  const role = useApp.getState().session?.role;
  if (access === 'anyone') return true;
  if (access === 'signed-in') return role !== undefined;
  return role !== undefined && access.includes(role);
}

/** Who may call a channel, in words: "supervisor, counsel or admin". */
export function rolesFor(channel: Channel): string {
  const access = contract[channel].access;
  if (typeof access === 'string') return 'any signed-in user';
  return access.length > 1 ? `${access.slice(0, -1).join(', ')} or ${access.at(-1)}` : (access[0] ?? '');
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

/** Why export cannot run now, or null when it can. */
export function exportBlocked(editor: CaseEditor | undefined): string | null {
  if (!mayCall('cases.export')) {
    const role = useApp.getState().session?.role ?? 'unknown';
    return `Your role (${role}) cannot export report packages: ask a ${rolesFor('cases.export')}.`;
  }
  if (!editor) return 'The report is still loading.';
  if (editor.dirty) return 'Save your changes first (Ctrl+S): export writes the saved report.';
  const count = editor.view.completeness.blocking.length;
  if (count > 0) return `Fix the ${count === 1 ? 'problem' : `${count} problems`} under “Must fill” first.`;
  return null;
}

/** Why saving cannot run now, or null when it can. */
export function saveBlocked(): string | null {
  if (mayCall('cases.saveReport')) return null;
  const role = useApp.getState().session?.role ?? 'unknown';
  return `Your role (${role}) cannot change reports: ask a ${rolesFor('cases.saveReport')}.`;
}

export const useCases = create<CasesState>((set, get) => {
  let listRequest = 0;

  function patchOpen(change: (editor: CaseEditor) => CaseEditor): void {
    const id = get().openId;
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
      if (get().openId === id) set({ loadError: `The report could not be loaded: ${problem(error)}` });
    }
  }

  return {
    cases: null,
    fetchedAt: 0,
    listError: null,
    openId: null,
    loadError: null,
    editors: {},
    xmlWide: false,

    start() {
      set({ cases: null, listError: null, openId: null, loadError: null, editors: {} });
      void get().loadList();
    },

    stop() {
      listRequest++;
      set({ cases: null, openId: null, editors: {} });
    },

    async loadList() {
      const request = ++listRequest;
      try {
        const { cases } = await call('cases.list', {});
        if (request === listRequest) set({ cases, fetchedAt: Date.now(), listError: null });
      } catch (error) {
        if (request === listRequest) set({ listError: `The cases could not be loaded: ${problem(error)}` });
      }
    },

    open(id) {
      useReview.getState().closePanel();
      set({ openId: id, loadError: null });
      void loadReport(id);
    },

    close() {
      set({ openId: null, loadError: null });
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
      const id = get().openId;
      const editor = id ? get().editors[id] : undefined;
      if (!id || !editor || editor.saving) return null;
      const refused = saveBlocked();
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
          notice: { kind: 'alert', text: `The report was not saved: ${problem(error)}` },
        });
      }
      return null;
    },

    async exportPackage() {
      const id = get().openId;
      const editor = id ? get().editors[id] : undefined;
      if (!id || editor?.exporting) return;
      const blocked = exportBlocked(editor);
      if (blocked) {
        patch(id, { notice: { kind: 'alert', text: `Not exported: ${blocked}` } });
        return;
      }
      patch(id, { exporting: true, exported: null, notice: { kind: 'status', text: 'Exporting…' } });
      try {
        const exported = await call('cases.export', { id });
        patch(id, {
          exporting: false,
          exported,
          notice: {
            kind: 'status',
            text: `Exported the signed report package ${exported.folder} (${exported.files} files).`,
          },
        });
        void get().loadList();
      } catch (error) {
        patch(id, {
          exporting: false,
          notice: { kind: 'alert', text: `The package was not exported: ${problem(error)}` },
        });
      }
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
  return useCases((s) => (s.openId ? s.editors[s.openId] : undefined));
}
