// The decision panel inside the item panel: the item's decisions (blind where they must be) and, for roles
// that may decide, the form to record one. The core gathers the evidence and applies the fairness gate.
import type { ItemSummary } from '../../../shared/review';
import { call } from '../api';
import { ErrorBanner } from '../components/ErrorBanner';
import { useMayCall } from '../workspace/access';
import { DecisionList } from './DecisionList';
import { OutcomeForm } from './OutcomeForm';
import { useDecisions } from './useDecisions';

export function ItemDecisionPanel({ item }: { item: ItemSummary }) {
  const { decisions, error, reload } = useDecisions(item.id);
  const mayDecide = useMayCall('decisions.record');
  return (
    <section className="decision-panel" aria-label="Decisions on this item">
      <h3>Decisions</h3>
      <ErrorBanner error={error} />
      {decisions ? (
        <DecisionList decisions={decisions} onChange={reload} />
      ) : (
        !error && <p className="loading">Loading…</p>
      )}
      {mayDecide && (
        <OutcomeForm
          key={item.id}
          title="Record a decision on this item"
          submitLabel="Record the decision"
          initialCategory={item.category}
          annotations={item.annotations}
          onSubmit={async (outcome, rationale) => {
            await call('decisions.record', { subjectKind: 'item', subjectId: item.id, outcome, rationale });
            reload();
          }}
        />
      )}
    </section>
  );
}
