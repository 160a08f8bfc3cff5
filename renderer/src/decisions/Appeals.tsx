// The appeals screen: appeals against decisions, open ones first, each with its statement and, once
// reviewed, the outcome, rationale and the follow-up its report needs. Reviewers may uphold or reverse an
// open appeal; the core refuses anyone who took part in the decision. Appeals are entered from a decision.
import { useCallback, useEffect, useId, useState } from 'react';
import { appealOutcomes, type AppealOutcome, type AppealView } from '../../../shared/decisions';
import { call } from '../api';
import { Choices, RationaleField } from '../components/Choices';
import { ErrorBanner } from '../components/ErrorBanner';
import { useMayCall } from '../workspace/access';

function ReviewForm({ appeal, onDone }: { appeal: AppealView; onDone(): void }) {
  const id = useId();
  const [outcome, setOutcome] = useState<AppealOutcome | null>(null);
  const [rationale, setRationale] = useState('');
  const [error, setError] = useState<unknown>(null);
  return (
    <form
      className="decision-form"
      aria-label={`Review the appeal on ${appeal.subjectName}`}
      onSubmit={(event) => {
        event.preventDefault();
        if (!outcome) return;
        setError(null);
        call('appeals.review', { appealId: appeal.id, outcome, rationale: rationale.trim() })
          .then(onDone)
          .catch(setError);
      }}
    >
      <Choices
        legend="Outcome"
        name={`${id}-outcome`}
        choices={appealOutcomes}
        value={outcome}
        onChange={setOutcome}
        label={(choice) => (choice === 'upheld' ? 'Uphold the decision' : 'Reverse the decision')}
      />
      <RationaleField rows={2} value={rationale} onChange={setRationale} />
      <ErrorBanner error={error} />
      <button type="submit" className="primary" disabled={!outcome || rationale.trim().length === 0}>
        Record the outcome
      </button>
    </form>
  );
}

function AppealEntry({ appeal, onDone }: { appeal: AppealView; onDone(): void }) {
  const mayReview = useMayCall('appeals.review');
  return (
    <li className="queue-entry" aria-label={`Appeal on ${appeal.subjectName}`}>
      <p>
        <strong>{appeal.subjectName}</strong> — {appeal.state === 'open' ? 'open' : appeal.state}; entered by{' '}
        {appeal.enteredBy}, {new Date(appeal.enteredAt).toLocaleString()}
      </p>
      <p className="rationale">“{appeal.statement}”</p>
      {appeal.reviewedBy && (
        <p>
          {appeal.state === 'reversed' ? 'Reversed' : 'Upheld'} by {appeal.reviewedBy}: {appeal.rationale}
        </p>
      )}
      {appeal.followUp && (
        <p className="follow-up" role="note" aria-label="Report follow-up">
          Follow-up ({appeal.followUp.kind}): {appeal.followUp.note}
        </p>
      )}
      {appeal.state === 'open' && mayReview && <ReviewForm appeal={appeal} onDone={onDone} />}
    </li>
  );
}

export function Appeals() {
  const [appeals, setAppeals] = useState<AppealView[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const load = useCallback(() => {
    call('appeals.list', {})
      .then((answer) => setAppeals(answer.appeals))
      .catch(setError);
  }, []);
  useEffect(load, [load]);
  return (
    <div className="decisions-screen">
      <h2>Appeals</h2>
      <p className="muted">
        An appeal is entered from the decision it is against, and reviewed by someone who took no part in it.
      </p>
      <ErrorBanner error={error} />
      {appeals && appeals.length === 0 && <p className="muted">No appeals.</p>}
      <ul className="queue-entries" aria-label="Appeals">
        {appeals?.map((a) => (
          <AppealEntry key={a.id} appeal={a} onDone={load} />
        ))}
      </ul>
    </div>
  );
}
