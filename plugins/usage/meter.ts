// One request's meter (the kit's UsageMeter): holds estimates against the
// caller's budgets, settles them to the priced usage, and counts that usage
// in the reports and metrics. The usage plugin makes one per request and puts
// it on the context (USAGE_METER) for plugins after it that meter their own
// calls.
import type { CostRecord, Logger, PricedTarget, UsageMeter, UsageUnits } from '../../core/kit.js';
import type { UsageAggregates } from './aggregates.js';
import { type Amounts, type BudgetLedger, type BudgetScope, type Held } from './ledger.js';
import type { UsageMetrics } from './metrics.js';
import { costOf, type PriceTable } from './prices.js';
import { budgetExceeded, budgetStoreUnavailable } from './refusals.js';

export interface Caller {
  /** The name reports and metrics use: a virtual key's name, an admin's, "anonymous". */
  key: string;
  team: string;
  principalId: string;
  /** A bounded metric label for the caller. */
  label: string;
}

export interface MeterDeps {
  ledger: BudgetLedger;
  prices: PriceTable;
  aggregates: UsageAggregates;
  metrics: UsageMetrics;
  storeErrors: StoreErrorLog;
  onStoreError: 'allow' | 'refuse';
}

/** A store outage fails every request's bookkeeping: said at error level at most every 10 s, with the count passed over. */
export class StoreErrorLog {
  private last = 0;
  private passed = 0;

  constructor(private readonly logger: Logger) {}

  report(what: string, err: unknown): void {
    const now = Date.now();
    if (now - this.last < 10_000) {
      this.passed += 1;
      return;
    }
    this.logger.error({ err: err instanceof Error ? err.message : String(err), passed_over: this.passed }, `${what}: the store is unreachable`);
    this.last = now;
    this.passed = 0;
  }
}

/** What the units cost at the dearest of the targets (the fallbacks a request may end on), for the reservation. */
function estimatedAmounts(prices: PriceTable, units: UsageUnits, targets: readonly PricedTarget[]): Amounts {
  const usd = Math.max(0, ...targets.map((t) => costOf(units, prices.priceOf(t)) ?? 0));
  return { usd, audio_seconds: units.audio_seconds ?? 0, characters: units.characters ?? 0 };
}

export class RequestMeter implements UsageMeter {
  private held: Held[] = [];

  constructor(
    private readonly deps: MeterDeps,
    private readonly caller: Caller,
    private readonly scopes: readonly BudgetScope[],
  ) {}

  get budgeted(): boolean {
    return this.scopes.length > 0;
  }

  async reserve(units: UsageUnits, targets: readonly PricedTarget[]): Promise<void> {
    if (this.scopes.length === 0) return;
    let outcome: Awaited<ReturnType<BudgetLedger['reserve']>>;
    try {
      outcome = await this.deps.ledger.reserve(this.scopes, estimatedAmounts(this.deps.prices, units, targets));
    } catch (err) {
      this.deps.storeErrors.report('cannot reserve against a budget', err);
      if (this.deps.onStoreError === 'refuse') throw budgetStoreUnavailable();
      return;
    }
    if ('refused' in outcome) {
      this.deps.metrics.refused(outcome.refused.scope.kind);
      throw budgetExceeded(outcome.refused);
    }
    this.held.push(...outcome.held);
  }

  /** Would `units` fit now? Checked at an async job's submission, holding nothing (the job reserves when it runs). */
  async check(units: UsageUnits, targets: readonly PricedTarget[]): Promise<void> {
    await this.reserve(units, targets);
    await this.release();
  }

  async settle(units: UsageUnits, servedBy: PricedTarget): Promise<CostRecord> {
    const cost = this.deps.prices.cost(units, servedBy);
    const held = this.held;
    this.held = [];
    this.deps.metrics.count(this.caller.label, servedBy, cost);
    try {
      // Unknown stays as held: an unpriced model keeps its estimate in a max_usd budget, an unmeasured upload its size's.
      await this.deps.ledger.settle(held, { ...(cost.priced ? { usd: cost.usd } : {}), ...(cost.audio_seconds === undefined ? {} : { audio_seconds: cost.audio_seconds }), characters: cost.characters ?? 0 });
      await this.deps.aggregates.record(this.caller, servedBy, cost);
    } catch (err) {
      this.deps.storeErrors.report('cannot record usage', err);
    }
    return cost;
  }

  async release(): Promise<void> {
    const held = this.held;
    this.held = [];
    try {
      await this.deps.ledger.release(held);
    } catch (err) {
      this.deps.storeErrors.report('cannot give back a budget reservation', err);
    }
  }
}
