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

// The gateway's own errors say whose problem they are (GatewayError.scope):
// the way to the provider (retry), this target alone (fall back), or the
// request (stop). No vendor's codes are named here.
export function verdictFor(err: GatewayError): Verdict {
  if (!err.fromProvider) {
    if (err.scope === 'upstream') return 'retry';
    return err.scope === 'target' ? 'fallback' : 'stop';
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
