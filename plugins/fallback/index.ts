// fallback: tries the primary model, retrying it per config, then each of
// the request's `fallbacks` in order, until one answers. The answer names
// what served it and lists every attempt; if all fail, the primary's error
// is answered with the attempts listed.
import {
  ATTEMPTS,
  FALLBACK_INDEX,
  type AttemptRecord,
  Counter,
  definePlugin,
  internalError,
  isGatewayError,
  isProviderRequest,
  metricLabelsFor,
  type GatewayContext,
  type GatewayError,
  type Logger,
  type MetricLabels,
  type ModelRef,
  type Next,
  type OptionsOf,
  type PluginEnv,
  type PluginHooks,
  type ProviderRegistry,
} from '../../core/kit.js';
import { backoffMs, retryAfterMs, sleep, type BackoffSettings } from './backoff.js';
import { rotatesKey, verdictFor } from './policy.js';
import { DEFAULT_MAX_FALLBACKS, checkFallbackCount } from './limits.js';

const OPTIONS = {
  type: 'object',
  additionalProperties: false,
  properties: {
    max_retries: { type: 'integer', minimum: 0, maximum: 10, default: 2, description: 'Retries of the same provider before falling back.' },
    backoff_ms: { type: 'integer', minimum: 0, default: 250, description: 'First backoff step; doubles each retry, with jitter.' },
    max_backoff_ms: { type: 'integer', minimum: 0, default: 5000 },
    max_retry_after_s: { type: 'number', minimum: 0, default: 30, description: "A longer upstream Retry-After moves on to the next fallback instead of waiting." },
    max_fallbacks: { type: 'integer', minimum: 0, maximum: 20, default: DEFAULT_MAX_FALLBACKS, description: 'The most fallbacks one request may name; more is a 400 (too_many_fallbacks).' },
    max_attempts: { type: 'integer', minimum: 1, maximum: 100, default: 8, description: 'The most upstream calls one request may cause, retries and fallbacks together.' },
  },
} as const;

type FallbackOptions = OptionsOf<typeof OPTIONS>;

class Fallback implements PluginHooks {
  private readonly options: FallbackOptions;
  private readonly providers: ProviderRegistry;
  private readonly logger: Logger;
  private readonly backoff: BackoffSettings;
  private readonly retries: Counter<'provider' | 'model'>;
  private readonly fallbacks: Counter<'provider' | 'model'>;
  private readonly labels: MetricLabels;

  constructor({ options, providers, logger, metrics: registry }: PluginEnv<FallbackOptions>) {
    this.options = options;
    this.providers = providers;
    this.logger = logger;
    this.labels = metricLabelsFor(registry);
    this.backoff = { baseMs: options.backoff_ms, maxMs: options.max_backoff_ms, maxRetryAfterMs: options.max_retry_after_s * 1000 };
    const labelNames = ['provider', 'model'] as const;
    this.retries = new Counter({ name: 'voxgate_retries_total', help: 'Retries of a provider after a failed attempt.', labelNames, registers: [registry] });
    this.fallbacks = new Counter({ name: 'voxgate_fallbacks_total', help: 'Models given up on for the next fallback.', labelNames, registers: [registry] });
  }

  /** Too many fallbacks is a 400 before any upstream call (and before async-job accepts the job). */
  validate(ctx: GatewayContext): void {
    if (isProviderRequest(ctx.request)) checkFallbackCount(ctx.request.fallbacks.length, this.options.max_fallbacks);
  }

  async handle(ctx: GatewayContext, next: Next): Promise<void> {
    if (!isProviderRequest(ctx.request)) return next();
    this.validate(ctx);
    const primary = ctx.request.model;
    const targets: ModelRef[] = [primary, ...ctx.request.fallbacks];
    const attempts: AttemptRecord[] = [];
    ATTEMPTS.set(ctx, attempts);
    let primaryError: GatewayError | undefined;

    for (const [index, target] of targets.entries()) {
      const error = await this.tryTarget(ctx, next, target, attempts);
      if (!error) {
        FALLBACK_INDEX.set(ctx, index);
        return;
      }
      primaryError ??= error;
      // The answer is the primary's error, named as the primary's; what the others said is in the attempts.
      if (verdictFor(error) === 'stop' || attempts.length >= this.options.max_attempts) break;
      if (index + 1 < targets.length) {
        this.fallbacks.inc(this.metricLabels(target));
        this.logger.warn({ requestId: ctx.id, from: `${target.provider}/${target.model}`, status: error.status, code: error.code }, 'falling back');
      }
    }
    ctx.target = { provider: primary.provider, model: primary.model, keyIndex: 0 };
    throw primaryError ?? internalError(new Error('fallback ran with no targets'));
  }

  private metricLabels(target: ModelRef): { provider: string; model: string } {
    return { provider: this.labels.provider(target.provider), model: this.labels.model(target.provider, target.model) };
  }

  /** Runs one target with its retries; resolves to its last error, or undefined on success. */
  private async tryTarget(ctx: GatewayContext, next: Next, target: ModelRef, attempts: AttemptRecord[]): Promise<GatewayError | undefined> {
    const keys = this.providers.get(target.provider)?.instance.keys.length ?? 0;
    let keyIndex = 0;
    for (let retry = 0; ; retry++) {
      ctx.target = { provider: target.provider, model: target.model, keyIndex };
      const started = performance.now();
      try {
        await next();
        attempts.push({ provider: target.provider, model: target.model, status: 200, latency_ms: Math.round(performance.now() - started) });
        return undefined;
      } catch (thrown) {
        const err = isGatewayError(thrown) ? thrown : internalError(thrown);
        attempts.push({ provider: target.provider, model: target.model, status: err.status, code: err.code, latency_ms: Math.round(performance.now() - started) });
        const verdict = verdictFor(err);
        const rotated = rotatesKey(err) && keys > 1;
        if (rotated) keyIndex += 1;
        // A 401 with a single key would fail the same way again.
        const worthRetrying = verdict === 'retry' || (rotated && err.status === 401);
        if (!worthRetrying || retry >= this.options.max_retries || attempts.length >= this.options.max_attempts || ctx.signal.aborted) return err;
        const wait = retryAfterMs(err) ?? backoffMs(retry, this.backoff);
        if (wait > this.backoff.maxRetryAfterMs) return err;
        await sleep(wait, ctx.signal);
        this.retries.inc(this.metricLabels(target));
      }
    }
  }
}

// perPart: long media split into chunks or parts is retried and falls back part by part.
export default definePlugin<FallbackOptions>({ name: 'fallback', options: OPTIONS, perPart: true, setup: (env) => new Fallback(env) });
