// Async jobs as their log records tell them: submitted, completed or failed;
// a row opens the job as the job store holds it now (progress, webhooks).
import { useState } from 'preact/hooks';
import { call, type Job } from './api';
import { JobDetail } from './job-detail';
import { ms, usePoll } from './poll';

export function Jobs() {
  const [open, setOpen] = useState<string>();
  const { data, error } = usePoll(() => call<{ data: Job[] }>('/admin/jobs', { limit: '100' }), [], 2000);
  return (
    <div class="jobs">
      <h2>Async jobs</h2>
      {error && <p class="error" role="alert">{error}</p>}
      <table>
        <thead><tr><th>Job</th><th>State</th><th>Caller</th><th>Model</th><th>Submitted</th><th>Finished</th><th>Run time</th><th>Error</th></tr></thead>
        <tbody>
          {data?.data.map((j) => (
            <tr key={j.job_id} data-job-id={j.job_id} class={j.state === 'failed' ? 'failed' : ''} onClick={() => setOpen(j.job_id)}>
              <td class="mono">{j.job_id}</td><td>{j.state}</td><td>{j.principal ?? '–'}</td><td>{j.model ?? '–'}</td><td>{j.submitted_at ?? '–'}</td><td>{j.finished_at ?? '–'}</td><td>{ms(j.run_ms)}</td><td>{j.error_code ?? ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {data && data.data.length === 0 && <p class="empty">No async jobs in the log.</p>}
      {open && <JobDetail id={open} onClose={() => setOpen(undefined)} />}
    </div>
  );
}
