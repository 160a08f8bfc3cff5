// What peer workstations recorded about the item in the panel (sync): a notice when a peer shredded its
// copy (this vault keeps its own: a peer never destroys evidence here; a supervisor decides), each
// workstation's report decision with its origin, and the peers' cases that hold the item. Shows only.
import type { PeerRecords as Records } from '../../../shared/review';

function when(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : date.toLocaleString();
}

export function PeerRecords({ records }: { records: Records }) {
  return (
    <section aria-label="Peer workstations">
      <h3>Peer workstations</h3>
      {records.shreds.map((s) => (
        <p key={`${s.origin}-${s.time}`} className="warning" role="note">
          Shredded on <code>{s.origin}</code> by {s.actorName} ({when(s.time)}): “{s.reason}”. This
          workstation still holds its copy; a supervisor decides whether it goes here too.
        </p>
      ))}
      {records.decisions.length > 0 && (
        <table className="facts-table" aria-label="Report decisions by workstation">
          <thead>
            <tr>
              <th>Workstation</th>
              <th>Decision</th>
              <th>By</th>
              <th>Why</th>
            </tr>
          </thead>
          <tbody>
            {records.decisions.map((d) => (
              <tr key={d.origin}>
                <td>{d.local ? 'This workstation' : <code>{d.origin}</code>}</td>
                <td>{d.decision}</td>
                <td>
                  {d.actorName} · {when(d.time)}
                </td>
                <td>{d.rationale}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {records.cases.length > 0 && (
        <ul aria-label="Peers' cases holding this item">
          {records.cases.map((c) => (
            <li key={c.id}>
              Case “{c.title}” on <code>{c.origin}</code>, {c.status}, created by {c.createdBy} (
              {when(c.createdAt)})
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
