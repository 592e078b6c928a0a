// Requests, errors, latency and cost over time, per model, provider or key.
import { useState } from 'preact/hooks';
import { call, type StatsGroup } from './api';
import { Chart } from './chart';
import { usePoll } from './poll';

const RANGES = { '1h': [3_600_000, 'minute'], '24h': [86_400_000, 'hour'], '30d': [30 * 86_400_000, 'day'] } as const;
type Range = keyof typeof RANGES;

export function Charts() {
  const [groupBy, setGroupBy] = useState('model');
  const [range, setRange] = useState<Range>('1h');
  const { data, error } = usePoll(() => {
    const [span, bucket] = RANGES[range];
    return call<{ groups: StatsGroup[]; from: string; to: string }>('/admin/stats', { group_by: groupBy, bucket, from: String(Date.now() - span) });
  }, [groupBy, range], 5000);
  const groups = data?.groups ?? [];
  const span: [number, number] = data ? [Date.parse(data.from), Date.parse(data.to)] : [0, 0];
  const priced = groups.some((g) => g.totals.cost !== null);
  return (
    <div class="charts">
      <div class="controls">
        <label>Group by <select value={groupBy} onChange={(e) => setGroupBy(e.currentTarget.value)}><option value="model">model</option><option value="provider">provider</option><option value="key">key</option></select></label>
        <label>Range <select value={range} onChange={(e) => setRange(e.currentTarget.value as Range)}>{Object.keys(RANGES).map((r) => <option key={r}>{r}</option>)}</select></label>
      </div>
      {error && <p class="error" role="alert">{error}</p>}
      {groups.length === 0 ? <p class="empty">No requests in this range yet.</p> : (
        <div class="grid">
          <Chart title="Requests" groups={groups} range={span} value={(p) => p.requests} />
          <Chart title="Errors" groups={groups} range={span} value={(p) => p.errors} />
          <Chart title="p95 latency (ms)" groups={groups} range={span} value={(p) => p.p95_ms} />
          {priced ? <Chart title="Cost (USD)" groups={groups} range={span} value={(p) => p.cost} /> : <p class="chart empty">Cost: no price is configured for these models, so none is shown.</p>}
        </div>
      )}
    </div>
  );
}
