// A store outage is logged loudly (error level) but once per interval, with
// a count of what was passed over, so a dead Redis does not flood the log.
import type { Logger } from '../../core/kit.js';
import type { StoreErrorPolicy } from './options.js';

export class StoreFailureLog {
  private lastLogged = -Infinity;
  private unlogged = 0;

  constructor(
    private readonly logger: Logger,
    private readonly policy: StoreErrorPolicy,
    private readonly intervalMs = 10_000,
  ) {}

  report(err: unknown): void {
    const now = Date.now();
    if (now - this.lastLogged < this.intervalMs) {
      this.unlogged++;
      return;
    }
    const action = this.policy === 'allow' ? 'letting requests through unlimited (on_store_error: allow)' : 'refusing requests with 503 (on_store_error: refuse)';
    this.logger.error({ err: err instanceof Error ? err.message : String(err), policy: this.policy, failures_since_last_log: this.unlogged }, `rate-limit store unreachable: ${action}`);
    this.lastLogged = now;
    this.unlogged = 0;
  }
}
