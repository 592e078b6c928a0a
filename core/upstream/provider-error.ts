// A provider's error answer as a GatewayError: the upstream status, the
// vendor's own message (with any key it echoes scrubbed), Retry-After kept,
// and is_bifrost_error false so clients can tell whose error it is.
import { GatewayError } from '../errors.js';
import type { ProviderCall } from '../provider.js';
import { headerValue, type UpstreamResponse } from './http.js';
import { upstreamBadAnswer } from './network-errors.js';
import { scrubDeep, scrubSecrets } from './scrub.js';

export { scrubSecrets } from './scrub.js';

/** A vendor field as text: strings and numbers kept, anything else (objects, null) dropped. */
const str = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : typeof value === 'number' ? String(value) : undefined);

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

// 5xx statuses with a registered meaning; any other (599, a CDN's 52x) says nothing a client can act on.
const KNOWN_5XX = new Set([500, 501, 502, 503, 504, 505, 506, 507, 508, 510, 511]);

/** An upstream status outside 100–599, or a 5xx nobody registered: the gateway's 502, naming the status. */
export function unclassifiableStatus(provider: string, status: number): GatewayError | undefined {
  if (status >= 100 && status <= 599 && (status < 500 || KNOWN_5XX.has(status))) return undefined;
  return upstreamBadAnswer(provider, `status ${status}, which the gateway cannot classify`);
}

export function providerError(call: ProviderCall, res: Pick<UpstreamResponse, 'status' | 'headers'>, detail: VendorErrorDetail): GatewayError {
  const provider = call.provider.name;
  const odd = unclassifiableStatus(provider, res.status);
  if (odd) return odd;
  const secrets = call.provider.keys.map((k) => k.value);
  const scrub = (text: string | undefined) => (text === undefined ? undefined : scrubSecrets(text, secrets));
  const retryAfter = headerValue(res.headers, 'retry-after');
  const message = scrubSecrets(str(detail.message)?.trim() || `Provider "${provider}" answered ${res.status} without an error message.`, secrets);
  return new GatewayError({
    status: res.status,
    type: scrub(str(detail.type)) || TYPE_BY_STATUS[res.status] || (res.status >= 500 ? 'upstream_error' : 'invalid_request_error'),
    code: scrub(str(detail.code)) ?? `provider_${res.status}`,
    message,
    param: scrub(str(detail.param)),
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
    // Every string of the vendor's body is scrubbed before any field is picked out of it.
    detail = extract(scrubDeep(JSON.parse(text), call.provider.keys.map((k) => k.value)));
  } catch {
    const excerpt = scrubSecrets(text, call.provider.keys.map((k) => k.value)).replace(/<[^>]*>/g, ' ').replace(/\s+/g, ' ').trim().slice(0, 200);
    detail = { message: `Provider "${call.provider.name}" answered ${res.status}${excerpt ? `: ${excerpt}` : ' with an empty body'}` };
  }
  throw providerError(call, res, detail ?? {});
}
