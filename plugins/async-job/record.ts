// The job record as stored (shared by every instance) and as clients see it.
// Metadata only: uploads and speech audio are kept as bytes beside it.
// It names its owner (a principal id such as vk:team-a), never a credential.
import type { ChunkProgress, ErrorBody, RequestType } from '../../core/kit.js';

export type JobStatus = 'pending' | 'processing' | 'completed' | 'failed';

export interface JobRecord {
  id: string;
  kind: RequestType;
  status: JobStatus;
  created_at: string;
  completed_at?: string;
  expires_at?: string;
  status_code?: number;
  result?: unknown;
  error?: ErrorBody;
  /** The principal that submitted it: only it (or an admin) may read it. */
  owner: string;
  ttl_s: number;
  /** The instance that runs it (or ran it last). */
  instance: string;
  /** How many times a worker started it (shared queue only: a lost worker's job is started again elsewhere). */
  attempts?: number;
  /** The job's own x-bf-webhook-url (checked against webhooks.allowed_hosts); never shown. */
  webhook_url?: string;
  /** Completion webhook delivery state, once one was tried. */
  webhook?: { attempts: number; last_status: number; delivered_at?: string };
  /** A long upload split into chunks: how many are transcribed so far. */
  progress?: ChunkProgress;
}

export const isActive = (job: JobRecord): boolean => job.status === 'pending' || job.status === 'processing';

/** What a client sees: the job's public fields (the Job schema in docs.ts). */
export function publicJob(job: JobRecord): Record<string, unknown> {
  const { id, status, created_at, completed_at, expires_at, status_code, result, error, attempts, webhook, progress } = job;
  const view: Record<string, unknown> = { id, status, created_at };
  if (progress !== undefined) view.progress = progress;
  if (completed_at !== undefined) view.completed_at = completed_at;
  if (expires_at !== undefined) view.expires_at = expires_at;
  if (status_code !== undefined) view.status_code = status_code;
  if (result !== undefined) view.result = result;
  if (error !== undefined) view.error = error;
  if (attempts !== undefined) view.attempts = attempts;
  if (webhook !== undefined) view.webhook = webhook;
  return view;
}

/** A finished job: stamped with its completion and expiry. */
export function finish(job: JobRecord, fields: Pick<JobRecord, 'status' | 'status_code' | 'result' | 'error'>, now = Date.now()): JobRecord {
  return {
    ...job,
    ...fields,
    completed_at: new Date(now).toISOString(),
    expires_at: new Date(now + job.ttl_s * 1000).toISOString(),
  };
}
