// The 24-hour reporting clock of a case as people read it: "5h 12m left", or "OVERDUE by 2h 03m".
// Clocks count down from the core's answer, so they agree with `custody case list` whatever the
// renderer's own clock says.
import { useEffect, useState } from 'react';
import type { CaseSummary } from '../../../shared/cases';

export type Urgency = 'overdue' | 'soon' | 'ok' | 'closed';

/** Under this much time left, a clock is shown as urgent. */
const soonMs = 4 * 3600_000;

export interface Clock {
  text: string;
  /** The same in words for screen readers ("overdue by 2 hours 3 minutes"). */
  spoken: string;
  urgency: Urgency;
}

function hoursMinutes(ms: number): { h: number; m: number } {
  const minutes = Math.floor(Math.abs(ms) / 60_000);
  return { h: Math.floor(minutes / 60), m: minutes % 60 };
}

export function caseClock(summary: CaseSummary, remainingMs: number): Clock {
  if (summary.status !== 'open') {
    const text = summary.status === 'reported' ? 'Reported' : 'Closed';
    return { text, spoken: text.toLowerCase(), urgency: 'closed' };
  }
  const { h, m } = hoursMinutes(remainingMs);
  const short = `${h}h ${String(m).padStart(2, '0')}m`;
  const long = `${h} hour${h === 1 ? '' : 's'} ${m} minute${m === 1 ? '' : 's'}`;
  if (remainingMs < 0)
    return { text: `OVERDUE by ${short}`, spoken: `overdue by ${long}`, urgency: 'overdue' };
  return {
    text: `${short} left`,
    spoken: `${long} left`,
    urgency: remainingMs < soonMs ? 'soon' : 'ok',
  };
}

/** Date.now(), refreshed every `everyMs` while the component is shown. */
export function useNow(everyMs = 15_000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), everyMs);
    return () => clearInterval(timer);
  }, [everyMs]);
  return now;
}

/** Milliseconds left on a case's clock now, counted from when the core answered. */
export function remainingAt(summary: CaseSummary, fetchedAt: number, now: number): number {
  return summary.remainingMs - Math.max(0, now - fetchedAt);
}
