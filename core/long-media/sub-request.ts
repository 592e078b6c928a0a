// One chunk of a split request, run through the rest of the chain (fallback,
// logging, the provider) on a context of its own: its own target, result and
// extra fields, the parent's principal and state, and a signal that stops
// when the parent's does or a sibling chunk has failed.
import { forkContext, type GatewayContext } from '../context.js';
import { GatewayError, isGatewayError, internalError } from '../errors.js';
import type { GatewayRequest, ProviderResult } from '../types.js';
import type { Terminal } from '../chain.js';

export interface ChunkOutcome {
  result: ProviderResult;
  attempts: number;
  latencyMs: number;
}

export async function runChunk(parent: GatewayContext, request: GatewayRequest, signal: AbortSignal, rest: Terminal): Promise<ChunkOutcome> {
  const ctx: GatewayContext = { ...forkContext(parent, { signal }), request, target: { provider: request.model.provider, model: request.model.model, keyIndex: 0 } };
  const started = performance.now();
  await rest(ctx);
  const result = ctx.result;
  if (!result || result.type === 'json') throw internalError(new Error('a chunk ended without a provider result'));
  const attempts = Array.isArray(ctx.extraFields.attempts) ? ctx.extraFields.attempts.length : 1;
  return { result, attempts, latencyMs: Math.round(performance.now() - started) };
}

/** The chunk's error, saying which chunk failed; the provider's status and code kept. */
export function chunkFailed(thrown: unknown, what: string): GatewayError {
  const err = isGatewayError(thrown) ? thrown : internalError(thrown);
  return new GatewayError({
    status: err.status,
    type: err.type,
    code: err.code,
    param: err.param,
    fromProvider: err.fromProvider,
    headers: err.headers,
    message: `${what} failed, so the request fails (no partial answer): ${err.message}`,
    cause: err,
  });
}
