// The decisions screen: the cases, and for the chosen one whether its decisions satisfy the fairness gate
// (and what is missing, as `custody report submit` would refuse it), its decisions and the form to record
// the case's decision. The core applies the gate; this screen only shows it.
import { useEffect, useState } from 'react';
import type { CaseSummary } from '../../../shared/cases';
import type { GateCheck } from '../../../shared/decisions';
import { call } from '../api';
import { ErrorBanner } from '../components/ErrorBanner';
import { useMayCall } from '../workspace/access';
import { DecisionList } from './DecisionList';
import { OutcomeForm } from './OutcomeForm';
import { useDecisions } from './useDecisions';

function GateStatus({ check }: { check: GateCheck }) {
  return check.satisfied ? (
    <p className="gate-status gate-ok" role="status" aria-label="Fairness gate">
      The fairness gate (policy version {check.policyVersion}) is satisfied: the case may be reported.
    </p>
  ) : (
    <div className="gate-status gate-blocked" role="status" aria-label="Fairness gate">
      <p>The fairness gate (policy version {check.policyVersion}) is not satisfied. Missing:</p>
      <ul>
        {check.missing.map((line) => (
          <li key={line}>{line}</li>
        ))}
      </ul>
    </div>
  );
}

function CasePanel({ summary }: { summary: CaseSummary }) {
  const { decisions, error, reload } = useDecisions(summary.id);
  const [gate, setGate] = useState<{ id: string; check: GateCheck } | null>(null);
  const [gateError, setGateError] = useState<unknown>(null);
  const mayDecide = useMayCall('decisions.record');
  useEffect(() => {
    let live = true;
    call('decisions.gate', { caseId: summary.id })
      .then((check) => live && setGate({ id: summary.id, check }))
      .catch((failure: unknown) => live && setGateError(failure));
    return () => {
      live = false;
    };
  }, [summary.id, decisions]);
  return (
    <section className="case-decisions" aria-label={`Decisions on ${summary.title}`}>
      <h3>{summary.title}</h3>
      <ErrorBanner error={error ?? gateError} />
      {gate && gate.id === summary.id && <GateStatus check={gate.check} />}
      {decisions && <DecisionList decisions={decisions} onChange={reload} />}
      {mayDecide && (
        <OutcomeForm
          key={summary.id}
          title="Record a decision on this case"
          submitLabel="Record the case decision"
          onSubmit={async (outcome, rationale) => {
            await call('decisions.record', {
              subjectKind: 'case',
              subjectId: summary.id,
              outcome,
              rationale,
            });
            reload();
          }}
        />
      )}
    </section>
  );
}

export function CaseDecisions() {
  const [cases, setCases] = useState<CaseSummary[] | null>(null);
  const [chosen, setChosen] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    call('cases.list', {})
      .then(({ cases: list }) => setCases(list))
      .catch(setError);
  }, []);
  const open = cases?.find((c) => c.id === chosen) ?? null;
  return (
    <div className="decisions-screen">
      <h2>Case decisions</h2>
      <ErrorBanner error={error} />
      {cases && cases.length === 0 && <p className="muted">No cases yet.</p>}
      <ul className="case-choices" aria-label="Cases to decide">
        {cases?.map((c) => (
          <li key={c.id}>
            <button type="button" aria-pressed={c.id === chosen} onClick={() => setChosen(c.id)}>
              {c.title}
            </button>
          </li>
        ))}
      </ul>
      {open && <CasePanel summary={open} />}
    </div>
  );
}
