// GET /admin/stats from the rows in range: requests, errors, p50/p95 latency
// and cost per group and time bucket, and the same totals per group (the
// dashboard's provider health). Pure, so both stores share it.
import { BUCKETS, type StatsQuery } from './filters.js';
import type { StatsRow } from './sql.js';

export interface StatsPoint {
  t: number;
  requests: number;
  errors: number;
  p50_ms: number | null;
  p95_ms: number | null;
  /** Null when no request in it had a known price. */
  cost: number | null;
}

export interface StatsGroup {
  group: string;
  totals: Omit<StatsPoint, 't'> & { error_rate: number };
  points: StatsPoint[];
}

export interface StatsAnswer {
  from: string;
  to: string;
  bucket: StatsQuery['bucket'];
  group_by: StatsQuery['groupBy'];
  groups: StatsGroup[];
  /** True when the range held more rows than were read: narrow it. */
  truncated: boolean;
}

/** The nearest-rank percentile of sorted values. */
export function percentile(sorted: readonly number[], p: number): number | null {
  if (sorted.length === 0) return null;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

function summarise(rows: readonly StatsRow[]): Omit<StatsPoint, 't'> {
  const latencies = rows.map((r) => r.latency_ms).sort((a, b) => a - b);
  const priced = rows.filter((r) => r.cost !== null);
  return {
    requests: rows.length,
    errors: rows.filter((r) => r.status >= 400).length,
    p50_ms: percentile(latencies, 50),
    p95_ms: percentile(latencies, 95),
    cost: priced.length === 0 ? null : priced.reduce((sum, r) => sum + r.cost!, 0),
  };
}

export function aggregate(rows: readonly StatsRow[], query: StatsQuery, truncated: boolean): StatsAnswer {
  const size = BUCKETS[query.bucket];
  const byGroup = new Map<string, StatsRow[]>();
  for (const row of rows) {
    const group = row.group ?? '(none)';
    let list = byGroup.get(group);
    if (!list) byGroup.set(group, (list = []));
    list.push(row);
  }
  const groups: StatsGroup[] = [...byGroup].map(([group, list]) => {
    const buckets = new Map<number, StatsRow[]>();
    for (const row of list) {
      const t = Math.floor(row.time / size) * size;
      let b = buckets.get(t);
      if (!b) buckets.set(t, (b = []));
      b.push(row);
    }
    const totals = summarise(list);
    return {
      group,
      totals: { ...totals, error_rate: totals.requests === 0 ? 0 : totals.errors / totals.requests },
      points: [...buckets].sort((a, b) => a[0] - b[0]).map(([t, b]) => ({ t, ...summarise(b) })),
    };
  });
  groups.sort((a, b) => b.totals.requests - a.totals.requests);
  return { from: new Date(query.from).toISOString(), to: new Date(query.to).toISOString(), bucket: query.bucket, group_by: query.groupBy, groups, truncated };
}
