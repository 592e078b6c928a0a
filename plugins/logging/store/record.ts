// One request's row in the log store: the log line's facts, flattened into
// the columns the query API filters on. Names and numbers only, never a
// header or a key; request and answer content only with logs.content.
import type { ResponseRecord } from '../../../core/kit.js';
import type { RequestLine } from '../line.js';

export interface LogRecord {
  /** The row's key: the request id, or "<request id>.job" for the end of the async job it started. */
  id: string;
  request_id: string;
  /** Milliseconds since the epoch, when the exchange finished. */
  time: number;
  route: string;
  method: string;
  path: string;
  status: number;
  latency_ms: number;
  /** Time the serving provider call took, when one served the answer. */
  upstream_latency_ms: number | null;
  principal: string | null;
  principal_kind: string | null;
  model_requested: string | null;
  provider: string | null;
  model: string | null;
  error_code: string | null;
  error_message: string | null;
  job_id: string | null;
  cache_hit: boolean | null;
  trace_id: string | null;
  /** USD at the price table (the usage plugin's extra_fields.cost), when the model has a price; else null. */
  cost: number | null;
  /** Everything else of the line: attempts, usage, bytes, content when kept. */
  detail: Record<string, unknown>;
}

const usageOf = (record: ResponseRecord): unknown => {
  const result = record.ctx?.result;
  if (result?.type === 'transcription' && typeof result.body !== 'string') return result.body.value.usage;
  return undefined;
};

/** The store's row for a record, from its log line (requestLine, with or without content as logs.content says). */
export function toLogRecord(record: ResponseRecord, line: RequestLine, traceId: string | undefined, now = Date.now()): LogRecord {
  const served = record.ctx?.result && record.ctx.result.type !== 'json' ? record.ctx.result.servedBy : undefined;
  const { request_id, route, method, path, status, latency_ms, principal, principal_kind, model_requested, provider, model, error, job_id, cache_hit, cost, ...rest } = line;
  const detail: Record<string, unknown> = { ...rest };
  const usage = usageOf(record);
  if (usage !== undefined) detail.usage = usage;
  if (error) detail.error = error;
  if (cost) detail.cost = cost;
  const request = record.ctx?.request;
  if (request?.type === 'speech') detail.characters = request.input.length;
  if (request?.type === 'transcription') detail.audio_bytes = request.file.size;
  return {
    id: method === 'JOB' ? `${request_id}.job` : request_id,
    request_id,
    time: now,
    route,
    method,
    path,
    status,
    latency_ms,
    upstream_latency_ms: served ? served.latencyMs : null,
    principal: principal ?? null,
    principal_kind: principal_kind ?? null,
    model_requested: model_requested ?? null,
    provider: provider ?? null,
    model: model ?? null,
    error_code: error?.code ?? null,
    error_message: error?.message ?? null,
    job_id: typeof job_id === 'string' ? job_id : null,
    cache_hit: cache_hit ?? null,
    trace_id: traceId ?? null,
    cost: cost?.priced ? cost.usd : null,
    detail,
  };
}
