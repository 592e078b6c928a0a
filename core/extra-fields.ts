// Typed keys for `ctx.extraFields`, beside `stateKey`: the answer's
// extra_fields (documented in core/schemas/answers.ts) that one plugin writes
// and others read (logging reads the attempts, the cache's debug record and
// the job id). A key is the field's wire name plus its type, so neither side
// spells the name nor casts what it reads. A plugin's private field needs no
// key here: it declares its own with `extraField<T>(name)`.
import type { GatewayContext } from './context.js';

type Holder = Pick<GatewayContext, 'extraFields'>;

export interface ExtraField<T> {
  /** The field's name in the answer's extra_fields. */
  readonly name: string;
  get(holder: Holder): T | undefined;
  set(holder: Holder, value: T): void;
}

export function extraField<T>(name: string): ExtraField<T> {
  return Object.freeze({
    name,
    // Only set() writes under this name, so what is there is a T.
    get: (holder: Holder) => holder.extraFields[name] as T | undefined,
    set: (holder: Holder, value: T) => void (holder.extraFields[name] = value),
  });
}

/** One provider call a request made, in order (fallbacks and retries). */
export interface AttemptRecord {
  provider: string;
  model: string;
  status: number;
  latency_ms: number;
  code?: string;
}

/** What the response cache did for this request. */
export interface CacheDebug {
  cache_hit: boolean;
  cache_id: string;
  hit_type?: 'direct';
  requested_provider: string;
  requested_model: string;
  provider_used?: string;
  model_used?: string;
}

/**
 * What a request consumed and what it cost (the usage plugin writes it,
 * logging reads it): `usd` at the price table's price for what served it,
 * `priced: false` when that model has no price (usd is then 0 and means
 * "unknown", never "free").
 */
export interface CostRecord {
  usd: number;
  audio_seconds?: number;
  characters?: number;
  input_tokens?: number;
  output_tokens?: number;
  priced: boolean;
}

/** Every provider call, listed (set once, then appended to). */
export const ATTEMPTS = extraField<AttemptRecord[]>('attempts');
/** Which target answered: 0 the primary, 1 the first fallback, … */
export const FALLBACK_INDEX = extraField<number>('fallback_index');
export const CACHE_DEBUG = extraField<CacheDebug>('cache_debug');
/** Request fields the serving target did not use (core/params/ignored.ts). */
export const IGNORED_PARAMS = extraField<string[]>('ignored_params');
/** The background job that serves (or served) the request. */
export const JOB_ID = extraField<string>('job_id');
/** The request's usage in audio units and its price. */
export const COST = extraField<CostRecord>('cost');
