// GET /v1/async/audio/{kind}/{job_id}[/content]: the job as its owner (or an
// admin) may see it; 404 for an unknown, expired, other-kind or other
// caller's job alike, so ids reveal nothing. /content streams a finished
// speech job's audio as the sync route would have.
import { Readable } from 'node:stream';
import type { GatewayContext } from '../../core/kit.js';
import { GatewayError, notFound } from '../../core/kit.js';
import type { GatewayResult, RequestType, SpeechFormat } from '../../core/kit.js';
import { storeUnavailable } from './failures.js';
import type { JobRecord as Rec } from './record.js';

/** Where lookups read jobs: the memory JobStore, or Redis records. */
export interface JobReader {
  get(id: string): Promise<Rec | undefined>;
  getAudio(id: string): Promise<readonly Buffer[] | undefined>;
}
import { isActive, publicJob, type JobRecord } from './record.js';
import { jobJsonWithAudio } from './audio-json.js';

export const JOB_ID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const POLL_AFTER_S = '1';

export const ownerOf = (ctx: GatewayContext): string => ctx.principal?.id ?? 'public';

async function find(ctx: GatewayContext, jobs: JobReader, kind: RequestType, id: string, retryAfterS: number): Promise<JobRecord> {
  const missing = () => notFound('job_not_found', `No async ${kind} job "${id.slice(0, 64)}" for this caller: the id is wrong, the result expired, or another key submitted it.`);
  if (!JOB_ID_PATTERN.test(id)) throw missing();
  let job: JobRecord | undefined;
  try {
    job = await jobs.get(id);
  } catch {
    throw storeUnavailable(retryAfterS);
  }
  if (!job || job.kind !== kind || (job.owner !== ownerOf(ctx) && !ctx.principal?.isAdmin)) throw missing();
  return job;
}

interface SpeechJobResult {
  /** Set on records of earlier versions, which kept the audio inside the record. */
  audio?: string;
  audio_bytes?: number;
  content_type?: string;
  response_format?: SpeechFormat;
  extra_fields?: { provider?: string; model_requested?: string };
}

export async function lookupJob(ctx: GatewayContext, jobs: JobReader, kind: RequestType, id: string, content: boolean, retryAfterS: number): Promise<GatewayResult> {
  const job = await find(ctx, jobs, kind, id, retryAfterS);
  if (isActive(job)) {
    ctx.responseHeaders['retry-after'] = POLL_AFTER_S;
    return { type: 'json', status: 202, body: publicJob(job) };
  }
  const result = job.result as SpeechJobResult | undefined;
  const storedAudio = job.status === 'completed' && kind === 'speech' && typeof result?.audio_bytes === 'number' ? await audioOf(jobs, job, retryAfterS) : undefined;
  if (!content) {
    if (!storedAudio || !result) return { type: 'json', status: 200, body: publicJob(job) };
    // The documented shape carries the audio as base64: held as bytes, it is encoded as the answer streams.
    const { result: _stored, ...view } = publicJob(job);
    return {
      type: 'speech',
      format: result.response_format ?? 'mp3',
      contentType: 'application/json; charset=utf-8',
      audio: jobJsonWithAudio(view, withoutSize(result), storedAudio),
      servedBy: { provider: '', model: '', latencyMs: 0 },
    };
  }
  if (job.status === 'failed') return { type: 'json', status: job.status_code ?? 500, body: job.error };
  const audio = storedAudio ?? (typeof result?.audio === 'string' ? [Buffer.from(result.audio, 'base64')] : undefined);
  if (!audio || !result?.content_type || !result.response_format) {
    // A with_timestamps job answered JSON: there is no raw audio to stream.
    throw new GatewayError({ status: 409, type: 'invalid_request_error', code: 'no_audio_content', message: 'This job answered JSON (with_timestamps); GET the job itself for its result.' });
  }
  return {
    type: 'speech',
    format: result.response_format,
    contentType: result.content_type,
    audio: Readable.from(audio, { objectMode: false }),
    servedBy: { provider: result.extra_fields?.provider ?? '', model: result.extra_fields?.model_requested ?? '', latencyMs: 0 },
  };
}

const withoutSize = ({ audio_bytes: _size, ...rest }: SpeechJobResult): Omit<SpeechJobResult, 'audio_bytes'> => rest;

async function audioOf(jobs: JobReader, job: JobRecord, retryAfterS: number): Promise<readonly Buffer[]> {
  let audio: readonly Buffer[] | undefined;
  try {
    audio = await jobs.getAudio(job.id);
  } catch {
    throw storeUnavailable(retryAfterS);
  }
  // The record outlived its audio by a moment (both expire together): the result has expired.
  if (!audio) throw notFound('job_not_found', `The result of async speech job "${job.id}" has expired.`);
  return audio;
}
