// What went wrong on the way to a provider, as a GatewayError: the client's
// own hang-up, a timeout (504) or an unreachable/broken upstream (502).
import { GatewayError, clientClosed, isGatewayError } from '../errors.js';

const TIMEOUT_CODES = new Set(['UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'UND_ERR_CONNECT_TIMEOUT', 'ETIMEDOUT']);

export const upstreamTimeout = (provider: string, seconds: number): GatewayError =>
  new GatewayError({
    status: 504,
    type: 'timeout_error',
    code: 'upstream_timeout',
    scope: 'upstream',
    message: `Provider "${provider}" did not answer within ${seconds} s; try again, add fallbacks, or raise the provider's timeout_s.`,
  });

export const upstreamUnreachable = (provider: string, detail: string): GatewayError =>
  new GatewayError({
    status: 502,
    type: 'upstream_error',
    code: 'upstream_unreachable',
    scope: 'upstream',
    message: `Provider "${provider}" could not be reached or broke off the answer (${detail}).`,
  });

export const upstreamBadAnswer = (provider: string, detail: string): GatewayError =>
  new GatewayError({
    status: 502,
    type: 'upstream_error',
    code: 'upstream_invalid_response',
    scope: 'upstream',
    message: `Provider "${provider}" sent an answer the gateway cannot read (${detail}).`,
  });

/** Turns anything thrown by an upstream call into the GatewayError the client should see. */
export function mapNetworkError(err: unknown, provider: string, timeoutS: number, signal: AbortSignal): GatewayError {
  if (signal.aborted) return isGatewayError(signal.reason) ? signal.reason : clientClosed();
  if (isGatewayError(err)) return err;
  const code = (err as { code?: string } | null)?.code ?? '';
  if (TIMEOUT_CODES.has(code)) return upstreamTimeout(provider, timeoutS);
  return upstreamUnreachable(provider, code || (err as Error)?.message || 'unknown error');
}
