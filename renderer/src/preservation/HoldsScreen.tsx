// Counsel's legal holds: place one (matter, cases, items or reported accounts, why, the decision that caused
// it), see every hold with its scope, link a hold to a decision, review the holds whose decision was reversed
// on appeal, and release one with a reason. The core checks the role and records each change in the ledger.
import { useState } from 'react';
import type { HoldView } from '../../../shared/preservation';
import { call } from '../api';
import { ErrorBanner } from '../components/ErrorBanner';
import { shortDate, useLoad } from './useLoad';

type ScopeKind = 'case' | 'item' | 'account';

export function HoldsScreen() {
  const holds = useLoad(() => call('holds.list', {}));
  const cases = useLoad(() => call('cases.list', {}));
  const [matter, setMatter] = useState('');
  const [reason, setReason] = useState('');
  const [kind, setKind] = useState<ScopeKind>('case');
  const [target, setTarget] = useState('');
  const [decision, setDecision] = useState('');
  const [error, setError] = useState<unknown>(null);

  const place = async () => {
    setError(null);
    try {
      await call('holds.add', {
        matter,
        ...(reason.trim() ? { reason } : {}),
        scope: [{ kind, target }],
        ...(decision.trim() ? { decisions: [decision.trim()] } : {}),
      });
      setMatter('');
      setReason('');
      setTarget('');
      setDecision('');
      holds.reload();
    } catch (failure) {
      setError(failure);
    }
  };

  return (
    <div className="preservation-screen">
      <h2>Legal holds</h2>
      <p className="hint">
        Nothing in a hold’s scope expires or can be shredded until the hold is released with a reason.
      </p>
      <form
        className="preservation-form"
        aria-label="Place a hold"
        onSubmit={(event) => {
          event.preventDefault();
          void place();
        }}
      >
        <label>
          Matter
          <input value={matter} onChange={(e) => setMatter(e.target.value)} required minLength={2} />
        </label>
        <label>
          Scope
          <select value={kind} onChange={(e) => setKind(e.target.value as ScopeKind)}>
            <option value="case">Case</option>
            <option value="item">Item</option>
            <option value="account">Reported account</option>
          </select>
        </label>
        {kind === 'case' ? (
          <label>
            Case
            <select value={target} onChange={(e) => setTarget(e.target.value)} required>
              <option value="">Choose a case</option>
              {cases.data?.cases.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.title}
                </option>
              ))}
            </select>
          </label>
        ) : (
          <label>
            {kind === 'item' ? 'Item id' : 'Account (screen name, id or email)'}
            <input value={target} onChange={(e) => setTarget(e.target.value)} required />
          </label>
        )}
        <label>
          Reason (optional)
          <input value={reason} onChange={(e) => setReason(e.target.value)} />
        </label>
        <label>
          Caused by decision (id, optional)
          <input value={decision} onChange={(e) => setDecision(e.target.value)} />
        </label>
        <button type="submit" className="primary">
          Place hold
        </button>
      </form>
      <ErrorBanner error={error ?? holds.error} />
      <ToReview holds={holds.data?.holds ?? []} />
      <table className="facts-table" aria-label="Holds">
        <thead>
          <tr>
            <th>Matter</th>
            <th>Scope</th>
            <th>Decisions</th>
            <th>Counsel</th>
            <th>Placed</th>
            <th>Status</th>
          </tr>
        </thead>
        <tbody>
          {holds.data?.holds.map((hold) => (
            <HoldRow key={hold.id} hold={hold} onChanged={holds.reload} onError={setError} />
          ))}
        </tbody>
      </table>
      {holds.data?.holds.length === 0 && <p className="muted">No holds.</p>}
    </div>
  );
}

/** The active holds whose decision was reversed on appeal: a reversal never releases a hold, counsel does. */
function ToReview({ holds }: { holds: HoldView[] }) {
  const flagged = holds.filter((hold) => hold.review !== null);
  if (flagged.length === 0) return null;
  return (
    <section className="hold-review" aria-label="Holds to review">
      <h3>To review: the decision behind these holds was reversed on appeal</h3>
      <ul>
        {flagged.map((hold) => (
          <li key={hold.id}>
            <strong>{hold.matter}</strong>: {hold.review}
          </li>
        ))}
      </ul>
    </section>
  );
}

function HoldRow({
  hold,
  onChanged,
  onError,
}: {
  hold: HoldView;
  onChanged: () => void;
  onError: (error: unknown) => void;
}) {
  const [releasing, setReleasing] = useState(false);
  const [reason, setReason] = useState('');
  const [linking, setLinking] = useState(false);
  const [decisionId, setDecisionId] = useState('');
  const release = async () => {
    try {
      await call('holds.release', { id: hold.id, reason });
      setReleasing(false);
      onChanged();
    } catch (failure) {
      onError(failure);
    }
  };
  const link = async () => {
    try {
      await call('holds.link', { id: hold.id, decisionId: decisionId.trim() });
      setLinking(false);
      setDecisionId('');
      onChanged();
    } catch (failure) {
      onError(failure);
    }
  };
  return (
    <tr>
      <td>{hold.matter}</td>
      <td>{hold.scope.map((s) => `${s.kind} ${s.target.slice(0, 12)}`).join(', ')}</td>
      <td>
        {hold.decisions.map((d) => (
          <span key={d.id} className={d.reversedAt ? 'decision-link reversed' : 'decision-link'}>
            {d.id.slice(0, 8)}
            {d.reversedAt ? ` (reversed ${shortDate(d.reversedAt)})` : ''}{' '}
          </span>
        ))}
        {!hold.releasedAt &&
          (linking ? (
            <span className="inline-form">
              <input
                aria-label={`Decision behind ${hold.matter}`}
                value={decisionId}
                onChange={(e) => setDecisionId(e.target.value)}
              />
              <button
                type="button"
                className="small"
                disabled={decisionId.trim().length === 0}
                onClick={() => void link()}
              >
                Link
              </button>
            </span>
          ) : (
            <button type="button" className="small" onClick={() => setLinking(true)}>
              Link decision…
            </button>
          ))}
      </td>
      <td>{hold.counsel}</td>
      <td>{shortDate(hold.createdAt)}</td>
      <td>
        {hold.releasedAt ? (
          <span>
            Released {shortDate(hold.releasedAt)} by {hold.releasedBy}: {hold.releaseReason}
          </span>
        ) : releasing ? (
          <span className="inline-form">
            <input
              aria-label={`Why release ${hold.matter}`}
              value={reason}
              onChange={(e) => setReason(e.target.value)}
            />
            <button
              type="button"
              className="small"
              disabled={reason.trim().length < 3}
              onClick={() => void release()}
            >
              Confirm release
            </button>
          </span>
        ) : (
          <span>
            {hold.review ? 'Active, to review' : 'Active'}{' '}
            <button type="button" className="small" onClick={() => setReleasing(true)}>
              Release…
            </button>
          </span>
        )}
      </td>
    </tr>
  );
}
