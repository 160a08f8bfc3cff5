// The conflict queue: items on which workstations decided differently (a categorisation, a report
// decision, a preservation), open ones first. Each conflict shows its sides side by side with origin,
// actor, time, decision and rationale; a supervisor chooses one side and says why. Radios and a text field
// only, so it is operable from the keyboard. The core decides who may resolve and what a resolution cites.
import { useCallback, useEffect, useId, useState } from 'react';
import { conflictKindTitles, type ConflictSide, type ConflictView } from '../../../shared/conflicts';
import { call } from '../api';
import { ErrorBanner } from '../components/ErrorBanner';
import { useMayCall } from '../workspace/access';

function sideKey(side: { origin: string; seq: number }): string {
  return `${side.origin}:${side.seq}`;
}

function Side({ side, chosen }: { side: ConflictSide; chosen: boolean }) {
  return (
    <div className={chosen ? 'conflict-side chosen' : 'conflict-side'}>
      <p className="conflict-origin">
        <strong>{side.local ? 'This workstation' : side.origin}</strong>
        {side.local && <span className="muted"> ({side.origin})</span>} · entry {side.seq}
      </p>
      <p className="conflict-decision">{side.decision}</p>
      <p>
        {side.actorName}, {new Date(side.time).toLocaleString()}
      </p>
      {side.rationale && <p className="rationale">“{side.rationale}”</p>}
      <p className="muted conflict-leaf" title="RFC 6962 leaf hash of the entry">
        leaf {side.leafHash.slice(0, 16)}…
      </p>
    </div>
  );
}

function ResolveForm({ conflict, onDone }: { conflict: ConflictView; onDone(): void }) {
  const id = useId();
  const [choice, setChoice] = useState<string | null>(null);
  const [reason, setReason] = useState('');
  const [error, setError] = useState<unknown>(null);
  const chosen = conflict.sides.find((s) => sideKey(s) === choice);
  return (
    <form
      className="decision-form"
      aria-label={`Resolve the ${conflictKindTitles[conflict.kind].toLowerCase()} conflict on ${conflict.itemName}`}
      onSubmit={(event) => {
        event.preventDefault();
        if (!chosen) return;
        setError(null);
        call('conflicts.resolve', {
          id: conflict.id,
          origin: chosen.origin,
          seq: chosen.seq,
          reason: reason.trim(),
        })
          .then(onDone)
          .catch(setError);
      }}
    >
      <fieldset className="choice-row">
        <legend>Keep</legend>
        {conflict.sides.map((side) => (
          <label key={sideKey(side)} className="check">
            <input
              type="radio"
              name={`${id}-side`}
              checked={choice === sideKey(side)}
              onChange={() => setChoice(sideKey(side))}
            />
            {side.decision} — {side.local ? 'this workstation' : side.origin}
          </label>
        ))}
      </fieldset>
      <div className="field">
        <label htmlFor={`${id}-reason`}>Reason</label>
        <textarea id={`${id}-reason`} rows={2} value={reason} onChange={(e) => setReason(e.target.value)} />
      </div>
      <ErrorBanner error={error} />
      <button type="submit" className="primary" disabled={!chosen || reason.trim().length < 3}>
        Resolve
      </button>
    </form>
  );
}

function ConflictEntry({ conflict, onDone }: { conflict: ConflictView; onDone(): void }) {
  const mayResolve = useMayCall('conflicts.resolve');
  const open = conflict.resolvedAt === null;
  const chosen = conflict.resolution?.chosen;
  return (
    <li
      className="queue-entry conflict"
      aria-label={`${conflictKindTitles[conflict.kind]} conflict on ${conflict.itemName}`}
    >
      <p>
        <strong>{conflictKindTitles[conflict.kind]}</strong> of <strong>{conflict.itemName}</strong>{' '}
        <span className="muted">
          (SHA-256 {conflict.sha256.slice(0, 12)}…) — {open ? 'open' : 'resolved'} since{' '}
          {new Date(conflict.resolvedAt ?? conflict.openedAt).toLocaleString()}
        </span>
      </p>
      <div className="conflict-sides">
        {conflict.sides.map((side) => (
          <Side
            key={sideKey(side)}
            side={side}
            chosen={Boolean(chosen && chosen.origin === side.origin && chosen.seq === side.seq)}
          />
        ))}
      </div>
      {conflict.resolution && (
        <p role="note">
          Resolved by {conflict.resolution.actorName}, {new Date(conflict.resolution.time).toLocaleString()}:
          kept {conflict.resolution.chosen.origin} entry {conflict.resolution.chosen.seq} — “
          {conflict.resolution.reason}”
        </p>
      )}
      {conflict.settled && <p role="note">Settled: every workstation now says the same.</p>}
      {open && mayResolve && <ResolveForm conflict={conflict} onDone={onDone} />}
    </li>
  );
}

export function ConflictsScreen() {
  const [conflicts, setConflicts] = useState<ConflictView[] | null>(null);
  const [openOnly, setOpenOnly] = useState(true);
  const [error, setError] = useState<unknown>(null);
  const load = useCallback(() => {
    call('conflicts.list', { open: openOnly })
      .then((answer) => setConflicts(answer.conflicts))
      .catch(setError);
  }, [openOnly]);
  useEffect(load, [load]);
  return (
    <div className="decisions-screen conflicts-screen">
      <h2>Conflicts</h2>
      <p className="muted">
        Workstations that sync offline can decide differently on the same item. Both decisions are kept; a
        supervisor keeps one, with a reason, in a signed entry citing both. The resolution syncs like
        everything else.
      </p>
      <label className="check">
        <input type="checkbox" checked={openOnly} onChange={(e) => setOpenOnly(e.target.checked)} />
        Open conflicts only
      </label>
      <ErrorBanner error={error} />
      {conflicts && conflicts.length === 0 && <p className="muted">No conflicts.</p>}
      <ul className="queue-entries" aria-label="Conflicts">
        {conflicts?.map((c) => (
          <ConflictEntry key={c.id} conflict={c} onDone={load} />
        ))}
      </ul>
    </div>
  );
}
