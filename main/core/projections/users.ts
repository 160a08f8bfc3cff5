// Users and roles against user.add / user.remove: every row recorded, with its name, role and removal;
// peer workstations' users (sync/merge's peerOriginRows) are the roster's, not this ledger's.
import { userProjection, type Vault } from '../identity';
import type { PeerOriginRows } from '../sync/merge';
import { absent, difference, unrecorded } from './difference';
import type { LedgerState } from './replay';

export function userDifferences(vault: Vault, state: LedgerState, peers: PeerOriginRows): string[] {
  const out: string[] = [];
  // Peer workstations' users are added by the roster, not by this vault's user.add entries.
  const rows = new Map(
    userProjection(vault)
      .filter((u) => !peers.users.has(u.id))
      .map((u) => [u.id, u]),
  );
  for (const [id, row] of rows) {
    const recorded = state.users.get(id);
    if (!recorded) {
      out.push(difference('users', id, `user "${row.name}" (${row.role})`, unrecorded));
      continue;
    }
    if (row.name !== recorded.name)
      out.push(difference('users', id, `name "${row.name}"`, `name "${recorded.name}"`));
    if (row.role !== recorded.role)
      out.push(difference('users', id, `role ${row.role}`, `role ${String(recorded.role)}`));
    if (row.removed !== recorded.removed)
      out.push(difference('users', id, standing(row.removed), standing(recorded.removed)));
  }
  for (const [id, recorded] of state.users) {
    if (!rows.has(id)) out.push(difference('users', id, absent, `user "${recorded.name}" was added`));
  }
  return out;
}

function standing(removed: boolean): string {
  return removed ? 'removed' : 'active';
}
