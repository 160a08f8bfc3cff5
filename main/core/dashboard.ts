// The supervisors' dashboard: cases by time left on their 24-hour clock (overdue first), reports sent per
// day with the time from detection to report, the outbox, items waiting for review, and each reviewer's
// exposure per day (reveals, and the minutes in which they revealed). It composes the owners' verbs and
// never reads a table itself.
import type { DashboardView } from '../../shared/desk';
import { finishedReports, outboxView } from './cybertip';
import { requireRole, userNames, type Vault } from './identity';
import { activityByDay } from './ledger';
import { caseBoard, queueCounts } from './review';

/** Days of history the plots show. */
export const dashboardDays = 14;

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return 0;
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

export function dashboardView(vault: Vault, now = Date.now()): DashboardView {
  requireRole(vault, 'dashboard.read');
  const since = new Date(now - dashboardDays * 86_400_000).toISOString().slice(0, 10);
  const cases = caseBoard(vault, now);
  const detected = new Map(cases.map((c) => [c.id, Date.parse(c.detectedAt)]));
  const byDay = new Map<string, number[]>();
  for (const report of finishedReports(vault, since)) {
    const day = report.finishedAt.slice(0, 10);
    const hours =
      (Date.parse(report.finishedAt) - (detected.get(report.caseId) ?? Date.parse(report.finishedAt))) /
      3_600_000;
    byDay.set(day, [...(byDay.get(day) ?? []), hours]);
  }
  const activity = activityByDay(vault.db, 'item.reveal', since);
  const names = userNames(
    vault,
    activity.map((a) => a.actorId),
  );
  return {
    now: new Date(now).toISOString(),
    cases: cases.filter((c) => c.status === 'open'),
    reportsPerDay: [...byDay.entries()].map(([day, hours]) => ({
      day,
      reports: hours.length,
      medianHoursToReport: Math.round(median(hours) * 10) / 10,
    })),
    outbox: outboxView(vault).length,
    waitingForReview: queueCounts(vault).uncategorised,
    exposure: activity.map((a) => ({
      day: a.day,
      user: names.get(a.actorId) ?? a.actorId,
      reveals: a.count,
      minutesRevealed: a.minutes,
    })),
  };
}
