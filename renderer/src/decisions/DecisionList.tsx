// Decisions as the core lets this user see them: who decided, when, on what evidence (matches with bank
// and version, reveals) and, unless the decision is still blind to them, what and why. A first decision
// that stands can be appealed from here by roles that may enter appeals.
import { useState } from 'react';
import { platformActionLabels, reportChoiceLabels, type DecisionView } from '../../../shared/decisions';
import { categoryLabels } from '../../../shared/review';
import { call } from '../api';
import { ErrorBanner } from '../components/ErrorBanner';
import { useMayCall } from '../workspace/access';

const kindLabels: Record<DecisionView['kind'], string> = {
  first: 'Decision',
  second: 'Second review',
  sample: 'Quality review',
  resolution: 'Supervisor resolution',
};

const stateLabels: Record<NonNullable<DecisionView['state']>, string> = {
  stands: 'stands',
  'awaiting-second': 'awaits a second reviewer',
  disputed: 'disputed: awaits a supervisor',
  resolved: 'resolved by a supervisor',
  superseded: 'replaced by a later decision',
  reversed: 'reversed on appeal',
};

export function evidenceSummary(evidence: DecisionView['evidence']): string {
  const matches = evidence.items.flatMap((i) =>
    i.matches.map(
      (m) =>
        `${i.fileName}: ${m.algorithm.toUpperCase()} ${m.algorithm === 'pdq' ? `distance ${m.distance} ` : ''}in ${m.bank} ${m.bankVersion}`,
    ),
  );
  const reveals = evidence.items.filter((i) => i.reveals.length > 0).length;
  const parts = [matches.length > 0 ? matches.join('; ') : 'no bank match'];
  if (reveals > 0) parts.push(`revealed ${reveals} item(s)`);
  return parts.join(' — ');
}

function AppealForm({ decision, onDone }: { decision: DecisionView; onDone(): void }) {
  const [statement, setStatement] = useState('');
  const [error, setError] = useState<unknown>(null);
  return (
    <form
      className="appeal-form"
      aria-label={`Appeal the decision on ${decision.subjectName}`}
      onSubmit={(event) => {
        event.preventDefault();
        call('appeals.record', { decisionId: decision.id, statement: statement.trim() })
          .then(onDone)
          .catch(setError);
      }}
    >
      <div className="field">
        <label htmlFor={`appeal-${decision.id}`}>What the account holder says</label>
        <textarea
          id={`appeal-${decision.id}`}
          rows={2}
          value={statement}
          onChange={(e) => setStatement(e.target.value)}
        />
      </div>
      <ErrorBanner error={error} />
      <button type="submit" disabled={statement.trim().length === 0}>
        Enter the appeal
      </button>
    </form>
  );
}

function DecisionEntry({ decision, onChange }: { decision: DecisionView; onChange(): void }) {
  const mayAppeal = useMayCall('appeals.record');
  const [appealing, setAppealing] = useState(false);
  const { outcome } = decision;
  return (
    <li className="decision" aria-label={`${kindLabels[decision.kind]} by ${decision.decidedBy}`}>
      <p className="decision-head">
        <strong>{kindLabels[decision.kind]}</strong> by {decision.decidedBy},{' '}
        {new Date(decision.decidedAt).toLocaleString()}
        {decision.state && <span className="decision-state"> — {stateLabels[decision.state]}</span>}
        {decision.agreed !== null && (
          <span className="decision-state"> — {decision.agreed ? 'agrees' : 'disagrees'}</span>
        )}
      </p>
      {decision.blind || !outcome ? (
        <p className="blind-note">Blind: this decision is shown once you have recorded your own review.</p>
      ) : (
        <>
          <p>
            {reportChoiceLabels[outcome.report]} · {platformActionLabels[outcome.action]} ·{' '}
            {outcome.category ? categoryLabels[outcome.category] : 'not categorised'}
          </p>
          <p className="rationale">“{decision.rationale}”</p>
        </>
      )}
      <p className="muted">
        Evidence: {evidenceSummary(decision.evidence)}.
        {decision.kind === 'first' &&
          ` Fairness gate (policy v${decision.policyVersion}): ${decision.alone ? 'may stand alone' : 'not alone — a second reviewer must agree'}.`}
      </p>
      {decision.kind === 'first' &&
        mayAppeal &&
        (decision.state === 'stands' || decision.state === 'resolved') &&
        (appealing ? (
          <AppealForm
            decision={decision}
            onDone={() => {
              setAppealing(false);
              onChange();
            }}
          />
        ) : (
          <button type="button" onClick={() => setAppealing(true)}>
            Enter an appeal
          </button>
        ))}
    </li>
  );
}

export function DecisionList({ decisions, onChange }: { decisions: DecisionView[]; onChange(): void }) {
  if (decisions.length === 0) return <p className="muted">No decision recorded yet.</p>;
  return (
    <ul className="decision-list" aria-label="Decisions">
      {decisions.map((d) => (
        <DecisionEntry key={d.id} decision={d} onChange={onChange} />
      ))}
    </ul>
  );
}
