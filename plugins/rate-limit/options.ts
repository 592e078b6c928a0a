// The plugin's options (its entry in `plugins:`): default limits for every
// principal, which a virtual key's own `rate_limit` overrides field by field,
// and what to do when the store cannot be reached.
import type { OptionsOf, Principal } from '../../core/kit.js';

/** The limits, written once: the defaults in the plugin's options and a virtual key's own `rate_limit`. */
const LIMIT_FIELDS = {
  requests_per_minute: { type: 'integer', minimum: 1, description: 'Requests per principal per minute; unset: unlimited.' },
  characters_per_minute: { type: 'integer', minimum: 1, description: 'Speech input characters per principal per minute; unset: unlimited.' },
  max_concurrent: { type: 'integer', minimum: 1, description: 'Requests a principal may have running at once; unset: unlimited.' },
  audio_seconds_per_minute: { type: 'number', exclusiveMinimum: 0, description: 'Seconds of audio a principal may send for transcription per minute (the upload\'s measured duration); unset: unlimited.' },
} as const;

/**
 * `$defs.rate_limit` in the gateway's schema: what a principal's own limits
 * may say (auth's `virtual_keys[].rate_limit` refers to it).
 */
export const LIMITS_SCHEMA = { type: 'object', additionalProperties: false, properties: LIMIT_FIELDS } as const;
export type RateLimits = OptionsOf<typeof LIMITS_SCHEMA>;

export const OPTIONS_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  properties: {
    ...LIMIT_FIELDS,
    on_store_error: { enum: ['allow', 'refuse'], default: 'allow', description: 'Store unreachable: let requests through unlimited, or refuse them with 503.' },
  },
} as const;

export type RateLimitOptions = OptionsOf<typeof OPTIONS_SCHEMA>;
export type StoreErrorPolicy = RateLimitOptions['on_store_error'];

/** The principal's own limits where it has them, the plugin's defaults elsewhere. */
export function effectiveLimits(defaults: RateLimitOptions, principal: Principal | undefined): RateLimits {
  // The loader checked a key's rate_limit against LIMITS_SCHEMA: these names are the ones it can hold.
  const own: RateLimits = principal?.limits ?? {};
  return {
    requests_per_minute: own.requests_per_minute ?? defaults.requests_per_minute,
    characters_per_minute: own.characters_per_minute ?? defaults.characters_per_minute,
    max_concurrent: own.max_concurrent ?? defaults.max_concurrent,
    audio_seconds_per_minute: own.audio_seconds_per_minute ?? defaults.audio_seconds_per_minute,
  };
}
