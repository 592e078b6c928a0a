// The one log line per request: who, what was asked, what served it, how it
// went. Built from names and numbers only: never audio, never a header, so
// never a key or token. Transcripts and speech input only when asked for.
import { ATTEMPTS, CACHE_DEBUG, COST, FALLBACK_INDEX, JOB_ID, JsonPayload, clip, type AttemptRecord, type CostRecord, type GatewayContext, type RealtimeUsageRecord, type ResponseRecord } from '../../core/kit.js';

// Client text in a line is cut to this: a line must not grow with what a client sends.
const MAX_LOGGED_CHARS = 256;
const MAX_LOGGED_MESSAGE = 1024;

export interface RequestLine {
  request_id: string;
  route: string;
  method: string;
  path: string;
  status: number;
  latency_ms: number;
  bytes_in: number;
  bytes_out: number;
  aborted?: true;
  interrupted?: true;
  principal?: string;
  principal_kind?: string;
  model_requested?: string;
  /** For requests to a plugin's own route (job lookups). */
  action?: string;
  provider?: string;
  model?: string;
  attempts?: readonly AttemptRecord[];
  fallback_index?: number;
  cache_hit?: boolean;
  job_id?: string;
  /** Usage in audio units and its price (the usage plugin's). */
  cost?: CostRecord;
  error?: { code: string; type: string; message: string; from_provider: boolean };
  input?: string;
  transcript?: string;
  /** A realtime session's usage: audio seconds, frames, close code (one line per session). */
  realtime?: RealtimeUsageRecord;
}

function transcriptOf(ctx: GatewayContext): string | undefined {
  const result = ctx.result;
  if (result?.type !== 'transcription') return undefined;
  if (result.body instanceof JsonPayload) {
    const text = result.body.value.text;
    return typeof text === 'string' ? text : undefined;
  }
  return result.body;
}

export function requestLine(record: ResponseRecord, withContent: boolean): RequestLine {
  const { ctx, error } = record;
  const line: RequestLine = {
    request_id: record.requestId,
    route: record.route,
    method: record.method,
    path: clip(record.path, MAX_LOGGED_CHARS),
    status: record.status,
    latency_ms: Math.round(record.durationMs * 10) / 10,
    bytes_in: record.bytesIn,
    bytes_out: record.bytesOut,
  };
  if (record.aborted) line.aborted = true;
  if (error) line.error = { code: clip(error.code, MAX_LOGGED_CHARS), type: clip(String(error.type), MAX_LOGGED_CHARS), message: clip(error.message, MAX_LOGGED_MESSAGE), from_provider: error.fromProvider };
  // The status line said 200, then the provider failed mid-answer: the stream was cut short.
  if (error && record.status < 400) line.interrupted = true;
  if (!ctx) return line;

  line.principal = ctx.principal?.name;
  line.principal_kind = ctx.principal?.kind;
  // Priced answers and realtime sessions alike.
  const cost = COST.get(ctx);
  if (cost !== undefined) line.cost = cost;
  const { realtime } = record;
  if (realtime) {
    line.model_requested = clip(realtime.model_requested, MAX_LOGGED_CHARS);
    if (realtime.provider !== undefined) line.provider = clip(realtime.provider, MAX_LOGGED_CHARS);
    if (realtime.model !== undefined) line.model = clip(realtime.model, MAX_LOGGED_CHARS);
    line.realtime = { ...realtime, close_reason: clip(realtime.close_reason, MAX_LOGGED_CHARS) };
    // A session ended by a limit is no provider failure.
    if (!error?.fromProvider && error?.scope !== 'upstream') delete line.interrupted;
    return line;
  }
  const { request } = ctx;
  if (request.type === 'action') {
    line.action = clip(request.action, MAX_LOGGED_CHARS);
    return line;
  }
  line.model_requested = clip(`${request.model.provider}/${request.model.model}`, MAX_LOGGED_CHARS);
  const served = ctx.result && ctx.result.type !== 'json' ? ctx.result.servedBy : undefined;
  line.provider = clip(served?.provider ?? ctx.target.provider, MAX_LOGGED_CHARS);
  line.model = clip(served?.model ?? ctx.target.model, MAX_LOGGED_CHARS);
  const attempts = ATTEMPTS.get(ctx);
  if (attempts !== undefined) line.attempts = attempts;
  const fallbackIndex = FALLBACK_INDEX.get(ctx);
  if (fallbackIndex !== undefined) line.fallback_index = fallbackIndex;
  const cache = CACHE_DEBUG.get(ctx);
  if (cache) line.cache_hit = cache.cache_hit === true;
  const jobId = JOB_ID.get(ctx);
  if (jobId !== undefined) line.job_id = jobId;
  if (withContent) {
    if (request.type === 'speech') line.input = request.input;
    else line.transcript = transcriptOf(ctx);
  }
  return line;
}
