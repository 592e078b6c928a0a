// The live request log: filters, newest first, refreshed every second;
// a row opens the request's detail (attempts, usage, cost, error, trace).
import { useState } from 'preact/hooks';
import { call, type LogRecord } from './api';
import { ms, time, usePoll } from './poll';

const FILTERS = ['q', 'key', 'model', 'provider', 'status', 'route'] as const;
type Filters = Partial<Record<(typeof FILTERS)[number], string>>;

function Detail({ id, onClose }: { id: string; onClose: () => void }) {
  const { data, error } = usePoll(() => call<{ records: LogRecord[] }>(`/admin/logs/${encodeURIComponent(id)}`), [id], 5000);
  return (
    <aside class="detail" aria-label="request detail">
      <button class="close" onClick={onClose}>×</button>
      <h2>Request {id}</h2>
      {error && <p class="error">{error}</p>}
      {data?.records.map((r) => (
        <section key={r.id}>
          <h3>{r.method === 'JOB' ? 'Job run' : `${r.method} ${r.path}`}</h3>
          <dl>
            <dt>Status</dt><dd>{r.status}{r.error_code ? ` · ${r.error_code}` : ''}</dd>
            {r.error_message && (<><dt>Error</dt><dd class="error-text">{r.error_message}</dd></>)}
            <dt>Caller</dt><dd>{r.principal ?? '–'}</dd>
            <dt>Model</dt><dd>{r.model_requested ?? '–'} → {r.provider ? `${r.provider}/${r.model}` : '–'}</dd>
            <dt>Latency</dt><dd>{ms(r.latency_ms)} (upstream {ms(r.upstream_latency_ms)})</dd>
            <dt>Cost</dt><dd>{r.cost === null ? 'no price configured' : `$${r.cost.toFixed(4)}`}</dd>
            <dt>Trace</dt><dd class="mono">{r.trace_id ?? 'not traced (telemetry.otlp_endpoint unset)'}</dd>
            {r.job_id && (<><dt>Job</dt><dd class="mono">{r.job_id}</dd></>)}
          </dl>
          {Array.isArray(r.detail.attempts) && (
            <table class="attempts">
              <thead><tr><th>Attempt</th><th>Provider</th><th>Status</th><th>Time</th></tr></thead>
              <tbody>
                {(r.detail.attempts as Array<Record<string, unknown>>).map((a, i) => (
                  <tr key={i}><td>{i + 1}</td><td>{String(a.provider)}/{String(a.model)}</td><td>{String(a.status ?? '')} {String(a.code ?? '')}</td><td>{ms(a.latency_ms as number)}</td></tr>
                ))}
              </tbody>
            </table>
          )}
          <pre>{JSON.stringify(r.detail, null, 2)}</pre>
        </section>
      ))}
    </aside>
  );
}

export function Logs() {
  const [draft, setDraft] = useState<Filters>({});
  const [filters, setFilters] = useState<Filters>({});
  const [open, setOpen] = useState<string>();
  const { data, error } = usePoll(() => call<{ data: LogRecord[] }>('/admin/logs', { ...filters, limit: '100' }), [JSON.stringify(filters)]);
  return (
    <div class="logs">
      <form class="filters" onSubmit={(e) => (e.preventDefault(), setFilters({ ...draft }))}>
        {FILTERS.map((f) => (
          <input key={f} name={f} placeholder={f === 'q' ? 'search' : f} value={draft[f] ?? ''} onInput={(e) => setDraft({ ...draft, [f]: e.currentTarget.value })} />
        ))}
        <button type="submit">Filter</button>
      </form>
      {error && <p class="error" role="alert">{error}</p>}
      <table class="log-table">
        <thead><tr><th>Time</th><th>Route</th><th>Caller</th><th>Model</th><th>Status</th><th>Latency</th></tr></thead>
        <tbody>
          {data?.data.map((r) => (
            <tr key={r.id} data-request-id={r.request_id} class={r.status >= 400 ? 'failed' : ''} onClick={() => setOpen(r.request_id)}>
              <td>{time(r.time)}</td><td>{r.route}</td><td>{r.principal ?? '–'}</td><td>{r.provider ? `${r.provider}/${r.model}` : r.model_requested ?? '–'}</td><td>{r.status}</td><td>{ms(r.latency_ms)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {data && data.data.length === 0 && <p class="empty">No requests match.</p>}
      {open && <Detail id={open} onClose={() => setOpen(undefined)} />}
    </div>
  );
}
