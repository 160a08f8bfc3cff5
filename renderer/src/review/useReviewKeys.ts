// The workspace's keyboard: one listener for every review key in keymap.ts. Keys typed into form fields
// stay there, Enter and Space on a focused button press that button, and while a dialog is open the
// dialog handles the keys itself. While a case's report builder replaces the grid, only the workstation
// keys (?, W, N, C) apply here: the builder has its own (report/useReportKeys.ts), and a digit must never
// categorise an item nobody can see.
import { useEffect } from 'react';
import { queues } from '../../../shared/review';
import { useCases } from '../report/store';
import { categoryDigit, categoryKeys } from './keymap';
import { useReview } from './store';

export function isTyping(target: EventTarget | null): boolean {
  return (
    target instanceof HTMLElement &&
    (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName))
  );
}

function isControl(target: EventTarget | null): boolean {
  return target instanceof HTMLElement && ['BUTTON', 'A', 'SUMMARY'].includes(target.tagName);
}

/** C: the first case in the sidebar. */
function focusCases(): boolean {
  const first =
    document.querySelector<HTMLElement>('.case-button[aria-current=page]') ??
    document.querySelector<HTMLElement>('.case-button');
  first?.focus();
  return first !== null;
}

function onKeyDown(event: KeyboardEvent): void {
  const s = useReview.getState();
  if (s.overlay || event.defaultPrevented || isTyping(event.target)) return;
  const handled = () => event.preventDefault();
  const plain = !event.ctrlKey && !event.metaKey && !event.altKey;

  if (plain && (event.key === 'c' || event.key === 'C')) {
    if (focusCases()) handled();
    return;
  }
  if (useCases.getState().openId !== null) {
    if (plain && event.key === '?') {
      handled();
      s.openOverlay('help');
    } else if (plain && (event.key === 'w' || event.key === 'W')) {
      handled();
      s.openOverlay('wellness');
    } else if (plain && (event.key === 'n' || event.key === 'N')) {
      handled();
      s.openOverlay('ncmec');
    }
    return;
  }

  if (event.ctrlKey || event.metaKey) {
    if (event.key.toLowerCase() === 'a' && !event.altKey) {
      handled();
      s.selectAll();
    }
    return;
  }
  if (event.altKey) {
    const queue = queues[Number(/^Digit([1-4])$/.exec(event.code)?.[1] ?? 0) - 1];
    if (queue) {
      handled();
      s.setQueue(queue);
    }
    return;
  }
  const digit = categoryDigit(event);
  if (digit) {
    handled();
    s.categorizeFocused(categoryKeys[digit]);
    return;
  }
  const extend = event.shiftKey;
  const pageStep = Math.max(1, s.visibleRows) * s.columns;
  switch (event.key) {
    case 'ArrowRight':
    case 'j':
    case 'J':
      handled();
      return s.moveBy(1, extend);
    case 'ArrowLeft':
    case 'k':
    case 'K':
      handled();
      return s.moveBy(-1, extend);
    case 'ArrowDown':
      handled();
      return s.moveBy(s.columns, extend);
    case 'ArrowUp':
      handled();
      return s.moveBy(-s.columns, extend);
    case 'PageDown':
      handled();
      return s.moveBy(pageStep, extend);
    case 'PageUp':
      handled();
      return s.moveBy(-pageStep, extend);
    case 'Home':
      handled();
      return s.focusAt(0, extend ? 'extend' : 'move');
    case 'End':
      handled();
      return s.focusAt((s.total ?? 1) - 1, extend ? 'extend' : 'move');
    case 'Enter':
    case ' ':
      if (isControl(event.target)) return;
      handled();
      return s.openPanel();
    case 'a':
    case 'A':
      handled();
      return s.openOverlay('annotations');
    case 'g':
    case 'G':
      handled();
      return void s.startGroup();
    case 'r':
    case 'R':
      handled();
      if (!event.repeat) s.startHold();
      return;
    case 'b':
    case 'B':
      handled();
      return s.blurAgain();
    case 's':
    case 'S':
      handled();
      return s.setSpotlight(!s.spotlight);
    case 'n':
    case 'N':
      handled();
      return s.openOverlay('ncmec');
    case 'w':
    case 'W':
      handled();
      return s.openOverlay('wellness');
    case '?':
      handled();
      return s.openOverlay('help');
    case 'Escape':
      if (s.panelOpen) {
        handled();
        s.closePanel();
      } else if (s.selection.size > 1) {
        handled();
        s.clearSelection();
      }
      return;
  }
}

function onKeyUp(event: KeyboardEvent): void {
  if (event.key === 'r' || event.key === 'R') useReview.getState().cancelHold();
}

function onBlur(): void {
  useReview.getState().cancelHold();
}

export function useReviewKeys(): void {
  useEffect(() => {
    window.addEventListener('keydown', onKeyDown);
    window.addEventListener('keyup', onKeyUp);
    window.addEventListener('blur', onBlur);
    return () => {
      window.removeEventListener('keydown', onKeyDown);
      window.removeEventListener('keyup', onKeyUp);
      window.removeEventListener('blur', onBlur);
    };
  }, []);
}
