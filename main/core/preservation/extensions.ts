// Law-enforcement extensions of retention: a requesting agency, its reference, the date of the request and
// the new end date, for a case or an item. An extension only ever lengthens retention (the longest period
// wins in ./retention); each one is a ledger entry.
import { randomUUID } from 'node:crypto';
import { InvalidInputError, NotFoundError } from '../errors';
import { requireRole, type Vault } from '../identity';

export interface RetentionExtension {
  id: string;
  kind: 'case' | 'item';
  target: string;
  agency: string;
  reference: string;
  requestedOn: string;
  until: string;
  createdAt: string;
}

export interface NewExtension {
  kind: 'case' | 'item';
  target: string;
  agency: string;
  reference: string;
  requestedOn: string;
  until: string;
}

const isoDate = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?Z)?$/;

/** A date as an ISO instant (a bare day is its start, UTC), refusing what is not a real date. */
export function instant(text: string, what: string): string {
  const parsed = isoDate.test(text) ? Date.parse(text.length === 10 ? `${text}T00:00:00Z` : text) : NaN;
  if (Number.isNaN(parsed))
    throw new InvalidInputError(`${what} must be a date like 2027-03-31, not "${text}".`);
  return new Date(parsed).toISOString();
}

export function extendRetention(
  vault: Vault,
  request: NewExtension,
  exists: (kind: 'case' | 'item', target: string) => boolean,
): RetentionExtension {
  requireRole(vault, 'retention.manage');
  const agency = request.agency.trim();
  const reference = request.reference.trim();
  if (agency.length < 2) throw new InvalidInputError('Name the requesting agency (--agency NAME).');
  if (reference.length < 1) throw new InvalidInputError("Give the agency's reference (--reference REF).");
  const requestedOn = instant(request.requestedOn, 'The request date');
  const until = instant(request.until, 'The new end date');
  if (until <= requestedOn) throw new InvalidInputError('The new end date must come after the request.');
  if (!exists(request.kind, request.target))
    throw new NotFoundError(`There is no ${request.kind} ${request.target} in this vault.`);
  const extension: RetentionExtension = {
    id: randomUUID(),
    kind: request.kind,
    target: request.target,
    agency,
    reference,
    requestedOn,
    until,
    createdAt: new Date().toISOString(),
  };
  vault.db.transaction(() => {
    vault.db
      .prepare(
        `INSERT INTO retention_extensions (id, kind, target, agency, reference, requested_on, until, created_at, created_by)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        extension.id,
        extension.kind,
        extension.target,
        agency,
        reference,
        requestedOn,
        until,
        extension.createdAt,
        vault.user.id,
      );
    vault.record('retention.extend', [extension.id, extension.target], {
      kind: extension.kind,
      agency,
      reference,
      requestedOn,
      until,
    });
  })();
  return extension;
}

export function listExtensions(vault: Vault): RetentionExtension[] {
  return (
    vault.db
      .prepare(
        `SELECT id, kind, target, agency, reference, requested_on, until, created_at FROM retention_extensions
         ORDER BY created_at`,
      )
      .all() as Array<{
      id: string;
      kind: 'case' | 'item';
      target: string;
      agency: string;
      reference: string;
      requested_on: string;
      until: string;
      created_at: string;
    }>
  ).map((r) => ({
    id: r.id,
    kind: r.kind,
    target: r.target,
    agency: r.agency,
    reference: r.reference,
    requestedOn: r.requested_on,
    until: r.until,
    createdAt: r.created_at,
  }));
}
