// One job as the job store holds it now (GET /admin/jobs/{id}): its state,
// chunk progress, worker attempts, webhook deliveries and error. Polled every
// second while it runs, every five once it has ended.
import { call, type JobDetail as Detail } from './api';
import { usePoll } from './poll';

function Progress({ done, total }: { done: number; total: number }) {
  return (
    <span class="progress">
      <progress max={total} value={done} /> {done} of {total} chunks
    </span>
  );
}

function Webhook({ job }: { job: Detail }) {
  if (!job.webhook) return <>{job.webhook_url_set ? 'not tried yet' : 'none requested (no x-bf-webhook-url)'}</>;
  const { attempts, last_status, delivered_at } = job.webhook;
  const answered = last_status === 0 ? 'no answer' : `last answer ${last_status}`;
  return <>{delivered_at ? `delivered ${delivered_at}` : 'not delivered'} · {attempts} {attempts === 1 ? 'attempt' : 'attempts'} · {answered}</>;
}

export function JobDetail({ id, onClose }: { id: string; onClose: () => void }) {
  const { data: job, error } = usePoll(() => call<Detail>(`/admin/jobs/${encodeURIComponent(id)}`), [id], 1000);
  return (
    <aside class="detail job-detail" aria-label="job detail">
      <button class="close" onClick={onClose}>×</button>
      <h2>Job {id}</h2>
      {error && <p class="error">{error}</p>}
      {job && (
        <dl>
          <dt>State</dt><dd class="state">{job.status}{job.status_code ? ` · ${job.status_code}` : ''}</dd>
          <dt>Progress</dt><dd>{job.progress ? <Progress done={job.progress.chunks_done} total={job.progress.chunks_total} /> : 'one piece (not split)'}</dd>
          <dt>Kind</dt><dd>{job.kind}</dd>
          <dt>Caller</dt><dd>{job.owner}</dd>
          <dt>Created</dt><dd>{job.created_at}</dd>
          <dt>Finished</dt><dd>{job.completed_at ?? '–'}</dd>
          <dt>Expires</dt><dd>{job.expires_at ?? '–'}</dd>
          <dt>Runs</dt><dd>{job.attempts ?? (job.status === 'pending' ? 0 : 1)} · instance {job.instance}</dd>
          <dt>Webhook</dt><dd class="webhook"><Webhook job={job} /></dd>
          {job.error && (<><dt>Error</dt><dd class="error-text">{job.error.error.code}: {job.error.error.message}</dd></>)}
          {job.has_result && (<><dt>Result</dt><dd class="mono">{job.result_url}</dd></>)}
        </dl>
      )}
    </aside>
  );
}
