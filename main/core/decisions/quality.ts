// Agreement between reviewers, measured on every blind review (second and sampled): per week, per person
// whose decision was reviewed and per category they decided, how many reviews there were and how many
// agreed. Reads only.
import type { AgreementRow } from '../../../shared/decisions';
import { requireRole, userNames, type Vault } from '../identity';
import { recordedReviews } from './store';

/** The Monday (UTC) of the week an ISO time falls in, as YYYY-MM-DD. */
export function weekOf(iso: string): string {
  const day = new Date(iso);
  const monday = new Date(Date.UTC(day.getUTCFullYear(), day.getUTCMonth(), day.getUTCDate()));
  monday.setUTCDate(monday.getUTCDate() - ((monday.getUTCDay() + 6) % 7));
  return monday.toISOString().slice(0, 10);
}

export function agreementRates(vault: Vault): AgreementRow[] {
  requireRole(vault, 'item.read');
  const reviews = recordedReviews(vault);
  const names = userNames(
    vault,
    reviews.map((r) => r.first.decidedBy),
  );
  const tally = new Map<string, AgreementRow>();
  const count = (period: string, by: AgreementRow['by'], key: string, agreed: boolean) => {
    const id = `${period}\u0000${by}\u0000${key}`;
    const row = tally.get(id) ?? { period, by, key, reviews: 0, agreed: 0, rate: 0 };
    row.reviews += 1;
    if (agreed) row.agreed += 1;
    row.rate = row.agreed / row.reviews;
    tally.set(id, row);
  };
  for (const { review, first } of reviews) {
    const period = weekOf(review.decidedAt);
    const agreed = review.agreed === true;
    count(period, 'reviewer', names.get(first.decidedBy) ?? first.decidedBy, agreed);
    count(period, 'category', first.outcome.category ?? 'uncategorised', agreed);
  }
  return [...tally.values()].sort(
    (a, b) => a.period.localeCompare(b.period) || a.by.localeCompare(b.by) || a.key.localeCompare(b.key),
  );
}
