// The report builder's keys (listed in keymap.ts): Ctrl+S saves, Ctrl+E exports and Ctrl+Enter asks to
// submit to NCMEC even while typing,
// Alt+1…9 jump to a section and Alt+0 to the XML preview (in its wide view), Esc outside a field goes back to review.
// While a dialog is open the dialog has the keys.
import { useEffect } from 'react';
import { useReview } from '../review/store';
import { isTyping } from '../review/useReviewKeys';
import { askToSubmit, saveAndShow } from './actions';
import { focusSection } from './focus';
import { useCases } from './store';
import { xmlPreviewId } from './XmlPreview';

function onKeyDown(event: KeyboardEvent): void {
  const cases = useCases.getState();
  if (!cases.openId || useReview.getState().overlay || event.defaultPrevented) return;
  const ctrl = event.ctrlKey || event.metaKey;
  if (ctrl && !event.altKey && !event.shiftKey) {
    const key = event.key.toLowerCase();
    if (key === 's') {
      event.preventDefault();
      void saveAndShow();
    } else if (key === 'e') {
      event.preventDefault();
      void cases.exportPackage();
    } else if (key === 'enter') {
      event.preventDefault();
      askToSubmit();
    }
    return;
  }
  if (event.altKey && !ctrl) {
    const digit = /^(?:Digit|Numpad)([0-9])$/.exec(event.code)?.[1];
    if (digit === undefined) return;
    event.preventDefault();
    if (digit === '0') {
      cases.setXmlWide(true);
      const preview = document.getElementById(xmlPreviewId);
      preview?.scrollIntoView({ block: 'start' });
      preview?.focus({ preventScroll: true });
    } else focusSection(Number(digit) - 1);
    return;
  }
  if (event.key === 'Escape' && !isTyping(event.target)) {
    event.preventDefault();
    cases.close();
  }
}

export function useReportKeys(): void {
  useEffect(() => {
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, []);
}
