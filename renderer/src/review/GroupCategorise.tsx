// G: one category (and one set of annotations) for every selected item, in one signed entry. A digit
// chooses the category; the annotations the items share start ticked, and any others are named before
// they are replaced. Cancel has the focus, so a stray Enter changes nothing.
import { useState, type KeyboardEvent } from 'react';
import { categories, categoryLabels, type Annotation, type Category } from '../../../shared/review';
import { Dialog } from '../components/Dialog';
import { AnnotationChecklist, toggled } from './AnnotationChecklist';
import { categoryShort } from './format';
import { useWorkspace } from '../workspace/store';
import { categoryDigit, categoryKeys, keyOfCategory } from './category-keys';
import { useReview } from './store';

export function GroupCategorise() {
  const items = useReview((s) => s.groupItems);
  const categorize = useReview((s) => s.categorize);
  const close = useWorkspace((s) => s.closeOverlay);
  const [checked, setChecked] = useState<ReadonlySet<Annotation>>(() => {
    const [first, ...rest] = items;
    return new Set(
      (first?.annotations ?? []).filter((a) => rest.every((item) => item.annotations.includes(a))),
    );
  });
  const differing = items.filter(
    (item) => item.annotations.length !== checked.size || item.annotations.some((a) => !checked.has(a)),
  ).length;

  const apply = (category: Category) => {
    categorize(items, category, [...checked]);
    close();
  };
  const onKeyDown = (event: KeyboardEvent<HTMLDialogElement>) => {
    const digit = categoryDigit(event.nativeEvent);
    if (digit) {
      event.preventDefault();
      apply(categoryKeys[digit]);
    }
  };
  const count = items.length.toLocaleString();

  return (
    <Dialog
      title={`Categorise ${count} selected item${items.length === 1 ? '' : 's'}`}
      className="group-dialog"
      onClose={close}
      onKeyDown={onKeyDown}
      description={<p>Press a digit to give all of them one category. It is recorded as one ledger entry.</p>}
    >
      <div className="category-bar" role="group" aria-label="Category for the selection">
        {categories.map((category) => (
          <button
            key={category}
            type="button"
            className={`category-button chip-${category}`}
            aria-keyshortcuts={keyOfCategory[category]}
            aria-label={`Categorise all ${categoryLabels[category]}`}
            title={categoryLabels[category]}
            onClick={() => apply(category)}
          >
            <kbd>{keyOfCategory[category]}</kbd> {categoryShort(category)}
          </button>
        ))}
      </div>
      <AnnotationChecklist
        legend={`Annotations for all ${count}`}
        checked={checked}
        onToggle={(annotation) => setChecked((now) => toggled(now, annotation))}
      />
      {differing > 0 && (
        <p className="warning">
          {differing.toLocaleString()} of these items have other annotations now; they will be replaced by the
          ones ticked here.
        </p>
      )}
      <div className="dialog-actions">
        <button type="button" data-autofocus="" onClick={close}>
          Cancel <kbd>Esc</kbd>
        </button>
      </div>
    </Dialog>
  );
}
