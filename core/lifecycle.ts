// Hooks outside the chain: plugins that must see every answer (logging,
// metrics), including the ones refused before a context existed, register
// here. Hook failures are logged and never reach the client.
import type { GatewayContext } from './context.js';
import type { GatewayError } from './errors.js';
import type { Logger } from './logger.js';
import type { RealtimeUsageRecord } from './realtime/usage.js';

/**
 * What a route is for, so hooks need not know route names: `probe` (health,
 * readiness, metrics, the OpenAPI document: polled, not worth an info line),
 * `api` (the work), `admin` (operators' routes).
 */
export type RouteKind = 'probe' | 'api' | 'admin';

/** One finished exchange: an HTTP answer, or a background job's end. */
export interface ResponseRecord {
  requestId: string;
  /** Route name ("transcription", "speech", …) or "unknown". */
  route: string;
  /** Absent means `api`. */
  routeKind?: RouteKind;
  method: string;
  path: string;
  status: number;
  durationMs: number;
  /** The OpenTelemetry trace the exchange was recorded in (telemetry.otlp_endpoint set). */
  traceId?: string;
  /** From arrival until the answer started (the chain done): the part the gateway and provider spent before the first byte. */
  readyMs?: number;
  bytesIn: number;
  bytesOut: number;
  /** True when the client went away before the answer was complete. */
  aborted: boolean;
  error?: GatewayError;
  /** Absent when the request was refused before it was parsed. */
  ctx?: GatewayContext;
  /** A realtime session's usage and end (route "realtime"; one record per session). */
  realtime?: RealtimeUsageRecord;
}

export type ResponseHook = (record: ResponseRecord) => void;

/** What a finished exchange's reporter knows: its times as performance.now() readings, not yet durations. */
export type ExchangeInit = Omit<ResponseRecord, 'durationMs' | 'readyMs'> & { startedAt: number; readyAt?: number };

/** The one way a response record is built (HTTP answers, unmatched routes, background jobs): durations measured now. */
export function exchangeRecord({ startedAt, readyAt, ...rest }: ExchangeInit): ResponseRecord {
  return { ...rest, durationMs: performance.now() - startedAt, ...(readyAt === undefined ? {} : { readyMs: readyAt - startedAt }) };
}
export type CloseHook = () => Promise<void> | void;

export class Lifecycle {
  private readonly responseHooks: ResponseHook[] = [];
  private readonly closeHooks: CloseHook[] = [];
  private readonly drainHooks: CloseHook[] = [];
  private drainingNow = false;

  constructor(private readonly logger: Logger) {}

  onResponse(hook: ResponseHook): void {
    this.responseHooks.push(hook);
  }

  /** Runs at shutdown, after the server stops accepting, in reverse order of registration. */
  onClose(hook: CloseHook): void {
    this.closeHooks.push(hook);
  }

  /**
   * Runs when shutdown begins, before the listener closes: /ready already
   * answers 503 and requests are still served (async-job stops taking jobs
   * and lets running ones finish or hands them to other instances).
   */
  onDrain(hook: CloseHook): void {
    this.drainHooks.push(hook);
  }

  /** True once shutdown began. */
  get draining(): boolean {
    return this.drainingNow;
  }

  async drain(): Promise<void> {
    this.drainingNow = true;
    await Promise.all(
      this.drainHooks.map(async (hook) => {
        try {
          await hook();
        } catch (err) {
          this.logger.error({ err }, 'a drain hook failed');
        }
      }),
    );
  }

  responded(record: ResponseRecord): void {
    for (const hook of this.responseHooks) {
      try {
        hook(record);
      } catch (err) {
        this.logger.error({ err, requestId: record.requestId }, 'a response hook failed');
      }
    }
  }

  async close(): Promise<void> {
    for (const hook of [...this.closeHooks].reverse()) {
      try {
        await hook();
      } catch (err) {
        this.logger.error({ err }, 'a close hook failed');
      }
    }
  }
}
