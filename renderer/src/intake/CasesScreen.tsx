// Cases as a team runs them: every case with its clock, items and reviewer; a lead assigns a case, closes
// it for a reason and reopens it. Each change is a ledger entry in the core, which also decides who may.
import { useState } from 'react';
import type { CaseBoardRow } from '../../../shared/desk';
import { call } from '../api';
import { attempt, useAnswer } from '../desk/useAnswer';
import { useMayCall } from '../workspace/access';
import { useWorkspace } from '../workspace/store';

/** "3 h 20 min left" or "overdue by 2 h 5 min". */
export function timeLeft(ms: number): string {
  const minutes = Math.floor(Math.abs(ms) / 60_000);
  const text = `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
  return ms < 0 ? `overdue by ${text}` : `${text} left`;
}

function CaseRow({ row, reviewers, changed }: { row: CaseBoardRow; reviewers: string[]; changed(): void }) {
  const mayAssign = useMayCall('cases.assign');
  const mayClose = useMayCall('cases.close');
  const showCase = useWorkspace((s) => s.showCase);
  const [reason, setReason] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const closed = row.status === 'closed';
  const act = async (work: () => Promise<unknown>) => {
    const failure = await attempt(work);
    setProblem(failure);
    if (!failure) {
      setReason('');
      changed();
    }
  };
  return (
    <tr aria-label={row.title}>
      <th scope="row">
        <button type="button" className="link" onClick={() => showCase(row.id)}>
          {row.title}
        </button>
      </th>
      <td>{row.status}</td>
      <td>{row.status === 'open' ? timeLeft(row.remainingMs) : '—'}</td>
      <td>{row.items}</td>
      <td>
        {mayAssign ? (
          <select
            aria-label={`Reviewer of ${row.title}`}
            value={row.assignedTo ?? ''}
            onChange={(e) =>
              void act(() => call('cases.assign', { id: row.id, user: e.target.value || null }))
            }
          >
            <option value="">Nobody</option>
            {reviewers.map((name) => (
              <option key={name} value={name}>
                {name}
              </option>
            ))}
          </select>
        ) : (
          (row.assignedTo ?? 'Nobody')
        )}
      </td>
      <td>
        {mayClose && (
          <form
            className="desk-inline"
            onSubmit={(e) => {
              e.preventDefault();
              void act(() => call('cases.close', { id: row.id, close: !closed, reason }));
            }}
          >
            <input
              aria-label={`Reason to ${closed ? 'reopen' : 'close'} ${row.title}`}
              placeholder="Reason"
              value={reason}
              onChange={(e) => setReason(e.target.value)}
            />
            <button type="submit" disabled={!reason.trim()}>
              {closed ? 'Reopen' : 'Close'}
            </button>
          </form>
        )}
        {problem && (
          <p className="problem" role="alert">
            {problem}
          </p>
        )}
      </td>
    </tr>
  );
}

export function CasesScreen() {
  const board = useAnswer('cases.board', {});
  return (
    <div className="desk-screen">
      <h2>Cases</h2>
      {board.error && (
        <p className="error-banner" role="alert">
          {board.error}
        </p>
      )}
      {board.value && board.value.cases.length === 0 && (
        <p>No cases yet. Import a case file under Ingest, or select items in the grid and make a case.</p>
      )}
      {board.value && board.value.cases.length > 0 && (
        <table className="desk-table" aria-label="Cases">
          <thead>
            <tr>
              <th scope="col">Case</th>
              <th scope="col">Status</th>
              <th scope="col">Clock</th>
              <th scope="col">Items</th>
              <th scope="col">Reviewer</th>
              <th scope="col">Close or reopen</th>
            </tr>
          </thead>
          <tbody>
            {board.value.cases.map((row) => (
              <CaseRow
                key={row.id}
                row={row}
                reviewers={board.value?.reviewers ?? []}
                changed={board.reload}
              />
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
