// The plugin's options (its entry in `plugins:`): default limits for every
// principal, which a virtual key's own `rate_limit` overrides field by field,
// and what to do when the store cannot be reached.
import type { OptionsOf, Principal, PrincipalLimits } from '../../core/kit.js';

export const OPTIONS_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  properties: {
    requests_per_minute: { type: 'integer', minimum: 1, description: 'Requests per principal per minute; unset: unlimited.' },
    characters_per_minute: { type: 'integer', minimum: 1, description: 'Speech input characters per principal per minute; unset: unlimited.' },
    max_concurrent: { type: 'integer', minimum: 1, description: 'Requests a principal may have running at once; unset: unlimited.' },
    on_store_error: { enum: ['allow', 'refuse'], default: 'allow', description: 'Store unreachable: let requests through unlimited, or refuse them with 503.' },
  },
} as const;

export type RateLimitOptions = OptionsOf<typeof OPTIONS_SCHEMA>;
export type StoreErrorPolicy = RateLimitOptions['on_store_error'];

/** The principal's own limits where it has them, the plugin's defaults elsewhere. */
export function effectiveLimits(defaults: RateLimitOptions, principal: Principal | undefined): PrincipalLimits {
  const own = principal?.limits ?? {};
  return {
    requests_per_minute: own.requests_per_minute ?? defaults.requests_per_minute,
    characters_per_minute: own.characters_per_minute ?? defaults.characters_per_minute,
    max_concurrent: own.max_concurrent ?? defaults.max_concurrent,
  };
}
