// The users of peer workstations on the team roster, kept so rows they made (items they ingested, their
// categorisations and decisions) name a real user. A peer user is marked by their workstation's ledger
// origin and shown qualified by it; they have no key slot, no signing key here and never a Vault session:
// every unlock and every act refuses them. Writes users rows only; it never records a ledger entry (roster
// changes are recorded by the caller).
import type { Role } from '../../../shared/domain';
import { InvalidInputError } from '../errors';
import type { VaultDatabase } from '../vault';

export interface PeerUserRow {
  id: string;
  /** The name on the peer workstation. */
  name: string;
  role: Role;
  /** The peer workstation's ledger origin. */
  origin: string;
}

/** How a peer user is named here: never the same as a local user, always showing where they act. */
export function peerDisplayName(name: string, origin: string): string {
  return `${name} (${origin})`;
}

/**
 * Makes each peer user exist here, idempotently: a new one is inserted with their qualified name, a known
 * one keeps their row (their role follows the roster). Refuses an id that is a local user or a user of
 * another origin, so a peer can never take over a row of someone else.
 */
export function storePeerUsers(db: VaultDatabase, users: readonly PeerUserRow[], now: string): void {
  const find = db.prepare('SELECT origin FROM users WHERE id = ?');
  const named = db.prepare('SELECT id FROM users WHERE name = ?').pluck();
  const insert = db.prepare('INSERT INTO users (id, name, role, created_at, origin) VALUES (?, ?, ?, ?, ?)');
  const setRole = db.prepare('UPDATE users SET role = ? WHERE id = ? AND origin = ?');
  for (const user of users) {
    if (!user.origin) throw new InvalidInputError(`Peer user ${user.id} has no origin.`);
    const row = find.get(user.id) as { origin: string | null } | undefined;
    if (row) {
      if (row.origin !== user.origin)
        throw new InvalidInputError(
          `User id ${user.id} already belongs to ${row.origin === null ? 'a user of this vault' : `a user of ${row.origin}`}, not to ${user.origin}.`,
        );
      setRole.run(user.role, user.id, user.origin);
      continue;
    }
    const name = peerDisplayName(user.name, user.origin);
    const holder = named.get(name) as string | undefined;
    if (holder) throw new InvalidInputError(`The name "${name}" is already taken here by user ${holder}.`);
    insert.run(user.id, name, user.role, now, user.origin);
  }
}

/** The ids of every peer user (rows of another workstation's users), for `verify` to leave aside. */
export function peerUserIds(db: VaultDatabase): Set<string> {
  return new Set(db.prepare('SELECT id FROM users WHERE origin IS NOT NULL').pluck().all() as string[]);
}

/** The origin a user acts from: null for this vault's own users (and for ids it does not know). */
export function userOrigin(db: VaultDatabase, id: string): string | null {
  return (
    (db.prepare('SELECT origin FROM users WHERE id = ?').pluck().get(id) as string | null | undefined) ?? null
  );
}

/** The role of a user (local or peer), or null for an id this vault does not know. */
export function userRole(db: VaultDatabase, id: string): Role | null {
  return (db.prepare('SELECT role FROM users WHERE id = ?').pluck().get(id) as Role | undefined) ?? null;
}
