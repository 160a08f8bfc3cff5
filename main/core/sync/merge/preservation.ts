// Peers' legal holds and retention extensions entering this vault's preservation tables: a hold placed on a
// trusted peer blocks deletion here, its release there releases that peer's hold only (never one of this
// workstation's), and a peer's extension lengthens retention here (the longest period wins). What the
// merge decides here is also what verify expects of those rows; it never releases or shortens anything else.
import type { Vault } from '../../identity';
import type { LedgerEntry } from '../../ledger';
import { instant, peerRowId, type HoldScope } from '../../preservation';
import { text } from './entries';
import { mappedItem } from './store';

/** What a peer's `hold.add` says, read strictly; null when it is not a hold this vault can keep. */
export function holdOf(entry: LedgerEntry): { id: string; matter: string; scope: HoldScope[] } | null {
  const [id] = entry.subjects;
  const matter = text(entry.details, 'matter');
  const scope = entry.details.scope;
  if (!id || !matter || !Array.isArray(scope) || scope.length === 0) return null;
  const out: HoldScope[] = [];
  for (const s of scope as unknown[]) {
    const { kind, target } = (s ?? {}) as { kind?: unknown; target?: unknown };
    if ((kind !== 'item' && kind !== 'case' && kind !== 'account') || typeof target !== 'string' || !target)
      return null;
    out.push({ kind, target });
  }
  return { id, matter, scope: out };
}

/**
 * A peer hold's scope in this vault's terms: its items as the items here (null while one is not here yet),
 * its cases under the id this vault gives that peer's case, reported accounts as they are.
 */
export function localScope(vault: Vault, origin: string, scope: readonly HoldScope[]): HoldScope[] | null {
  const out: HoldScope[] = [];
  for (const s of scope) {
    if (s.kind === 'item') {
      const item = mappedItem(vault, origin, s.target);
      if (!item) return null;
      out.push({ kind: 'item', target: item });
    } else if (s.kind === 'case') out.push({ kind: 'case', target: peerRowId(origin, s.target) });
    else out.push(s);
  }
  return out;
}

/** A peer's extension of an item's retention, read strictly; a string is the reason it cannot be kept. */
export function extensionOf(
  entry: LedgerEntry,
):
  | { id: string; target: string; agency: string; reference: string; requestedOn: string; until: string }
  | string {
  const [id, target] = entry.subjects;
  const agency = text(entry.details, 'agency');
  const reference = text(entry.details, 'reference');
  const requestedOn = text(entry.details, 'requestedOn');
  const until = text(entry.details, 'until');
  if (!id || !target || !agency || !reference || !requestedOn || !until)
    return 'the extension lacks its id, item, agency, reference or dates';
  try {
    const end = instant(until, 'The new end date');
    if (end !== until) return `its end date ${until} is not an ISO instant`;
    return { id, target, agency, reference, requestedOn: instant(requestedOn, 'The request date'), until };
  } catch (error) {
    return (error as Error).message;
  }
}
