// The rate-limit plugin: per principal (virtual key, admin subject, or
// anonymous client address), requests, speech characters and transcribed audio seconds per minute and
// requests at once, counted in the shared store so every instance on one
// Redis enforces one limit. A refused request consumes nothing.
import { Counter, addAudioGate, audioSeconds, definePlugin, isGatewayError, type GatewayContext, type GatewayError, type Next, type PluginEnv, type PluginHooks, type RequestHead } from '../../core/kit.js';
import { MINUTE_MS, audioMs, limitHeaders, planChecks, secondsUntil, type Check, type Outcome } from './checks.js';
import { Counters, type Taken } from './counters.js';
import { LIMITS_SCHEMA, OPTIONS_SCHEMA, effectiveLimits, type RateLimitOptions } from './options.js';
import { audioExhausted, audioOverLimit, charactersExhausted, concurrencyExhausted, describePrincipal, inputOverLimit, requestsExhausted, storeUnavailable } from './refusals.js';
import { StoreFailureLog } from './store-failure.js';
import { SessionAudioLimit } from './session-audio.js';

class RateLimit implements PluginHooks {
  private readonly options: RateLimitOptions;
  private readonly counters: Counters;
  private readonly failures: StoreFailureLog;
  private readonly refusals: Counter<'limit'>;

  constructor({ options, store, logger, metrics }: PluginEnv<RateLimitOptions>) {
    this.options = options;
    this.refusals = new Counter({ name: 'voxgate_rate_limit_refusals_total', help: 'Requests refused by a limit (requests, characters, concurrent, input) or for an unreachable store.', labelNames: ['limit'], registers: [metrics] });
    this.counters = new Counters(store);
    this.failures = new StoreFailureLog(logger, options.on_store_error);
  }

  async handle(ctx: GatewayContext, next: Next): Promise<void> {
    // Job polls call no provider: limits are for the work, not for asking after it.
    if (ctx.request.type === 'action') return next();
    const limits = effectiveLimits(this.options, ctx.principal);
    const who = describePrincipal(ctx.principal, ctx.clientAddress);
    const characters = ctx.request.type === 'speech' ? ctx.request.input.length : undefined;
    const perMinute = limits.characters_per_minute;
    if (perMinute !== undefined && characters !== undefined && characters > perMinute) {
      this.refusals.inc({ limit: 'input' });
      throw inputOverLimit(who, perMinute, characters);
    }

    const audioLimit = limits.audio_seconds_per_minute;
    // The upload's measured duration; an upload whose container does not tell counts after the call, at the provider's word.
    const seconds = audioLimit !== undefined && ctx.request.type === 'transcription' ? await audioSeconds(ctx.request.file) : undefined;
    if (audioLimit !== undefined && seconds !== undefined && seconds > audioLimit) {
      this.refusals.inc({ limit: 'input' });
      throw audioOverLimit(who, audioLimit, seconds);
    }

    const principalId = ctx.principal?.id ?? `anon:${ctx.clientAddress}`;
    const checks = planChecks(principalId, limits, characters, seconds);
    if (checks.length === 0) return next();
    let slot: Taken | undefined;
    try {
      slot = await this.admit(ctx, checks, who);
    } catch (err) {
      this.storeFailed(err);
      return next();
    }
    try {
      await next();
      if (audioLimit !== undefined && ctx.request.type === 'transcription' && seconds === undefined) await this.countReportedAudio(ctx, principalId);
    } finally {
      if (slot) await this.giveBackQuietly([slot]);
    }
  }

  /**
   * A realtime session is one request against requests_per_minute (its length is realtime.max_session_s's
   * business, how many at once realtime.max_sessions_per_key's): refused with 429 on the upgrade. Its audio
   * counts against audio_seconds_per_minute as it is sent: past the limit the session ends with 429's code.
   */
  async onSession(head: RequestHead): Promise<void> {
    const limits = effectiveLimits(this.options, head.principal);
    const principalId = head.principal?.id ?? `anon:${head.clientAddress}`;
    const who = describePrincipal(head.principal, head.clientAddress);
    const checks = planChecks(principalId, limits, undefined).filter((c) => c.kind === 'requests');
    if (checks.length > 0) {
      try {
        await this.admit(head, checks, who);
      } catch (err) {
        this.storeFailed(err);
      }
    }
    const capSeconds = limits.audio_seconds_per_minute;
    if (capSeconds === undefined) return;
    addAudioGate(
      head,
      new SessionAudioLimit({
        counters: this.counters,
        key: `ratelimit:audio:${principalId}`,
        capSeconds,
        who,
        refused: () => this.refusals.inc({ limit: 'audio' }),
        storeFailed: (err) => this.storeFailed(err),
        report: (err) => this.failures.report(err),
      }),
    );
  }

  /** A refusal goes on; a store that failed is reported, then refuses (503) or lets the request through unlimited, as configured. */
  private storeFailed(err: unknown): void {
    if (isGatewayError(err)) throw err;
    this.failures.report(err);
    if (this.options.on_store_error === 'refuse') {
      this.refusals.inc({ limit: 'store' });
      throw storeUnavailable();
    }
  }

  /** Audio the gateway could not measure counts once the provider says how long it was (unrefused: it has run). */
  private async countReportedAudio(ctx: GatewayContext, principalId: string): Promise<void> {
    const result = ctx.result;
    const reported = result && result.type !== 'json' ? result.servedBy.usage?.audioSeconds : undefined;
    if (reported === undefined) return;
    try {
      await this.counters.take(`ratelimit:audio:${principalId}`, audioMs(reported), MINUTE_MS, Number.MAX_SAFE_INTEGER);
    } catch (err) {
      this.failures.report(err);
    }
  }

  /** Takes every check's share or none; returns the concurrency slot to give back after the request. */
  private async admit(ctx: Pick<RequestHead, 'responseHeaders'>, checks: readonly Check[], who: string): Promise<Taken | undefined> {
    const outcomes: Outcome[] = [];
    const taken: Taken[] = [];
    let slot: Taken | undefined;
    let refusal: GatewayError | undefined;
    try {
      for (const check of checks) {
        const { result, taken: share } = await this.counters.take(check.key, check.by, check.windowMs, check.cap, check.kind === 'concurrent');
        outcomes.push({ check, used: result.value, ttlMs: result.ttlMs });
        if (result.applied) {
          taken.push(share);
          if (check.kind === 'concurrent') slot = share;
          continue;
        }
        refusal = this.refusal(check, result.value, result.ttlMs, who);
        this.refusals.inc({ limit: check.kind });
        break;
      }
    } catch (err) {
      await this.giveBackQuietly(taken);
      throw err;
    }
    if (refusal) {
      await this.giveBackQuietly(taken);
      // What was given back no longer counts in the headers.
      for (const o of outcomes.slice(0, -1)) o.used -= o.check.by;
    }
    Object.assign(ctx.responseHeaders, limitHeaders(outcomes));
    if (refusal) throw refusal;
    return slot;
  }

  private refusal(check: Check, used: number, ttlMs: number, who: string): GatewayError {
    switch (check.kind) {
      case 'requests':
        return requestsExhausted(who, check.cap, secondsUntil(ttlMs));
      case 'characters':
        return charactersExhausted(who, check.cap, used, check.by, secondsUntil(ttlMs));
      case 'audio':
        return audioExhausted(who, check.cap, used, check.by, secondsUntil(ttlMs));
      case 'concurrent':
        return concurrencyExhausted(who, check.cap);
    }
  }

  private async giveBackQuietly(taken: readonly Taken[]): Promise<void> {
    for (const share of taken) {
      try {
        await this.counters.giveBack(share);
      } catch (err) {
        this.failures.report(err);
      }
    }
  }
}

export default definePlugin<RateLimitOptions>({
  name: 'rate-limit',
  options: OPTIONS_SCHEMA,
  config: { defs: { rate_limit: LIMITS_SCHEMA } },
  setup: (env) => new RateLimit(env),
});
