// The team roster: which workstations this one exchanges bundles with, the role their users hold here,
// and the card each was added with. Adding and removing are admin acts recorded in the ledger (with the
// card), so they travel in bundles; a removed member stays listed with the date it was removed.
import type { Role } from '../../../shared/domain';
import { InvalidInputError, NotFoundError } from '../errors';
import { requireRole, type Vault } from '../identity';
import { makeCard, readCard, type Card } from './card';
import { ensureSyncKeys } from './keys';
import { ensurePeerUsers, type PeerUser } from './merge';
import { markRosterRemoved, rosterRow, rosterRows, upsertRosterRow, type RosterRow } from './store';

export interface RosterMember {
  workstation: string;
  origin: string;
  fingerprint: string;
  role: Role;
  users: Array<{ id: string; name: string; role: Role }>;
  recipient: string;
  addedAt: string;
  removedAt: string | null;
}

function member(row: RosterRow): RosterMember {
  const card = readCard(row.card);
  return {
    workstation: row.workstation,
    origin: row.origin,
    fingerprint: row.fingerprint,
    role: row.role,
    users: card.content.users,
    recipient: card.content.recipient,
    addedAt: row.addedAt,
    removedAt: row.removedAt,
  };
}

const roleRank: Record<Role, number> = { analyst: 1, counsel: 1, supervisor: 2, admin: 3 };

/**
 * A member's users as this vault knows them: each keeps its own role only when that is the role granted
 * to the member or below it; otherwise it holds the granted role. A peer never grants itself more.
 */
export function peerUsers(card: Card, granted: Role): PeerUser[] {
  return card.content.users.map((u) => ({
    id: u.id,
    name: u.name,
    role: u.role === granted || roleRank[u.role] < roleRank[granted] ? u.role : granted,
    origin: card.content.origin,
  }));
}

/** This workstation's card (its sync keys are made the first time), for a peer's admin to add. */
export async function syncCard(
  vault: Vault,
): Promise<{ card: string; fingerprint: string; workstation: string }> {
  requireRole(vault, 'sync.status');
  const card = makeCard(vault, await ensureSyncKeys(vault));
  return { card: card.text, fingerprint: card.fingerprint, workstation: card.content.workstation };
}

/** Reads a card without adding it: what an admin checks (the fingerprint) before adding. */
export function inspectCard(text: string): { workstation: string; fingerprint: string; users: number } {
  const card = readCard(text);
  return {
    workstation: card.content.workstation,
    fingerprint: card.fingerprint,
    users: card.content.users.length,
  };
}

export function listRoster(vault: Vault): RosterMember[] {
  requireRole(vault, 'sync.status');
  return rosterRows(vault.db).map(member);
}

/**
 * Stores a member added here or by a peer admin (inside the caller's transaction). A workstation already
 * on the roster under other keys must be removed first: a card never silently replaces keys.
 */
export function admitMember(vault: Vault, card: Card, role: Role, addedBy: string): boolean {
  if (card.content.workstation === vault.workstationId) {
    throw new InvalidInputError("That is this workstation's own card: add a peer's card.");
  }
  const held = rosterRow(vault.db, card.content.workstation);
  if (held && held.removedAt === null) {
    if (held.fingerprint !== card.fingerprint) {
      throw new InvalidInputError(
        `Workstation ${card.content.workstation} is on the roster with fingerprint ${held.fingerprint}, not ${card.fingerprint}: remove it first if its keys really changed.`,
      );
    }
    if (held.role === role) return false;
  }
  upsertRosterRow(vault.db, {
    workstation: card.content.workstation,
    origin: card.content.origin,
    fingerprint: card.fingerprint,
    role,
    card: card.text,
    addedAt: new Date().toISOString(),
    addedBy,
  });
  ensurePeerUsers(vault, peerUsers(card, role));
  return true;
}

export function addToRoster(vault: Vault, cardText: string, role: Role): RosterMember {
  requireRole(vault, 'roster.manage');
  const card = readCard(cardText);
  vault.db.transaction(() => {
    if (!admitMember(vault, card, role, vault.user.id)) return;
    vault.record('roster.add', [card.content.workstation], {
      workstation: card.content.workstation,
      origin: card.content.origin,
      fingerprint: card.fingerprint,
      role,
      card: card.text,
    });
  })();
  const row = rosterRow(vault.db, card.content.workstation);
  if (!row) throw new NotFoundError('The roster member just added is missing.');
  return member(row);
}

export function removeFromRoster(vault: Vault, workstation: string): RosterMember {
  requireRole(vault, 'roster.manage');
  const row = rosterRow(vault.db, workstation);
  if (!row) throw new NotFoundError(`Workstation ${workstation} is not on the roster.`);
  if (row.removedAt === null) {
    vault.db.transaction(() => {
      markRosterRemoved(vault.db, workstation, new Date().toISOString());
      vault.record('roster.remove', [workstation], {
        workstation,
        origin: row.origin,
        fingerprint: row.fingerprint,
      });
    })();
  }
  const after = rosterRow(vault.db, workstation);
  if (!after) throw new NotFoundError(`Workstation ${workstation} is not on the roster.`);
  return member(after);
}
