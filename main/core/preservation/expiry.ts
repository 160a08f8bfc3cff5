// Expiry that cannot surprise anyone: the list of items whose retention has ended, with a digest that names
// exactly that list, and the run that crypto-shreds them only when counsel or an admin confirms that digest.
// Each shred is its own ledger entry citing the rule; the run itself is one entry naming the list.
import { createHash } from 'node:crypto';
import { InvalidInputError } from '../errors';
import { requireRole, type Vault } from '../identity';
import { shredExpiredItem } from '../review';
import { retentionStates, type ItemRetention } from './retention';

export interface ExpiryList {
  /** The moment the list is computed for. */
  at: string;
  /** SHA-256 over the list's lines: what a person confirms. */
  digest: string;
  items: ItemRetention[];
}

export interface ExpiryRun {
  digest: string;
  shredded: Array<{ itemId: string; sha256: string; rule: string }>;
}

/** What has expired at `now` (a later date previews the future), with the digest a confirmation names. */
export function expiryList(vault: Vault, now = new Date()): ExpiryList {
  requireRole(vault, 'item.read');
  const items = retentionStates(vault, now).filter((state) => state.status === 'expired');
  return { at: now.toISOString(), digest: listDigest(items), items };
}

/** The digest of an expiry list: one line per item (id, SHA-256, rule, end of retention). */
export function listDigest(items: readonly ItemRetention[]): string {
  const lines = items.map((i) => `${i.itemId} ${i.sha256} ${i.rule.id} ${i.deletableFrom ?? '-'}\n`);
  return createHash('sha256').update(lines.join('')).digest('hex');
}

/**
 * Shreds every item of the expiry list at `now`, provided `confirmedDigest` is that list's digest: the list
 * a person saw is exactly the list destroyed. `now` may not lie in the future: previews are for show only.
 */
export async function runExpiry(vault: Vault, confirmedDigest: string, now = new Date()): Promise<ExpiryRun> {
  requireRole(vault, 'retention.run');
  if (now.getTime() > Date.now())
    throw new InvalidInputError(
      'A future date only previews what will expire (--dry-run); nothing is shredded before its time.',
    );
  const list = expiryList(vault, now);
  if (confirmedDigest.trim().toLowerCase() !== list.digest)
    throw new InvalidInputError(
      `The confirmed digest does not match the expiry list (${list.digest}, ${list.items.length} item(s)): ` +
        'the list changed or the digest is wrong. Review the list again and confirm its digest.',
    );
  const shredded: ExpiryRun['shredded'] = [];
  if (list.items.length === 0) return { digest: list.digest, shredded };
  vault.record(
    'retention.run',
    list.items.map((i) => i.itemId),
    { digest: list.digest, at: list.at, items: list.items.length },
  );
  for (const item of list.items) {
    const { sha256 } = await shredExpiredItem(vault, item.itemId, {
      rule: item.rule.id,
      ruleName: item.rule.name,
      deletableFrom: item.deletableFrom,
      confirmedList: list.digest,
    });
    shredded.push({ itemId: item.itemId, sha256, rule: item.rule.id });
  }
  return { digest: list.digest, shredded };
}
