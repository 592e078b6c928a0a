// GET /admin/jobs/{job_id}: one job as an operator sees it, whoever submitted
// it: its state, progress, attempts, webhook deliveries and error, with whose
// job it is and which instance ran it. Not its result (a speech job's audio
// can be megabytes; the job's own route serves it) and never its webhook URL
// (it may carry a token): only whether one was set.
import { assertAdminPrincipal, notFound, type GatewayContext, type JsonResult, type RouteDoc } from '../../core/kit.js';
import { storeUnavailable } from './failures.js';
import { JOB_ID_PATTERN, type JobReader } from './lookup.js';
import { publicJob } from './record.js';

const SEGMENT = { transcription: 'transcriptions', speech: 'speech' } as const;

export const ADMIN_JOB_ROUTE = {
  name: 'admin_job',
  method: 'GET',
  paths: ['/admin/jobs/:job_id'],
  admin: true,
  doc: {
    summary: 'One async job, whoever submitted it: state, progress, attempts and webhook deliveries (admin)',
    description: 'The job without its result (GET result_url for it) and without its webhook URL (webhook_url_set says whether it had one).',
    responses: { '200': { description: 'The job', content: { 'application/json': { schema: { type: 'object' } } } } },
  } satisfies RouteDoc,
} as const;

export async function adminJob(ctx: GatewayContext, jobs: JobReader, id: string, retryAfterS: number): Promise<JsonResult> {
  assertAdminPrincipal(ctx.principal);
  const missing = () => notFound('job_not_found', `No async job "${id.slice(0, 64)}": the id is wrong, or its result expired.`);
  if (!JOB_ID_PATTERN.test(id)) throw missing();
  let job;
  try {
    job = await jobs.get(id);
  } catch {
    throw storeUnavailable(retryAfterS);
  }
  if (!job) throw missing();
  const { result, ...view } = publicJob(job);
  return {
    type: 'json',
    status: 200,
    body: {
      ...view,
      kind: job.kind,
      owner: job.owner,
      instance: job.instance,
      has_result: result !== undefined,
      result_url: `/v1/async/audio/${SEGMENT[job.kind]}/${job.id}`,
      webhook_url_set: job.webhook_url !== undefined,
    },
  };
}
