// Budget periods on UTC calendar boundaries: an hour from :00, a day from
// midnight, a week from Monday, a month from the 1st; `total` never resets.
import type { BUDGET_PERIODS } from './budget-schema.js';

export type Period = (typeof BUDGET_PERIODS)[number];

export interface PeriodWindow {
  /** Start of the period, ms since the epoch (0 for total). */
  start: number;
  /** Its end (exclusive), or undefined for total. */
  end: number | undefined;
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

export function periodAt(period: Period, now: number): PeriodWindow {
  const d = new Date(now);
  switch (period) {
    case 'hour': {
      const start = Math.floor(now / HOUR) * HOUR;
      return { start, end: start + HOUR };
    }
    case 'day': {
      const start = Math.floor(now / DAY) * DAY;
      return { start, end: start + DAY };
    }
    case 'week': {
      const day = Math.floor(now / DAY) * DAY;
      const sinceMonday = (d.getUTCDay() + 6) % 7;
      const start = day - sinceMonday * DAY;
      return { start, end: start + 7 * DAY };
    }
    case 'month': {
      const start = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
      return { start, end: Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1) };
    }
    case 'total':
      return { start: 0, end: undefined };
  }
}

/** The UTC day a time falls in, as the usage reports group it: 2026-12-02. The last day is remembered: it is asked for on every request. */
let lastDay = { start: 0, end: 0, name: '' };
export function dayOf(ms: number): string {
  if (ms >= lastDay.start && ms < lastDay.end) return lastDay.name;
  const start = Math.floor(ms / DAY) * DAY;
  const name = new Date(ms).toISOString().slice(0, 10);
  if (Number.isFinite(start)) lastDay = { start, end: start + DAY, name };
  return name;
}
