// Async jobs as the log store knows them: the submit (202, with the job id)
// and, once it ran, the job's end (its status and error). Newest first.
import type { LogRecord } from './store/record.js';

export interface JobView {
  job_id: string;
  request_id: string;
  /** submitted: accepted and not finished yet (pending or processing); completed or failed once it ran. */
  state: 'submitted' | 'completed' | 'failed';
  route: string;
  principal: string | null;
  model: string | null;
  submitted_at: string | null;
  finished_at: string | null;
  status: number | null;
  error_code: string | null;
  run_ms: number | null;
}

export function jobsOf(records: readonly LogRecord[]): JobView[] {
  const jobs = new Map<string, JobView>();
  for (const r of records) {
    if (r.job_id === null) continue;
    const job = jobs.get(r.job_id) ?? { job_id: r.job_id, request_id: r.request_id, state: 'submitted', route: r.route, principal: r.principal, model: r.model_requested, submitted_at: null, finished_at: null, status: null, error_code: null, run_ms: null };
    if (r.method === 'JOB') {
      Object.assign(job, { state: r.status < 400 ? 'completed' : 'failed', finished_at: new Date(r.time).toISOString(), status: r.status, error_code: r.error_code, run_ms: r.latency_ms });
    } else {
      Object.assign(job, { submitted_at: new Date(r.time).toISOString(), route: r.route });
    }
    jobs.set(r.job_id, job);
  }
  return [...jobs.values()];
}
