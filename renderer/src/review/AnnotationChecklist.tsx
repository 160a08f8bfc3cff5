// The ten NCMEC file annotations as a checklist: Tab or the arrows move, Space ticks.
import { annotationLabels, annotations, type Annotation } from '../../../shared/review';

interface ChecklistProps {
  legend: string;
  checked: ReadonlySet<Annotation>;
  onToggle: (annotation: Annotation) => void;
  autoFocus?: boolean;
}

export function AnnotationChecklist({ legend, checked, onToggle, autoFocus = false }: ChecklistProps) {
  return (
    <fieldset className="checklist">
      <legend>{legend}</legend>
      {annotations.map((annotation, i) => (
        <label key={annotation} className="check">
          <input
            type="checkbox"
            className="annotation-option"
            checked={checked.has(annotation)}
            data-autofocus={autoFocus && i === 0 ? '' : undefined}
            onChange={() => onToggle(annotation)}
          />
          {annotationLabels[annotation]}
        </label>
      ))}
    </fieldset>
  );
}

export function toggled<T>(set: ReadonlySet<T>, value: T): Set<T> {
  const next = new Set(set);
  if (next.has(value)) next.delete(value);
  else next.add(value);
  return next;
}
