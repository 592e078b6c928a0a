// The usage plugin: every answer's usage in audio units (seconds, characters,
// tokens) priced at the model that served it, budgets per key and per team
// held by reserve-then-settle in the shared store, and the usage reports.
// It sits after async-job (a job's cost counts when the job runs, and its
// reservation is given back if the job fails) and before cache and fallback
// (a fallback is priced at what served it; a cache hit costs nothing).
import {
  BF_HEADERS,
  CACHE_DEBUG,
  COST,
  USAGE_METER,
  assertAdminPrincipal,
  definePlugin,
  isGatewayError,
  isProviderRequest,
  type CostRecord,
  type GatewayContext,
  type GatewayRequest,
  type Next,
  type PluginEnv,
  type PluginHooks,
  type PricedTarget,
  type RequestHead,
  type StreamEvent,
  type StreamResult,
} from '../../core/kit.js';
import { UsageAggregates } from './aggregates.js';
import { BUDGET_SCHEMA } from './budget-schema.js';
import { USAGE_SECTION, type UsageSection } from './config-schema.js';
import { OPENAPI, ROUTES } from './docs.js';
import { BudgetLedger } from './ledger.js';
import { RequestMeter, StoreErrorLog, type MeterDeps } from './meter.js';
import { UsageMetrics } from './metrics.js';
import { PriceTable } from './prices.js';
import { usageStoreUnavailable } from './refusals.js';
import { budgetOf, ownUsage, usageReport } from './report.js';
import { callerOf, scopesOf } from './scopes.js';
import { estimate, eventUsage, used } from './units.js';
import { unpricedWarnings } from './warnings.js';

/** The primary target and its fallbacks: a reservation is held at the dearest. */
const targetsOf = (request: GatewayRequest): PricedTarget[] => [request.model, ...request.fallbacks];

/** A realtime session opens only with room in its budgets for this much audio. */
const SESSION_CHECK_S = 1;

const usdHeader = (cost: CostRecord): string => (cost.priced ? String(cost.usd) : 'unpriced');

export class Usage implements PluginHooks {
  private readonly section: UsageSection | undefined;
  private readonly deps: MeterDeps;

  constructor(
    private readonly env: PluginEnv,
    /** The clock budgets' periods and the reports' days follow (tests move it). */
    now: () => number = Date.now,
  ) {
    this.section = USAGE_SECTION.read(env.config);
    const ledger = new BudgetLedger(env.store, now);
    this.deps = {
      ledger,
      prices: new PriceTable(env.providers),
      aggregates: new UsageAggregates(env.store, now),
      metrics: new UsageMetrics(env.metrics),
      storeErrors: new StoreErrorLog(env.logger),
      onStoreError: this.section?.on_store_error ?? 'refuse',
    };
    for (const route of ROUTES) env.routes.addAction(route);
  }

  private meterFor(ctx: GatewayContext): RequestMeter {
    const meter = new RequestMeter(this.deps, callerOf(ctx.principal), scopesOf(ctx.principal, this.section));
    USAGE_METER.set(ctx, meter);
    return meter;
  }

  /**
   * A realtime session about to open: its meter goes on the head, for the
   * session to hold audio against the budgets as it arrives and settle at its
   * end. A budget already spent refuses the upgrade (402) when the URL names
   * the model.
   */
  async onSession(head: RequestHead): Promise<void> {
    const meter = new RequestMeter(this.deps, callerOf(head.principal), scopesOf(head.principal, this.section));
    USAGE_METER.set(head, meter);
    const targets = (head.models ?? []).flatMap((name): PricedTarget[] => {
      const slash = name.indexOf('/');
      return slash > 0 ? [{ provider: name.slice(0, slash), model: name.slice(slash + 1) }] : [];
    });
    if (meter.budgeted && targets.length > 0) await meter.check({ audio_seconds: SESSION_CHECK_S }, targets);
  }

  /** At an async job's submission: refused now if the budget cannot take it; the job reserves when it runs. */
  async validate(ctx: GatewayContext): Promise<void> {
    if (!isProviderRequest(ctx.request)) return;
    const meter = new RequestMeter(this.deps, callerOf(ctx.principal), scopesOf(ctx.principal, this.section));
    if (!meter.budgeted) return;
    await meter.check(await estimate(ctx.request), targetsOf(ctx.request));
  }

  async handle(ctx: GatewayContext, next: Next): Promise<void> {
    const { request } = ctx;
    if (request.type === 'action') return this.answer(ctx, next);
    const meter = this.meterFor(ctx);
    // Only a budget needs the estimate before the call.
    if (meter.budgeted) await meter.reserve(await estimate(request), targetsOf(request));
    try {
      await next();
    } catch (err) {
      await meter.release();
      throw err;
    }
    const result = ctx.result;
    if (!result || result.type === 'json') return meter.release();
    if (CACHE_DEBUG.get(ctx)?.cache_hit === true) {
      // No provider was called: nothing spent.
      await meter.release();
      return this.report(ctx, { ...(await used(request, undefined)), usd: 0, priced: true });
    }
    if (result.type === 'stream') {
      ctx.result = { ...result, events: this.settledAtEnd(ctx, request, meter, result) };
      return;
    }
    this.report(ctx, await meter.settle(await used(request, result.servedBy.usage), result.servedBy));
  }

  private report(ctx: GatewayContext, cost: CostRecord): void {
    COST.set(ctx, cost);
    ctx.responseHeaders[BF_HEADERS.costUsd] = usdHeader(cost);
  }

  /** A stream's usage is known at its end (the done event's usage): settled then, however it ends. */
  private async *settledAtEnd(ctx: GatewayContext, request: GatewayRequest, meter: RequestMeter, result: StreamResult): AsyncGenerator<StreamEvent> {
    let reported = result.servedBy.usage;
    try {
      for await (const event of result.events) {
        reported = eventUsage(event) ?? reported;
        yield event;
      }
    } finally {
      COST.set(ctx, await meter.settle(await used(request, reported), result.servedBy));
    }
  }

  private async answer(ctx: GatewayContext, next: Next): Promise<void> {
    if (ctx.request.type !== 'action') return next();
    const { request } = ctx;
    switch (request.action) {
      case 'admin_usage':
        assertAdminPrincipal(ctx.principal);
        ctx.result = await this.fromStore(() => usageReport(request.query, this.deps.aggregates));
        return;
      case 'admin_budget':
        assertAdminPrincipal(ctx.principal);
        ctx.result = await this.fromStore(() => budgetOf(request.query, this.deps.ledger));
        return;
      case 'own_usage':
        ctx.result = await this.fromStore(() => ownUsage(ctx.principal, scopesOf(ctx.principal, this.section), this.deps.aggregates, this.deps.ledger));
        return;
      default:
        return next();
    }
  }

  private async fromStore<T>(read: () => Promise<T>): Promise<T> {
    try {
      return await read();
    } catch (err) {
      if (isGatewayError(err)) throw err;
      this.env.logger.error({ err: (err as Error).message }, 'cannot read usage: the store is unreachable');
      throw usageStoreUnavailable();
    }
  }
}

export default definePlugin({
  name: 'usage',
  config: { ...USAGE_SECTION, defs: { budget: BUDGET_SCHEMA } },
  openapi: OPENAPI,
  configWarnings: unpricedWarnings,
  setup: (env) => new Usage(env),
});
