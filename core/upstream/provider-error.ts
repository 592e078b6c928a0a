// A provider's error answer as a GatewayError: the upstream status, the
// vendor's own message (with any key it echoes scrubbed), Retry-After kept,
// and is_bifrost_error false so clients can tell whose error it is.
import { GatewayError } from '../errors.js';
import type { ProviderCall } from '../provider.js';
import { headerValue, type UpstreamResponse } from './http.js';

export interface VendorErrorDetail {
  message?: string;
  type?: string;
  code?: string | number | null;
  param?: string | null;
}

const MAX_ERROR_BYTES = 64 * 1024;

const TYPE_BY_STATUS: Readonly<Record<number, string>> = {
  400: 'invalid_request_error',
  401: 'authentication_error',
  402: 'insufficient_quota',
  403: 'permission_error',
  404: 'not_found_error',
  408: 'timeout_error',
  409: 'conflict_error',
  413: 'invalid_request_error',
  415: 'invalid_request_error',
  422: 'invalid_request_error',
  429: 'rate_limit_error',
};

/** Removes the provider key, and anything shaped like an API key, from vendor text. */
export function scrubSecrets(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) if (secret.length >= 6) out = out.split(secret).join('[redacted]');
  return out.replace(/\b(sk|xi|key)-[A-Za-z0-9*_-]{6,}/g, '$1-[redacted]');
}

export function providerError(call: ProviderCall, res: Pick<UpstreamResponse, 'status' | 'headers'>, detail: VendorErrorDetail): GatewayError {
  const provider = call.provider.name;
  const retryAfter = headerValue(res.headers, 'retry-after');
  const message = scrubSecrets(detail.message?.trim() || `Provider "${provider}" answered ${res.status} without an error message.`, [call.key.value]);
  return new GatewayError({
    status: res.status,
    type: detail.type || TYPE_BY_STATUS[res.status] || (res.status >= 500 ? 'upstream_error' : 'invalid_request_error'),
    code: detail.code === undefined || detail.code === null ? `provider_${res.status}` : String(detail.code),
    message,
    param: detail.param ?? undefined,
    fromProvider: true,
    headers: retryAfter ? { 'retry-after': retryAfter } : undefined,
  });
}

/**
 * Reads an error answer and throws it as a GatewayError. `extract` pulls the
 * vendor's fields from its JSON; a body that is not JSON keeps a short excerpt.
 */
export async function throwProviderError(call: ProviderCall, res: UpstreamResponse, extract: (body: unknown) => VendorErrorDetail | undefined): Promise<never> {
  let text = '';
  try {
    text = await call.http.readText(res, call.signal, MAX_ERROR_BYTES);
  } catch {
    // An unreadable or oversized error body still leaves the status to report.
  }
  let detail: VendorErrorDetail | undefined;
  try {
    detail = extract(JSON.parse(text));
  } catch {
    const excerpt = text.replace(/<[^>]*>/g, ' ').replace(/\s+/g, ' ').trim().slice(0, 200);
    detail = { message: `Provider "${call.provider.name}" answered ${res.status}${excerpt ? `: ${excerpt}` : ' with an empty body'}` };
  }
  throw providerError(call, res, detail ?? {});
}
