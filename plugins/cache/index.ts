// cache: exact-match answers from the shared store. Opt in per request with
// `x-bf-cache-key: <namespace>` (or for every request by config); a hit is
// answered without calling the provider. Entries are scoped to the caller
// unless the namespace is configured as shared. Every answer through the
// plugin says what happened in extra_fields.cache_debug.
import { pipeline } from 'node:stream';
import type Keyv from 'keyv';
import { Counter, badRequest, clientKeyScope, definePlugin, isProviderRequest, wholeSecondsHeader, type GatewayContext, type Logger, type Next, type PluginEnv, type OptionsOf, type PluginHooks } from '../../core/kit.js';
import { AudioCapture, entrySize, resultOf, textEntry, type CacheEntry } from './entry.js';
import { cacheId } from './key.js';

interface CacheDebug {
  cache_hit: boolean;
  cache_id: string;
  hit_type?: 'direct';
  requested_provider: string;
  requested_model: string;
  provider_used?: string;
  model_used?: string;
}

const NAMESPACE_PATTERN = '^[A-Za-z0-9._:-]{1,128}$';
const NAMESPACE = new RegExp(NAMESPACE_PATTERN);

const OPTIONS = {
  type: 'object',
  additionalProperties: false,
  properties: {
    ttl_s: { type: 'integer', minimum: 1, default: 600, description: 'How long an entry lives, unless x-bf-cache-ttl says otherwise.' },
    max_ttl_s: { type: 'integer', minimum: 1, default: 86_400, description: 'The longest TTL a request may ask for.' },
    max_entry_mb: { type: 'number', exclusiveMinimum: 0, default: 10, description: 'Larger answers are served but not cached.' },
    all_requests: { type: 'boolean', default: false, description: 'Cache every request, not only those with x-bf-cache-key.' },
    default_namespace: { type: 'string', pattern: NAMESPACE_PATTERN, default: 'default' },
    shared_namespaces: { type: 'array', items: { type: 'string' }, default: [], description: 'Namespaces whose entries every caller may read.' },
  },
} as const;

type CacheOptions = OptionsOf<typeof OPTIONS>;

class Cache implements PluginHooks {
  private readonly options: Readonly<CacheOptions>;
  private readonly logger: Logger;
  private readonly entries: Keyv;
  private readonly maxEntryBytes: number;
  private readonly lookups: Counter<'result'>;

  constructor({ options, store, logger, metrics }: PluginEnv<CacheOptions>) {
    this.options = options;
    this.logger = logger;
    this.entries = store.namespace('cache');
    this.maxEntryBytes = options.max_entry_mb * 1024 * 1024;
    this.lookups = new Counter({ name: 'voxgate_cache_lookups_total', help: 'Cache lookups: hit, miss, or error (the store failed; served as a miss).', labelNames: ['result'], registers: [metrics] });
  }

  async handle(ctx: GatewayContext, next: Next): Promise<void> {
    const { request } = ctx;
    const namespace = ctx.headers['x-bf-cache-key'] ?? (this.options.all_requests ? this.options.default_namespace : undefined);
    if (namespace === undefined || !isProviderRequest(request)) return next();
    if (!NAMESPACE.test(namespace)) {
      throw badRequest('invalid_cache_key', 'x-bf-cache-key must be 1-128 letters, digits, dots, dashes, underscores or colons.', 'x-bf-cache-key');
    }
    const ttlMs = this.ttlMs(ctx.headers['x-bf-cache-ttl']);
    const id = await cacheId(request);
    const caller = this.options.shared_namespaces.includes(namespace) ? 'shared' : (ctx.principal?.id ?? 'public');
    // An answer bought with the client's own provider key is that key's alone.
    const byok = clientKeyScope(ctx);
    const scope = byok === undefined ? caller : `${caller}:${byok}`;
    const storeKey = `${scope}:${namespace}:${id}`;
    const debug: CacheDebug = { cache_hit: false, cache_id: id, requested_provider: request.model.provider, requested_model: request.model.model };
    ctx.extraFields.cache_debug = debug;

    const started = performance.now();
    const entry = await this.lookup(storeKey, ctx.id);
    if (entry) {
      ctx.result = resultOf(entry, Math.round(performance.now() - started));
      Object.assign(debug, { cache_hit: true, hit_type: 'direct', provider_used: entry.servedBy.provider, model_used: entry.servedBy.model });
      return;
    }

    await next();
    const result = ctx.result;
    if (!result || result.type === 'json') return;
    Object.assign(debug, { provider_used: result.servedBy.provider, model_used: result.servedBy.model });
    if (result.type !== 'speech') {
      const text = textEntry(result);
      if (text && entrySize(text) <= this.maxEntryBytes) this.save(storeKey, text, ttlMs, ctx.id);
      return;
    }
    // Audio is stored after it has streamed to the client whole; the client never waits for the store.
    const capture = new AudioCapture(this.maxEntryBytes, (chunks, size) => {
      const audio = Buffer.concat(chunks, size).toString('base64');
      this.save(storeKey, { kind: 'speech', format: result.format, contentType: result.contentType, audio, servedBy: result.servedBy }, ttlMs, ctx.id);
    });
    ctx.result = { ...result, audio: pipeline(result.audio, capture, () => undefined) };
  }

  /** x-bf-cache-ttl in seconds, within limits; absent means the configured TTL. */
  private ttlMs(header: string | undefined): number {
    return (wholeSecondsHeader(header, 'x-bf-cache-ttl', this.options.max_ttl_s, 'invalid_cache_ttl') ?? this.options.ttl_s) * 1000;
  }

  /** A store failure is a miss, never a failed request. */
  private async lookup(key: string, requestId: string): Promise<CacheEntry | undefined> {
    try {
      const entry = (await this.entries.get(key)) as CacheEntry | undefined;
      this.lookups.inc({ result: entry ? 'hit' : 'miss' });
      return entry;
    } catch (err) {
      this.lookups.inc({ result: 'error' });
      this.logger.warn({ requestId, err: (err as Error).message }, 'cache lookup failed; calling the provider');
      return undefined;
    }
  }

  private save(key: string, entry: CacheEntry, ttlMs: number, requestId: string): void {
    this.entries.set(key, entry, ttlMs).catch((err: Error) => this.logger.warn({ requestId, err: err.message }, 'cache write failed'));
  }
}

export default definePlugin<CacheOptions>({
  name: 'cache',
  options: OPTIONS,
  openapi: {
    headers: [
      { name: 'x-bf-cache-key', description: 'Use the cache, in this namespace (cache plugin).', schema: { type: 'string' } },
      { name: 'x-bf-cache-ttl', description: 'This entry’s TTL in seconds (cache plugin).', schema: { type: 'integer', minimum: 1 } },
    ],
  },
  setup: (env) => new Cache(env),
});
