// Which failures are worth another try, and where. The rule: retry or fall
// back when another attempt (or another provider) may not share the problem;
// stop when the request itself is at fault or nobody is waiting any more.
import type { GatewayError } from '../../core/kit.js';

export type Verdict =
  /** Try the same provider again (with backoff), then fall back. */
  | 'retry'
  /** Skip further tries at this provider; fall back to the next. */
  | 'fallback'
  /** Answer this error now. */
  | 'stop';

// Gateway-side refusals about one provider that another may not have.
const PROVIDER_SPECIFIC_CODES = new Set(['unsupported_by_provider', 'model_not_deployed', 'provider_key_missing', 'deployment_not_configured']);
const NETWORK_CODES = new Set(['upstream_timeout', 'upstream_unreachable', 'upstream_invalid_response']);

export function verdictFor(err: GatewayError): Verdict {
  if (err.code === 'client_closed_request') return 'stop';
  if (!err.fromProvider) {
    if (NETWORK_CODES.has(err.code)) return 'retry';
    return PROVIDER_SPECIFIC_CODES.has(err.code) ? 'fallback' : 'stop';
  }
  const { status } = err;
  if (status >= 500 || status === 408 || status === 409 || status === 429) return 'retry';
  // Credentials, quota, permissions, or a model this provider lacks: another provider may be fine.
  if (status === 401 || status === 402 || status === 403 || status === 404) return 'fallback';
  // 400, 413, 415, 422 and the rest: the provider blames the request; so would the next one.
  return 'stop';
}

/** On 429 and 401 the next try uses the provider's next key, when it has one. */
export const rotatesKey = (err: GatewayError): boolean => err.fromProvider && (err.status === 429 || err.status === 401);
