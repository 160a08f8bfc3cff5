// Counsel's legal holds: place one (matter, cases, items or reported accounts, why, the decision that caused
// it), see every hold with its scope, link a hold to a decision, review the holds whose decision was reversed
// on appeal, and release one with a reason. A hold placed on a peer workstation (synced) is shown with its
// origin and blocks deletion here too, but only that workstation releases or links it: no action is offered.
// The core checks the role and records each change in the ledger.
import { useState } from 'react';
import type { HoldView } from '../../../shared/preservation';
import { call } from '../api';
import { ErrorBanner } from '../components/ErrorBanner';
import { CaseSelect } from './CaseSelect';
import { useLoad } from '../workspace/useLoad';
import { shortDate } from './dates';
import { DataTable } from '../components/DataTable';

type ScopeKind = 'case' | 'item' | 'account';

export function HoldsScreen() {
  const holds = useLoad(() => call('holds.list', {}));
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
          <CaseSelect value={target} onChange={setTarget} />
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
      <DataTable
        label="Holds"
        className="facts-table"
        columns={['Matter', 'Scope', 'Decisions', 'Counsel', 'Placed', 'Placed on', 'Status']}
      >
        {holds.data?.holds.map((hold) => (
          <HoldRow key={hold.id} hold={hold} onChanged={holds.reload} onError={setError} />
        ))}
      </DataTable>
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
  const attempt = async (request: Promise<unknown>) => {
    try {
      await request;
      onChanged();
      return true;
    } catch (failure) {
      onError(failure);
      return false;
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
        {!hold.releasedAt && !hold.origin && (
          <InlineAction
            opener="Link decision…"
            field={`Decision behind ${hold.matter}`}
            confirm="Link"
            minLength={1}
            run={(decisionId) => attempt(call('holds.link', { id: hold.id, decisionId }))}
          />
        )}
      </td>
      <td>{hold.counsel}</td>
      <td>{shortDate(hold.createdAt)}</td>
      <td>{hold.origin ? <code title={hold.origin}>{hold.origin}</code> : 'This workstation'}</td>
      <td>
        {hold.releasedAt ? (
          <span>
            Released {shortDate(hold.releasedAt)} by {hold.releasedBy}: {hold.releaseReason}
          </span>
        ) : hold.origin ? (
          <span>Active: only the workstation that placed it can release it</span>
        ) : (
          <span>
            {hold.review ? 'Active, to review' : 'Active'}{' '}
            <InlineAction
              opener="Release…"
              field={`Why release ${hold.matter}`}
              confirm="Confirm release"
              minLength={3}
              run={(reason) => attempt(call('holds.release', { id: hold.id, reason }))}
            />
          </span>
        )}
      </td>
    </tr>
  );
}

/** A button that opens a one-field form beside it (a release's reason, a decision's id); closes when done. */
function InlineAction({
  opener,
  field,
  confirm,
  minLength,
  run,
}: {
  opener: string;
  field: string;
  confirm: string;
  minLength: number;
  run: (text: string) => Promise<boolean>;
}) {
  const [open, setOpen] = useState(false);
  const [text, setText] = useState('');
  if (!open)
    return (
      <button type="button" className="small" onClick={() => setOpen(true)}>
        {opener}
      </button>
    );
  const submit = async () => {
    if (!(await run(text.trim()))) return;
    setOpen(false);
    setText('');
  };
  return (
    <span className="inline-form">
      <input aria-label={field} value={text} onChange={(e) => setText(e.target.value)} />
      <button
        type="button"
        className="small"
        disabled={text.trim().length < minLength}
        onClick={() => void submit()}
      >
        {confirm}
      </button>
    </span>
  );
}
