// Every key of the workspace, in one table: the one global listener (workspace/useKeymap.ts) runs these,
// the help overlay (?) lists them by group, and the footer's hints quote them. The table's order is the
// order of the footer's hints and, within each group, of the help; the first binding that takes a key
// press wins. Keys never act on what is not shown: grid keys only while the grid is, report keys only
// while a case's report is, and only Ctrl+L while a dialog is open (the dialog has the other keys).
import { queues } from '../../../shared/review';
import { askToSubmit, saveAndShow, showXmlPreview } from '../report/actions';
import { focusCases } from '../report/CaseNav';
import { focusSection } from '../report/focus';
import { reportSections } from '../report/model';
import { useCases } from '../report/store';
import { categoryKeys, type CategoryKey } from '../review/category-keys';
import { openItemId } from '../review/focus-slice';
import { useReview } from '../review/store';
import { useVideo } from '../review/video-store';
import { useApp } from '../store';
import { isControl, type KeyContext, type Keymap } from '../workspace/keys';
import { useWorkspace } from '../workspace/store';

const review = () => useReview.getState();
const cases = () => useCases.getState();
const workspace = () => useWorkspace.getState();
const video = () => useVideo.getState();
/** A video's strip is open: the item panel shows a video. */
const videoOpen = () => {
  const open = openItemId(review());
  return open !== undefined && video().itemId === open;
};

/** The context keys act in: a dialog (the workspace's, or the reveal's reason), else what the main area shows. */
export function keyContext(): KeyContext {
  const { overlay, openCase } = workspace();
  if (overlay !== null || review().reveal.kind === 'choosingReason') return 'dialog';
  return openCase === null ? 'grid' : 'report';
}

/** The digit at the end of a written key ("Alt+3" → 3). */
const digitOf = (key: string) => Number(key.slice(-1));

export const keymap: Keymap = [
  {
    id: 'move',
    group: 'Move',
    keys: ['ArrowLeft', 'ArrowUp', 'ArrowRight', 'ArrowDown'],
    label: 'Move the focus through the grid',
    when: 'grid',
    hint: { text: 'move', keys: ['←↑↓→', 'J', 'K'] },
    run: ({ key, press }) => {
      const { columns } = review();
      const delta = { ArrowLeft: -1, ArrowRight: 1, ArrowUp: -columns, ArrowDown: columns }[key] ?? 0;
      review().moveBy(delta, press.shiftKey);
    },
  },
  {
    id: 'next-previous',
    group: 'Move',
    keys: ['J', 'K'],
    label: 'Next / previous item',
    when: 'grid',
    run: ({ key, press }) => review().moveBy(key === 'J' ? 1 : -1, press.shiftKey),
  },
  {
    id: 'first-last',
    group: 'Move',
    keys: ['Home', 'End'],
    label: 'First / last item',
    when: 'grid',
    run: ({ key, press }) =>
      review().focusAt(key === 'Home' ? 0 : (review().total ?? 1) - 1, press.shiftKey ? 'extend' : 'move'),
  },
  {
    id: 'page',
    group: 'Move',
    keys: ['PageUp', 'PageDown'],
    label: 'One screen up / down',
    when: 'grid',
    run: ({ key, press }) => {
      const { visibleRows, columns } = review();
      const step = Math.max(1, visibleRows) * columns;
      review().moveBy(key === 'PageUp' ? -step : step, press.shiftKey);
    },
  },
  {
    id: 'queue',
    group: 'Move',
    keys: queues.map((_, i) => `Alt+${i + 1}`),
    label: 'Queue: all, matched, uncategorised, categorised',
    when: 'grid',
    run: ({ key }) => {
      const queue = queues[digitOf(key) - 1];
      if (queue) review().setQueue(queue);
    },
  },
  {
    id: 'open',
    group: 'Review',
    keys: ['Enter', ' '],
    label: 'Open the item panel',
    when: 'grid',
    hint: { text: 'open', keys: ['Enter'] },
    run: ({ press }) => {
      // On a focused button, Enter and Space press that button.
      if (isControl(press.target)) return false;
      review().openPanel();
    },
  },
  {
    id: 'categorise',
    group: 'Review',
    keys: ['1', '2', '3', '4'],
    label: 'Categorise A1, A2, B1, B2',
    when: 'grid',
    hint: { text: 'categorise', keys: ['1', '2', '3', '4', '0'] },
    run: ({ key }) => review().categorizeFocused(categoryKeys[key as CategoryKey]),
  },
  {
    id: 'categorise-none',
    group: 'Review',
    keys: ['0'],
    label: 'Categorise none (not reportable)',
    when: 'grid',
    run: () => review().categorizeFocused(categoryKeys['0']),
  },
  {
    id: 'annotations',
    group: 'Review',
    keys: ['A'],
    label: 'Annotations checklist',
    when: 'grid',
    hint: { text: 'annotations' },
    run: () => review().openAnnotations(),
  },
  {
    id: 'extend',
    group: 'Select',
    keys: [],
    shown: ['Shift+arrows', 'Shift+J/K'],
    label: 'Extend the selection',
    when: 'grid',
    hint: { text: 'select', keys: ['Shift+arrows'] },
  },
  {
    id: 'select-range',
    group: 'Select',
    keys: [],
    shown: ['Shift+click'],
    label: 'Select a range',
    when: 'grid',
  },
  {
    id: 'select-one',
    group: 'Select',
    keys: [],
    shown: ['Ctrl+click'],
    label: 'Add or remove one item',
    when: 'grid',
  },
  {
    id: 'select-all',
    group: 'Select',
    keys: ['Ctrl+A'],
    label: 'Select the whole queue',
    when: 'grid',
    run: () => review().selectAll(),
  },
  {
    id: 'clear-selection',
    group: 'Select',
    keys: ['Escape'],
    label: 'Clear the selection (when nothing else is open)',
    when: 'grid',
    run: () => {
      const { panelOpen, selection, clearSelection } = review();
      if (panelOpen || selection.size <= 1) return false;
      clearSelection();
    },
  },
  {
    id: 'group',
    group: 'Review',
    keys: ['G'],
    label: 'Categorise the whole selection (then a digit)',
    when: 'grid',
    hint: { text: 'group' },
    run: () => void review().startGroup(),
  },
  {
    id: 'reveal',
    group: 'Review',
    keys: ['R'],
    shown: ['R (hold)'],
    label: 'Reveal unblurred, then choose a reason',
    when: 'grid',
    hint: { text: 'hold to reveal', keys: ['R'] },
    run: ({ press }) => {
      if (!press.repeat) review().startHold();
    },
    release: () => review().cancelHold(),
  },
  {
    id: 'keyframe',
    group: 'Review',
    keys: [',', '.'],
    label: 'Previous / next keyframe of a video (R reveals the one shown, and only it)',
    when: 'grid',
    run: ({ key }) => videoOpen() && video().step(key === ',' ? -1 : 1),
  },
  {
    id: 'play',
    group: 'Review',
    keys: ['P'],
    label: 'Play or pause a revealed video, muted',
    when: 'grid',
    run: () => videoOpen() && video().togglePlay(),
  },
  {
    id: 'unmute',
    group: 'Review',
    keys: ['M'],
    label: 'Unmute the playing video (recorded in the ledger)',
    when: 'grid',
    run: () => videoOpen() && video().unmute(),
  },
  {
    id: 'blur',
    group: 'Review',
    keys: ['B'],
    label: 'Blur the revealed item again',
    when: 'grid',
    run: () => review().blurAgain(),
  },
  {
    id: 'spotlight',
    group: 'Review',
    keys: ['S'],
    label: 'Spotlight: show a revealed item only around the pointer',
    when: 'grid',
    run: () => workspace().setSpotlight(!workspace().spotlight),
  },
  {
    id: 'save',
    group: 'Report builder',
    keys: ['Ctrl+S'],
    label: 'Save the report',
    when: 'report',
    whileTyping: true,
    hint: { text: 'save' },
    run: () => void saveAndShow(),
  },
  {
    id: 'export',
    group: 'Report builder',
    keys: ['Ctrl+E'],
    label: 'Export the signed report package',
    when: 'report',
    whileTyping: true,
    hint: { text: 'export' },
    run: () => void cases().exportPackage(),
  },
  {
    id: 'submit',
    group: 'Report builder',
    keys: ['Ctrl+Enter'],
    label: 'Submit the report to NCMEC (asks first)',
    when: 'report',
    whileTyping: true,
    hint: { text: 'submit to NCMEC' },
    run: askToSubmit,
  },
  {
    id: 'section',
    group: 'Report builder',
    keys: reportSections.map((_, i) => `Alt+${i + 1}`),
    shown: [`Alt+1…${reportSections.length}`],
    label: 'Jump to a section, from the incident summary to the files',
    when: 'report',
    whileTyping: true,
    hint: { text: 'sections' },
    run: ({ key }) => focusSection(digitOf(key) - 1),
  },
  {
    id: 'xml-preview',
    group: 'Report builder',
    keys: ['Alt+0'],
    label: 'The report.xml preview, in its wide view',
    when: 'report',
    whileTyping: true,
    hint: { text: 'XML preview' },
    run: showXmlPreview,
  },
  {
    id: 'next-field',
    group: 'Report builder',
    keys: [],
    shown: ['Tab', 'Shift+Tab'],
    label: 'Next / previous field',
    when: 'report',
    hint: { text: 'next field', keys: ['Tab'] },
  },
  {
    id: 'back-to-review',
    group: 'Report builder',
    keys: ['Escape'],
    label: 'Back to review (outside a field)',
    when: 'report',
    hint: { text: 'back to review' },
    run: () => cases().close(),
  },
  {
    id: 'cases',
    group: 'Move',
    keys: ['C'],
    label: 'Go to the cases in the sidebar (Enter opens one)',
    when: 'workspace',
    hint: { text: 'cases' },
    run: focusCases,
  },
  {
    id: 'wellness',
    group: 'Workstation',
    keys: ['W'],
    label: 'Wellness settings',
    when: 'workspace',
    hint: { text: 'wellness', only: 'grid' },
    run: () => workspace().openOverlay('wellness'),
  },
  {
    id: 'ncmec',
    group: 'Workstation',
    keys: ['N'],
    label: 'NCMEC settings: where reports go',
    when: 'workspace',
    run: () => workspace().openOverlay('ncmec'),
  },
  {
    id: 'help',
    group: 'Workstation',
    keys: ['?'],
    label: 'This list of keys',
    when: 'workspace',
    hint: { text: 'all keys' },
    run: () => workspace().openOverlay('help'),
  },
  {
    id: 'close-panel',
    group: 'Workstation',
    keys: ['Escape'],
    label: 'Close the open dialog or the item panel',
    when: 'grid',
    run: () => {
      if (!review().panelOpen) return false;
      review().closePanel();
    },
  },
  {
    id: 'lock',
    group: 'Workstation',
    keys: ['Ctrl+L'],
    label: 'Lock the vault',
    when: 'always',
    whileTyping: true,
    run: () => void useApp.getState().lock(),
  },
];
