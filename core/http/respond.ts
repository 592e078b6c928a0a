// Writes what the chain produced: JSON with extra_fields, plain text for
// text/srt/vtt (as OpenAI answers, so SDKs get a string), audio streamed with
// back-pressure, or the error body. Written with node's own response API:
// no ETag hashing or re-serialisation on the hot path.
import type { ServerResponse } from 'node:http';
import type { Readable } from 'node:stream';
import type { GatewayContext } from '../context.js';
import type { GatewayError } from '../errors.js';
import { JsonPayload } from '../json-payload.js';
import type { GatewayResult, ProviderResult } from '../types.js';
import { errorBody, type ErrorScope } from './error-body.js';
import { writeEventStream } from './event-stream.js';
import { BF_HEADERS, bfHeader } from '../bifrost-names.js';

const JSON_TYPE = 'application/json; charset=utf-8';
const TEXT_TYPE = 'text/plain; charset=utf-8';

/** The extra_fields of an answer: what served it, and what plugins added. */
export function answerExtraFields(ctx: GatewayContext, result: ProviderResult): Record<string, unknown> {
  const { servedBy } = result;
  return {
    request_type: ctx.request.type,
    provider: servedBy.provider,
    model_requested: servedBy.model,
    ...(servedBy.deployment ? { model_deployment: servedBy.deployment } : {}),
    latency: servedBy.latencyMs,
    ...ctx.extraFields,
  };
}

// Header values must be single-line Latin-1: JSON with everything else escaped.
const headerValue = (value: unknown): string =>
  (typeof value === 'string' ? value : JSON.stringify(value)).replace(/[^\x20-\x7e]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);

/**
 * For answers that are not JSON (text, subtitles, audio), what served them
 * and every extra field travel as headers: x-bf-provider, x-bf-model,
 * x-bf-latency-ms, x-bf-cache-debug, x-bf-attempts, …
 */
function extraHeaders(ctx: GatewayContext, result: ProviderResult): Record<string, string> {
  const { servedBy } = result;
  const headers: Record<string, string> = {
    [BF_HEADERS.provider]: headerValue(servedBy.provider),
    [BF_HEADERS.model]: headerValue(servedBy.model),
    [BF_HEADERS.latencyMs]: String(servedBy.latencyMs),
  };
  if (servedBy.deployment) headers[BF_HEADERS.modelDeployment] = headerValue(servedBy.deployment);
  for (const [key, value] of Object.entries(ctx.extraFields)) {
    if (value !== undefined) headers[bfHeader(key.replace(/_/g, '-'))] = headerValue(value);
  }
  return headers;
}

function sendBody(res: ServerResponse, status: number, type: string, body: string, headers: Record<string, string>): undefined {
  res.writeHead(status, { ...headers, 'content-type': type, 'content-length': Buffer.byteLength(body) });
  res.end(body);
  return undefined;
}

/**
 * Audio to the client with back-pressure (pipe), ending the answer; if either
 * side fails, the other is destroyed too. (Not stream/promises pipeline: it
 * builds and aborts an AbortController, and a DOMException, per answer.)
 */
function pipeAudio(audio: Readable, res: ServerResponse): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (err: Error) => {
      res.off('close', onClose);
      res.destroy();
      reject(err);
    };
    const onClose = () => {
      audio.off('error', onError);
      if (res.writableFinished) return resolve();
      // The client left first: stop the upstream.
      audio.destroy();
      reject(new Error('the client closed the connection before the audio ended'));
    };
    audio.once('error', onError);
    res.once('close', onClose);
    audio.pipe(res);
  });
}

const SSE_HEADERS = { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache', 'x-accel-buffering': 'no' };

/**
 * Resolves when the answer is written (or the client went away mid-stream),
 * with the error that cut an event stream short, if one did.
 */
export async function sendResult(res: ServerResponse, ctx: GatewayContext, result: GatewayResult): Promise<GatewayError | undefined> {
  const base = ctx.responseHeaders;
  switch (result.type) {
    case 'stream': {
      res.writeHead(200, { ...base, ...extraHeaders(ctx, result), ...SSE_HEADERS });
      const { provider, model } = result.servedBy;
      return writeEventStream(res, result.events, { requestId: ctx.id, provider, model, requestType: result.requestType, extraFields: ctx.extraFields });
    }
    case 'json':
      return sendBody(res, result.status, JSON_TYPE, JSON.stringify(result.body), base);
    case 'transcription':
      if (result.body instanceof JsonPayload) {
        return sendBody(res, 200, JSON_TYPE, result.body.withField('extra_fields', answerExtraFields(ctx, result)), base);
      }
      return sendBody(res, 200, TEXT_TYPE, result.body, { ...base, ...extraHeaders(ctx, result) });
    case 'speech_json':
      return sendBody(res, 200, JSON_TYPE, result.body.withField('extra_fields', answerExtraFields(ctx, result)), base);
    case 'speech':
      res.writeHead(200, { ...base, ...extraHeaders(ctx, result), 'content-type': result.contentType });
      await pipeAudio(result.audio, res);
      return undefined;
  }
}

export function sendError(res: ServerResponse, err: GatewayError, scope: ErrorScope, headers: Record<string, string> = {}): void {
  if (res.headersSent) {
    // Mid-stream: the status line is gone, so the only honest signal is a cut connection.
    res.destroy();
    return;
  }
  sendBody(res, err.status, JSON_TYPE, JSON.stringify(errorBody(err, scope)), { ...headers, ...err.headers });
}
