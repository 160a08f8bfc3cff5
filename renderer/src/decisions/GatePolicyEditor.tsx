// The fairness-gate policy editor (admins): the rules that let a decision stand alone, saved as a new
// version with its reason (a signed ledger entry), and every earlier version.
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import type { GatePolicy, GatePolicyVersion } from '../../../shared/decisions';
import { call } from '../api';
import { ErrorBanner } from '../components/ErrorBanner';

function describe(policy: GatePolicy): string {
  const pdq =
    policy.pdqRevealedMaxDistance === null
      ? 'no PDQ match stands alone'
      : `PDQ match at distance ≤ ${policy.pdqRevealedMaxDistance}, revealed by the decider, stands alone`;
  return `${policy.exactMatchAlone ? 'exact match stands alone' : 'exact match needs a second reviewer'}; ${pdq}; ${policy.everyItemNeedsDecision ? 'every item needs a decision' : 'PDQ-only items need a decision'}`;
}

export function GatePolicyEditor() {
  const [history, setHistory] = useState<GatePolicyVersion[] | null>(null);
  const [draft, setDraft] = useState<GatePolicy | null>(null);
  const [reason, setReason] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [saved, setSaved] = useState<number | null>(null);
  const load = useCallback(() => {
    call('gate.policy', {})
      .then(({ current, history: all }) => {
        setHistory(all);
        setDraft(current.policy);
      })
      .catch(setError);
  }, []);
  useEffect(load, [load]);

  async function save(event: FormEvent) {
    event.preventDefault();
    if (!draft) return;
    setError(null);
    try {
      const version = await call('gate.configure', { policy: draft, reason: reason.trim() });
      setSaved(version.version);
      setReason('');
      load();
    } catch (failure) {
      setError(failure);
    }
  }

  return (
    <div className="decisions-screen">
      <h2>Fairness gate</h2>
      <p className="muted">
        When one person&apos;s decision may stand alone. Anything else needs a blind second reviewer who
        agrees before the case can be reported.
      </p>
      {draft && (
        <form className="decision-form" aria-label="Fairness-gate policy" onSubmit={(e) => void save(e)}>
          <label className="check">
            <input
              type="checkbox"
              checked={draft.exactMatchAlone}
              onChange={(e) => setDraft({ ...draft, exactMatchAlone: e.target.checked })}
            />
            An exact match in a known bank may stand alone
          </label>
          <label className="check">
            <input
              type="checkbox"
              checked={draft.pdqRevealedMaxDistance !== null}
              onChange={(e) => setDraft({ ...draft, pdqRevealedMaxDistance: e.target.checked ? 16 : null })}
            />
            A PDQ match confirmed by a person who revealed the item may stand alone
          </label>
          {draft.pdqRevealedMaxDistance !== null && (
            <div className="field">
              <label htmlFor="gate-pdq-distance">Largest PDQ distance that may stand alone</label>
              <input
                id="gate-pdq-distance"
                type="number"
                min={0}
                max={256}
                value={draft.pdqRevealedMaxDistance}
                onChange={(e) =>
                  setDraft({
                    ...draft,
                    pdqRevealedMaxDistance: Math.max(0, Math.min(256, Math.round(Number(e.target.value)))),
                  })
                }
              />
            </div>
          )}
          <label className="check">
            <input
              type="checkbox"
              checked={draft.everyItemNeedsDecision}
              onChange={(e) => setDraft({ ...draft, everyItemNeedsDecision: e.target.checked })}
            />
            Every item of a case needs a decision before the case is reported
          </label>
          <div className="field">
            <label htmlFor="gate-reason">Reason for the change</label>
            <input
              id="gate-reason"
              value={reason}
              onChange={(e) => setReason(e.target.value)}
              maxLength={1000}
            />
          </div>
          <ErrorBanner error={error} />
          {saved !== null && (
            <p role="status" className="gate-status gate-ok">
              Saved as version {saved}.
            </p>
          )}
          <button type="submit" className="primary" disabled={reason.trim().length === 0}>
            Save a new version
          </button>
        </form>
      )}
      {history && (
        <table className="data-table" aria-label="Policy versions">
          <thead>
            <tr>
              <th scope="col">Version</th>
              <th scope="col">Set by</th>
              <th scope="col">When</th>
              <th scope="col">Reason</th>
              <th scope="col">Rules</th>
            </tr>
          </thead>
          <tbody>
            {history.map((v) => (
              <tr key={v.version}>
                <td>{v.version}</td>
                <td>{v.setBy ?? '—'}</td>
                <td>{v.setAt ? new Date(v.setAt).toLocaleString() : '—'}</td>
                <td>{v.reason}</td>
                <td>{describe(v.policy)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
