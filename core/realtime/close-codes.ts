// The close codes a realtime session ends with, each saying why (RFC 6455
// and the IANA registry); the close reason names the limit or the failure.
import type { GatewayError } from '../errors.js';
import type { RealtimeUsageRecord } from './usage.js';

export const CLOSE = Object.freeze({
  normal: 1000,
  /** The gateway is shutting down (after the drain deadline). */
  goingAway: 1001,
  /** A limit: realtime.max_session_s, realtime.idle_timeout_s, a budget. */
  policy: 1008,
  /** The upstream failed and no fallback could take over. */
  upstreamFailed: 1014,
  /** A side did not keep up: more than realtime.max_buffer_kb waited for it. */
  backPressure: 1013,
});

/** What the session reports when it ends: its usage record, the error that ended it, and who closed. */
export interface SessionEnd {
  usage: RealtimeUsageRecord;
  error?: GatewayError;
  clientClosed: boolean;
}
