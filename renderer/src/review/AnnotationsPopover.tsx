// A (annotations): the focused item's checklist, next to the item. Space ticks, Enter saves with the
// item's category, a digit saves with that category, Esc closes without saving.
import { useState, type CSSProperties, type KeyboardEvent } from 'react';
import { categoryLabels, type Annotation, type Category } from '../../../shared/review';
import { Dialog } from '../components/Dialog';
import { AnnotationChecklist, toggled } from './AnnotationChecklist';
import { useWorkspace } from '../workspace/store';
import { categoryDigit, categoryKeys } from './category-keys';
import { arrowsMoveFocus } from './ReasonPicker';
import { useFocusedItem, useReview } from './store';

const width = 320;
const height = 470;

/** Beside the panel's Annotations button when the panel is open, else under the focused tile. */
function anchorStyle(focus: number): CSSProperties {
  const anchor = document.getElementById('annotations-button') ?? document.getElementById(`cell-${focus}`);
  if (!anchor) return {};
  const box = anchor.getBoundingClientRect();
  const left = Math.max(8, Math.min(box.left, window.innerWidth - width - 8));
  const below = box.bottom + 6;
  const top = below + height > window.innerHeight ? Math.max(8, window.innerHeight - height - 8) : below;
  return { margin: 0, left, top, width };
}

export function AnnotationsPopover() {
  const item = useFocusedItem();
  const focus = useReview((s) => s.focus);
  const categorize = useReview((s) => s.categorize);
  const close = useWorkspace((s) => s.closeOverlay);
  const [checked, setChecked] = useState<ReadonlySet<Annotation>>(() => new Set(item?.annotations ?? []));
  const [style] = useState(() => anchorStyle(focus));
  const [needCategory, setNeedCategory] = useState(false);
  if (!item) return null;

  const save = (category: Category | null) => {
    if (!category) {
      setNeedCategory(true);
      return;
    }
    categorize([item], category, [...checked]);
    close();
  };

  const onKeyDown = (event: KeyboardEvent<HTMLDialogElement>) => {
    if (arrowsMoveFocus(event, '.annotation-option')) return;
    const digit = categoryDigit(event.nativeEvent);
    if (digit) {
      event.preventDefault();
      save(categoryKeys[digit]);
    } else if (event.key === 'Enter' && !(event.target instanceof HTMLButtonElement)) {
      event.preventDefault();
      save(item.category);
    }
  };

  return (
    <Dialog
      title={`Annotations: ${item.fileName}`}
      className="popover"
      style={style}
      onClose={close}
      onKeyDown={onKeyDown}
    >
      <AnnotationChecklist
        legend="File annotations"
        checked={checked}
        autoFocus
        onToggle={(annotation) => setChecked((now) => toggled(now, annotation))}
      />
      {needCategory ? (
        <p className="problem" role="alert">
          This item has no category yet: press 1–4 or 0 to save the annotations with a category.
        </p>
      ) : (
        <p className="hint">
          {item.category
            ? `Enter saves with ${categoryLabels[item.category]}; a digit saves with another category.`
            : 'Press 1–4 or 0 to save with a category.'}
        </p>
      )}
      <div className="dialog-actions">
        <button type="button" onClick={close}>
          Cancel <kbd>Esc</kbd>
        </button>
        <button type="button" className="primary" onClick={() => save(item.category)}>
          Save <kbd>Enter</kbd>
        </button>
      </div>
    </Dialog>
  );
}
