// Provider health: error rate and latency per provider over the last hour.
import { call, type StatsGroup } from './api';
import { ms, usePoll } from './poll';

export function Health() {
  const { data, error } = usePoll(() => call<{ groups: StatsGroup[] }>('/admin/stats', { group_by: 'provider', bucket: 'minute', from: String(Date.now() - 3_600_000) }), [], 5000);
  return (
    <div class="health">
      <h2>Providers, last hour</h2>
      {error && <p class="error" role="alert">{error}</p>}
      <table>
        <thead><tr><th>Provider</th><th>Requests</th><th>Errors</th><th>Error rate</th><th>p50</th><th>p95</th></tr></thead>
        <tbody>
          {data?.groups.map((g) => (
            <tr key={g.group} class={g.totals.error_rate > 0.05 ? 'failed' : ''}>
              <td>{g.group}</td><td>{g.totals.requests}</td><td>{g.totals.errors}</td><td>{(g.totals.error_rate * 100).toFixed(1)} %</td><td>{ms(g.totals.p50_ms)}</td><td>{ms(g.totals.p95_ms)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
