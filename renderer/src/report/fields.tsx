// The report builder's labelled inputs, each bound to a path in the draft. Every input carries the XML
// element path it fills (data-path), so a problem the core reports can be found and focused, and shows
// the core's blocking message for that element under it. A cleared field writes "", which saving drops.
import { createContext, useContext, useEffect, useId, useRef, type ReactNode } from 'react';
import { incidentSummarySchema } from '../../../shared/cybertip';
import { elementPath, getIn, type ModelPath, type Obj } from './draft';

export interface DraftContextValue {
  draft: Obj;
  edit(path: ModelPath, value: unknown): void;
  /** The core's blocking messages for an element path, if any. */
  problemAt(path: string): string | undefined;
  /** Set when the role cannot save: inputs are read-only. */
  readOnly: boolean;
}

export const DraftContext = createContext<DraftContextValue>({
  draft: {},
  edit: () => {},
  problemAt: () => undefined,
  readOnly: true,
});

export function useDraft(): DraftContextValue {
  return useContext(DraftContext);
}

function useBinding(path: ModelPath) {
  const context = useDraft();
  const id = useId();
  const xmlPath = elementPath('report', context.draft, path);
  return { ...context, id, xmlPath, value: getIn(context.draft, path), problem: context.problemAt(xmlPath) };
}

function asText(value: unknown): string {
  return typeof value === 'string' || typeof value === 'number' ? String(value) : '';
}

function Described({
  id,
  hint,
  problem,
  children,
}: {
  id: string;
  hint?: ReactNode;
  problem?: string | undefined;
  children: ReactNode;
}) {
  return (
    <>
      {children}
      {hint && (
        <p className="hint" id={`${id}-hint`}>
          {hint}
        </p>
      )}
      {problem && (
        <p className="problem" id={`${id}-problem`}>
          {problem}
        </p>
      )}
    </>
  );
}

function describedBy(id: string, hint: unknown, problem: unknown): string | undefined {
  return [hint ? `${id}-hint` : '', problem ? `${id}-problem` : ''].filter(Boolean).join(' ') || undefined;
}

interface TextFieldProps {
  label: string;
  path: ModelPath;
  hint?: ReactNode;
  type?: 'text' | 'email' | 'url' | 'tel';
  placeholder?: string;
  multiline?: boolean;
  wide?: boolean;
  /** Extra classes for the field's box (e.g. to span two columns of a group). */
  className?: string;
  /** An extra problem found here (not by the core), e.g. a malformed date. */
  ownProblem?: string | undefined;
}

export function TextField({
  label,
  path,
  hint,
  type = 'text',
  placeholder,
  multiline,
  wide,
  className,
  ownProblem,
}: TextFieldProps) {
  const { id, xmlPath, value, problem: coreProblem, edit, readOnly } = useBinding(path);
  const problem = ownProblem ?? coreProblem;
  const common = {
    id,
    value: asText(value),
    placeholder,
    readOnly,
    'data-path': xmlPath,
    'aria-invalid': problem ? true : undefined,
    'aria-describedby': describedBy(id, hint, problem),
  };
  return (
    <div className={['field', wide || multiline ? 'field-wide' : '', className ?? ''].join(' ').trim()}>
      <label htmlFor={id}>{label}</label>
      <Described id={id} hint={hint} problem={problem}>
        {multiline ? (
          <textarea {...common} rows={3} onChange={(e) => edit(path, e.target.value)} />
        ) : (
          <input {...common} type={type} onChange={(e) => edit(path, e.target.value)} />
        )}
      </Described>
    </div>
  );
}

const dateTimeSchema = incidentSummarySchema.shape.incidentDateTime;

/** An xs:dateTime with a time zone, typed as text; the local reading is shown under it. */
export function DateTimeField({
  label,
  path,
  hint,
  className,
}: {
  label: string;
  path: ModelPath;
  hint?: string;
  className?: string;
}) {
  const { value } = useBinding(path);
  const text = asText(value);
  const checked = text.trim() === '' ? null : dateTimeSchema.safeParse(text.trim());
  const local = checked?.success ? new Date(text).toLocaleString() : null;
  return (
    <TextField
      label={label}
      path={path}
      placeholder="2025-01-15T12:30:00Z"
      hint={
        local
          ? `${hint ? `${hint} ` : ''}Local time: ${local}.`
          : (hint ?? 'With a time zone, e.g. 2025-01-15T12:30:00Z.')
      }
      className={className}
      ownProblem={checked && !checked.success ? checked.error.issues[0]?.message : undefined}
    />
  );
}

export function NumberField({
  label,
  path,
  min,
  max,
}: {
  label: string;
  path: ModelPath;
  min: number;
  max: number;
}) {
  const { id, xmlPath, value, problem, edit, readOnly } = useBinding(path);
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <Described id={id} problem={problem}>
        <input
          id={id}
          type="number"
          inputMode="numeric"
          min={min}
          max={max}
          step={1}
          readOnly={readOnly}
          data-path={xmlPath}
          aria-invalid={problem ? true : undefined}
          aria-describedby={describedBy(id, undefined, problem)}
          value={asText(value)}
          onChange={(e) => edit(path, e.target.value === '' ? '' : Number(e.target.value))}
        />
      </Described>
    </div>
  );
}

export function SelectField({
  label,
  path,
  options,
  empty,
  hint,
  wide,
}: {
  label: string;
  path: ModelPath;
  options: readonly string[];
  /** The label of "no value". */
  empty: string;
  hint?: string;
  wide?: boolean;
}) {
  const { id, xmlPath, value, problem, edit, readOnly } = useBinding(path);
  const current = asText(value);
  const known = current === '' || options.includes(current);
  return (
    <div className={wide ? 'field field-wide' : 'field'}>
      <label htmlFor={id}>{label}</label>
      <Described id={id} hint={hint} problem={problem}>
        <select
          id={id}
          value={current}
          disabled={readOnly}
          data-path={xmlPath}
          aria-invalid={problem ? true : undefined}
          aria-describedby={describedBy(id, hint, problem)}
          onChange={(e) => edit(path, e.target.value)}
        >
          <option value="">{empty}</option>
          {!known && <option value={current}>{current} (not in the XSD)</option>}
          {options
            .filter((option) => option !== '')
            .map((option) => (
              <option key={option} value={option}>
                {option}
              </option>
            ))}
        </select>
      </Described>
    </div>
  );
}

/** A flag the XSD sends only when true: checked writes true, unchecked removes it. */
export function CheckField({ label, path }: { label: string; path: ModelPath }) {
  const { xmlPath, value, edit, readOnly } = useBinding(path);
  return (
    <label className="check">
      <input
        type="checkbox"
        checked={value === true}
        disabled={readOnly}
        data-path={xmlPath}
        onChange={(e) => edit(path, e.target.checked ? true : '')}
      />
      {label}
    </label>
  );
}

interface ListProps {
  legend: string;
  path: ModelPath;
  /** "email", "display name": used in labels and buttons. */
  noun: string;
  /** Renders one row; `label` numbers it when there are several ("Email 2"). */
  row: (at: ModelPath, label: string) => ReactNode;
  /** A new entry: blank fields as "", so an entry left blank is dropped on save. */
  blank: unknown;
  /**
   * Entries with several fields (IP capture events): each is a named group, and the list shows no empty
   * entry when it has none. A list of single values always shows at least one input.
   */
  grouped?: boolean;
}

/** A repeatable element: one row per entry, remove buttons, and "Add another". */
export function ListField({ legend, path, noun, row, blank, grouped }: ListProps) {
  const { value, edit, readOnly } = useBinding(path);
  const items = Array.isArray(value) ? value : [];
  const box = useRef<HTMLFieldSetElement>(null);
  /** Where the focus goes once the list has changed: the new row, or the add button after a removal. */
  const focusNext = useRef<'new-row' | 'add' | null>(null);
  useEffect(() => {
    const target = focusNext.current;
    focusNext.current = null;
    if (target === 'new-row')
      [...(box.current?.querySelectorAll<HTMLElement>('.list-row') ?? [])]
        .at(-1)
        ?.querySelector<HTMLElement>('input, select')
        ?.focus();
    else if (target === 'add') box.current?.querySelector<HTMLElement>('button.add')?.focus();
  }, [items.length]);
  const shown = items.length === 0 && !grouped ? 1 : items.length;
  const capital = noun.charAt(0).toUpperCase() + noun.slice(1);
  const remove = (i: number, label: string) =>
    i < items.length &&
    !readOnly && (
      <button
        type="button"
        className="small remove"
        aria-label={`Remove ${label.toLowerCase()}`}
        onClick={() => {
          focusNext.current = 'add';
          edit([...path, i], undefined);
        }}
      >
        Remove
      </button>
    );
  return (
    <fieldset className="list-field field-wide" ref={box}>
      <legend>{legend}</legend>
      {shown === 0 && <p className="muted">None.</p>}
      {Array.from({ length: shown }, (_, i) => {
        const label = shown > 1 || grouped ? `${capital} ${i + 1}` : capital;
        return grouped ? (
          <fieldset className="row-group list-row" key={i}>
            <legend>{label}</legend>
            {row([...path, i], label)}
            {remove(i, label)}
          </fieldset>
        ) : (
          <div className="list-row" key={i}>
            <div className="list-row-fields">{row([...path, i], label)}</div>
            {remove(i, label)}
          </div>
        );
      })}
      {!readOnly && (
        <button
          type="button"
          className="small add"
          onClick={() => {
            focusNext.current = 'new-row';
            if (items.length === 0 && !grouped) edit(path, [blank, blank]);
            else edit([...path, items.length], blank);
          }}
        >
          Add {items.length > 0 ? 'another' : /^[aeiou]/i.test(noun) ? 'an' : 'a'} {noun}
        </button>
      )}
    </fieldset>
  );
}
