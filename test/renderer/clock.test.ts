// The 24-hour reporting clock as people read it, counted down from the core's answer.
import { describe, expect, it } from 'vitest';
import type { CaseSummary } from '../../shared/cases';
import { caseClock, remainingAt } from '../../renderer/src/report/clock';

const hour = 3600_000;
const minute = 60_000;

function summary(change: Partial<CaseSummary> = {}): CaseSummary {
  return {
    id: 'c1',
    title: 'A case',
    externalId: null,
    detectedAt: '2026-01-01T00:00:00Z',
    deadlineAt: '2026-01-02T00:00:00Z',
    status: 'open',
    items: 1,
    remainingMs: 10 * hour,
    ...change,
  };
}

describe('caseClock', () => {
  it('shows time left, urgent under four hours', () => {
    expect(caseClock(summary(), 5 * hour + 12 * minute)).toEqual({
      text: '5h 12m left',
      spoken: '5 hours 12 minutes left',
      urgency: 'ok',
    });
    expect(caseClock(summary(), 3 * hour + 59 * minute).urgency).toBe('soon');
    expect(caseClock(summary(), 1 * hour + 1 * minute).spoken).toBe('1 hour 1 minute left');
  });

  it('shows how long overdue, in words for screen readers', () => {
    expect(caseClock(summary(), -(2 * hour + 3 * minute))).toEqual({
      text: 'OVERDUE by 2h 03m',
      spoken: 'overdue by 2 hours 3 minutes',
      urgency: 'overdue',
    });
  });

  it('shows a reported or closed case without a clock', () => {
    expect(caseClock(summary({ status: 'reported' }), -hour)).toEqual({
      text: 'Reported',
      spoken: 'reported',
      urgency: 'closed',
    });
    expect(caseClock(summary({ status: 'closed' }), hour).text).toBe('Closed');
  });
});

describe('remainingAt', () => {
  it('counts down from when the core answered, never up', () => {
    const s = summary({ remainingMs: hour });
    expect(remainingAt(s, 1_000, 1_000 + 10 * minute)).toBe(50 * minute);
    expect(remainingAt(s, 1_000, 500)).toBe(hour);
  });
});
