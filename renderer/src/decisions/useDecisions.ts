// Loads the decisions on one item or case from the core (blind where the core says so) and reloads them
// on demand, forgetting answers for a subject no longer shown.
import { useCallback, useEffect, useState } from 'react';
import type { DecisionView } from '../../../shared/decisions';
import { call } from '../api';

export function useDecisions(subjectId: string | undefined): {
  decisions: DecisionView[] | null;
  error: unknown;
  reload(): void;
} {
  const [version, setVersion] = useState(0);
  const [state, setState] = useState<{ id: string; decisions: DecisionView[] | null; error: unknown } | null>(
    null,
  );
  useEffect(() => {
    if (!subjectId) return;
    let live = true;
    call('decisions.list', { subjectId })
      .then(({ decisions }) => live && setState({ id: subjectId, decisions, error: null }))
      .catch((error: unknown) => live && setState({ id: subjectId, decisions: null, error }));
    return () => {
      live = false;
    };
  }, [subjectId, version]);
  const reload = useCallback(() => setVersion((v) => v + 1), []);
  const current = state && state.id === subjectId ? state : null;
  return { decisions: current?.decisions ?? null, error: current?.error ?? null, reload };
}
