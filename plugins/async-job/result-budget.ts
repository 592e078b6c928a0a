// How much finished results may hold in the store: per submitting principal
// (max_result_mb_per_key) and in total (max_stored_results_mb). Held bytes
// are counters in the shared store, so every instance sees the same totals;
// a result's bytes are given back when it expires (by the instance that
// stored it). Past a budget new submits are refused (429 for one key's
// budget, 503 for the total) with Retry-After, never an out-of-memory crash.
import { GatewayError, serviceUnavailable } from '../../core/kit.js';
import type { Store } from '../../core/kit.js';

const OWNER_KEY = (owner: string) => `async-results:owner:${owner}`;
const TOTAL_KEY = 'async-results:total';
const MB = 1024 * 1024;

interface Held {
  owner: string;
  bytes: number;
  expiresAt: number;
}

export interface ResultBudgetOptions {
  max_result_mb_per_key: number;
  max_stored_results_mb: number;
  max_ttl_s: number;
  retry_after_s: number;
}

export class ResultBudget {
  private readonly perKey: number;
  private readonly total: number;
  /** Results this instance stored, until they expire. */
  private held: Held[] = [];
  /** The largest result stored here so far: a submit is refused when one more of that size would not fit. */
  private largest = 0;

  constructor(
    private readonly store: Store,
    private readonly options: ResultBudgetOptions,
  ) {
    this.perKey = options.max_result_mb_per_key * MB;
    this.total = options.max_stored_results_mb * MB;
  }

  // The counters outlive any result they count: a window of the longest TTL, extended by every change.
  private get counter() {
    return { windowMs: this.options.max_ttl_s * 1000 + 60_000, slide: true };
  }

  /** Refuses a submit while the caller's results, or everyone's, fill their budget. */
  async admit(owner: string): Promise<void> {
    // A job is refused up front when its result could not be stored, rather than run and then dropped.
    const mine = await this.store.increment(OWNER_KEY(owner), 0, this.counter);
    if (mine.value >= this.perKey || (mine.value > 0 && mine.value + this.largest > this.perKey)) throw this.keyFull(owner, mine.value);
    const all = await this.store.increment(TOTAL_KEY, 0, this.counter);
    if (all.value >= this.total || (all.value > 0 && all.value + this.largest > this.total)) throw this.storageFull(all.value);
  }

  /** Takes `bytes` of both budgets for a result that lives until `expiresAt`; refuses what would not fit. */
  async reserve(owner: string, bytes: number, expiresAt: number): Promise<void> {
    const mine = await this.store.increment(OWNER_KEY(owner), bytes, { ...this.counter, cap: this.perKey });
    if (!mine.applied) throw this.keyFull(owner, mine.value);
    const all = await this.store.increment(TOTAL_KEY, bytes, { ...this.counter, cap: this.total });
    if (!all.applied) {
      await this.store.increment(OWNER_KEY(owner), -bytes, this.counter);
      throw this.storageFull(all.value);
    }
    this.held.push({ owner, bytes, expiresAt });
    this.largest = Math.max(this.largest, bytes);
  }

  /** Gives back the bytes of results that have expired; run on the sweep. */
  async releaseExpired(now = Date.now()): Promise<void> {
    const expired = this.held.filter((h) => h.expiresAt <= now);
    if (expired.length === 0) return;
    this.held = this.held.filter((h) => h.expiresAt > now);
    for (const h of expired) {
      await this.store.increment(OWNER_KEY(h.owner), -h.bytes, this.counter);
      await this.store.increment(TOTAL_KEY, -h.bytes, this.counter);
    }
  }

  /** Seconds until one of the owner's results (or any) held here expires; the configured wait when none is. */
  private retryAfterS(owner?: string): number {
    const now = Date.now();
    let soonest = Number.POSITIVE_INFINITY;
    for (const h of this.held) if (owner === undefined || h.owner === owner) soonest = Math.min(soonest, h.expiresAt);
    return Number.isFinite(soonest) ? Math.max(1, Math.ceil((soonest - now) / 1000)) : this.options.retry_after_s;
  }

  private keyFull(owner: string, held: number): GatewayError {
    return new GatewayError({
      status: 429,
      type: 'rate_limit_error',
      code: 'result_budget_exceeded',
      message: `This caller's finished async results hold ${Math.round(held / MB)} MB, the ${this.options.max_result_mb_per_key} MB allowed (async-job max_result_mb_per_key); wait for some to expire, or submit with a shorter x-bf-async-job-result-ttl.`,
      headers: { 'retry-after': String(this.retryAfterS(owner)) },
    });
  }

  private storageFull(held: number): GatewayError {
    return serviceUnavailable(
      'result_storage_full',
      `Finished async results hold ${Math.round(held / MB)} MB, all the gateway may store (async-job max_stored_results_mb); retry later, or use the sync route.`,
      this.retryAfterS(),
    );
  }
}
