// One choice among a few, as a row of radio buttons under a legend (an appeal's outcome, a decision's report
// and platform action). It only lays out and reports the choice; what a choice means is the caller's.
// Beside it, the rationale field those forms record the choice with.
import { useId } from 'react';

export function Choices<T extends string>({
  legend,
  name,
  choices,
  value,
  onChange,
  label,
}: {
  legend: string;
  /** The radio group's name, unique on the page. */
  name: string;
  choices: readonly T[];
  value: NoInfer<T> | null;
  onChange(choice: NoInfer<T>): void;
  label(choice: NoInfer<T>): string;
}) {
  return (
    <fieldset className="choice-row">
      <legend>{legend}</legend>
      {choices.map((choice) => (
        <label key={choice} className="check">
          <input type="radio" name={name} checked={value === choice} onChange={() => onChange(choice)} />
          {label(choice)}
        </label>
      ))}
    </fieldset>
  );
}

/** The rationale a decision or an appeal's outcome is recorded with. */
export function RationaleField({
  rows,
  value,
  onChange,
}: {
  rows: number;
  value: string;
  onChange(text: string): void;
}) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>Rationale</label>
      <textarea
        id={id}
        rows={rows}
        maxLength={4000}
        value={value}
        onChange={(e) => onChange(e.target.value)}
      />
    </div>
  );
}
