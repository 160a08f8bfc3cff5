// The form every decision is stated with — a first decision, a blind review, a supervisor's resolution:
// category, report or not, the platform action recommended, and the rationale. It never shows another
// person's decision; the core answers what may be seen once this one is recorded.
import { useId, useState, type FormEvent } from 'react';
import {
  platformActionLabels,
  platformActions,
  reportChoiceLabels,
  reportChoices,
  type DecisionOutcome,
} from '../../../shared/decisions';
import { categories, categoryLabels, type Annotation, type Category } from '../../../shared/review';
import { Choices, RationaleField } from '../components/Choices';
import { ErrorBanner } from '../components/ErrorBanner';

interface OutcomeFormProps {
  /** The form's accessible name, e.g. "Record a decision". */
  title: string;
  submitLabel: string;
  initialCategory?: Category | null;
  annotations?: Annotation[];
  onSubmit(outcome: DecisionOutcome, rationale: string): Promise<void>;
}

export function OutcomeForm({
  title,
  submitLabel,
  initialCategory,
  annotations = [],
  onSubmit,
}: OutcomeFormProps) {
  const id = useId();
  const [category, setCategory] = useState<Category | ''>(initialCategory ?? '');
  const [report, setReport] = useState<DecisionOutcome['report'] | null>(null);
  const [action, setAction] = useState<DecisionOutcome['action']>('none');
  const [rationale, setRationale] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const ready = report !== null && rationale.trim().length > 0 && !busy;

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!report) return;
    setBusy(true);
    setError(null);
    try {
      await onSubmit({ category: category || null, report, action, annotations }, rationale.trim());
      setRationale('');
      setReport(null);
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="decision-form" aria-label={title} onSubmit={(e) => void submit(e)}>
      <div className="field">
        <label htmlFor={`${id}-category`}>Category</label>
        <select
          id={`${id}-category`}
          value={category}
          onChange={(e) => setCategory(e.target.value as Category | '')}
        >
          <option value="">Not categorised</option>
          {categories.map((c) => (
            <option key={c} value={c}>
              {categoryLabels[c]}
            </option>
          ))}
        </select>
      </div>
      <Choices
        legend="Report"
        name={`${id}-report`}
        choices={reportChoices}
        value={report}
        onChange={setReport}
        label={(choice) => reportChoiceLabels[choice]}
      />
      <Choices
        legend="Platform action"
        name={`${id}-action`}
        choices={platformActions}
        value={action}
        onChange={setAction}
        label={(choice) => platformActionLabels[choice]}
      />
      <RationaleField rows={3} value={rationale} onChange={setRationale} />
      <ErrorBanner error={error} />
      <button type="submit" className="primary" disabled={!ready}>
        {submitLabel}
      </button>
    </form>
  );
}
