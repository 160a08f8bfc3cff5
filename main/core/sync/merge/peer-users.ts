// Roster members' users made to exist in this vault, so rows from them satisfy their foreign keys. They
// are identity's rows marked with their workstation's origin: no key slot, no signing key, never a session
// here. Records nothing: the roster change that calls this records itself.
import type { Role } from '../../../../shared/domain';
import { roles } from '../../../../shared/domain';
import { InvalidInputError } from '../../errors';
import { storePeerUsers, type Vault } from '../../identity';

export interface PeerUser {
  id: string;
  name: string;
  role: Role;
  /** The peer workstation's ledger origin. */
  origin: string;
}

export function ensurePeerUsers(vault: Vault, users: readonly PeerUser[]): void {
  for (const user of users) {
    if (!roles.includes(user.role)) throw new InvalidInputError(`Peer user ${user.id} has an unknown role.`);
    if (user.origin === vault.ledger.origin)
      throw new InvalidInputError(
        `Peer user ${user.id} claims this workstation's own origin ${user.origin}.`,
      );
  }
  storePeerUsers(vault.db, users, new Date().toISOString());
}
