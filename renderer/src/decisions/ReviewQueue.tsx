// The second-review queue: decisions awaiting a blind second review and sampled ones awaiting a quality
// review (never the user's own), each shown by its subject and evidence only, with the form to record the
// reviewer's own decision; once recorded, the core answers the first decision and whether they agree.
// Supervisors also see disagreements with both sides and resolve them.
import { useCallback, useEffect, useState } from 'react';
import type { DecisionView, QueueEntry } from '../../../shared/decisions';
import type { ResponseOf } from '../../../shared/contract';
import { call } from '../api';
import { ErrorBanner } from '../components/ErrorBanner';
import { useMayCall } from '../workspace/access';
import { DecisionList, evidenceSummary } from './DecisionList';
import { OutcomeForm } from './OutcomeForm';
import { useDecisions } from './useDecisions';

type Queues = ResponseOf<'decisions.queues'>;

function Revealed({ review, first }: { review: DecisionView; first: DecisionView }) {
  return (
    <div className="review-result" role="status" aria-label="Review recorded">
      <p>
        Your review is recorded: you <strong>{review.agreed ? 'agree' : 'disagree'}</strong> with the decision
        by {first.decidedBy}.{review.agreed ? '' : ' It goes to a supervisor.'}
      </p>
      <DecisionList decisions={[first]} onChange={() => undefined} />
    </div>
  );
}

function BlindReview({
  entry,
  kind,
  onDone,
}: {
  entry: QueueEntry;
  kind: 'second' | 'sample';
  onDone(): void;
}) {
  const [result, setResult] = useState<{ review: DecisionView; first: DecisionView } | null>(null);
  const label = kind === 'second' ? 'Second review' : 'Quality review';
  return (
    <li className="queue-entry" aria-label={`${label} of ${entry.subjectName}`}>
      <p>
        <strong>{label}</strong>: {entry.subjectKind} <strong>{entry.subjectName}</strong>, decided{' '}
        {new Date(entry.decidedAt).toLocaleString()}
      </p>
      <p className="muted">Evidence: {evidenceSummary(entry.evidence)}.</p>
      {result ? (
        <Revealed {...result} />
      ) : (
        <OutcomeForm
          title={`Your decision on ${entry.subjectName}`}
          submitLabel="Record my review"
          onSubmit={async (outcome, rationale) => {
            setResult(await call('decisions.review', { decisionId: entry.decisionId, outcome, rationale }));
            onDone();
          }}
        />
      )}
    </li>
  );
}

function Dispute({ decision, onDone }: { decision: DecisionView; onDone(): void }) {
  const { decisions } = useDecisions(decision.subjectId);
  const mayResolve = useMayCall('decisions.resolve');
  const family = decisions?.filter((d) => d.id === decision.id || d.reviews === decision.id) ?? [];
  return (
    <li className="queue-entry" aria-label={`Disagreement on ${decision.subjectName}`}>
      <DecisionList decisions={family} onChange={onDone} />
      {mayResolve && (
        <OutcomeForm
          title={`Resolve the disagreement on ${decision.subjectName}`}
          submitLabel="Resolve"
          onSubmit={async (outcome, rationale) => {
            await call('decisions.resolve', { decisionId: decision.id, outcome, rationale });
            onDone();
          }}
        />
      )}
    </li>
  );
}

export function ReviewQueue() {
  const [queues, setQueues] = useState<Queues | null>(null);
  const [error, setError] = useState<unknown>(null);
  // Entries reviewed in this visit stay shown (with their result) until the screen is opened again.
  const [kept, setKept] = useState<Queues | null>(null);
  const load = useCallback(() => {
    call('decisions.queues', {})
      .then((q) => {
        setQueues(q);
        setKept((old) => old ?? q);
      })
      .catch(setError);
  }, []);
  useEffect(load, [load]);
  const shown = kept ?? queues;
  return (
    <div className="decisions-screen">
      <h2>Second review</h2>
      <p className="muted">
        Reviews are blind: you see the evidence, record your own decision, and only then the first one.
      </p>
      <ErrorBanner error={error} />
      {shown && (
        <>
          <h3>Awaiting a second reviewer ({queues?.second.length ?? 0})</h3>
          <ul className="queue-entries" aria-label="Awaiting a second reviewer">
            {shown.second.map((entry) => (
              <BlindReview key={entry.decisionId} entry={entry} kind="second" onDone={load} />
            ))}
          </ul>
          <h3>Sampled for quality review ({queues?.sample.length ?? 0})</h3>
          <ul className="queue-entries" aria-label="Sampled for quality review">
            {shown.sample.map((entry) => (
              <BlindReview key={entry.decisionId} entry={entry} kind="sample" onDone={load} />
            ))}
          </ul>
          <h3>Disagreements for a supervisor ({queues?.disputed.length ?? 0})</h3>
          <ul className="queue-entries" aria-label="Disagreements for a supervisor">
            {(queues?.disputed ?? []).map((d) => (
              <Dispute key={d.id} decision={d} onDone={load} />
            ))}
          </ul>
        </>
      )}
    </div>
  );
}
