// How much one request may ask of the fallback plugin: a bounded number of
// fallbacks, refused with 400 before any upstream call. The plugin's validate
// hook runs the same check for async-job at submit time, so a job is never
// accepted only to fail.
import { badRequest } from '../../core/kit.js';
import type { GatewayConfig } from '../../core/kit.js';

export const DEFAULT_MAX_FALLBACKS = 3;

export function checkFallbackCount(count: number, max: number): void {
  if (count > max) {
    throw badRequest('too_many_fallbacks', `The request names ${count} fallbacks; at most ${max} are allowed (the fallback plugin's max_fallbacks).`, 'fallbacks');
  }
}

/** The chain's max_fallbacks: the fallback entry's option, its default, or undefined without the plugin. */
export function configuredMaxFallbacks(config: GatewayConfig): number | undefined {
  const entry = config.plugins === undefined ? { name: 'fallback' } : config.plugins.find((p) => p.name === 'fallback');
  if (!entry) return undefined;
  return typeof entry.max_fallbacks === 'number' ? entry.max_fallbacks : DEFAULT_MAX_FALLBACKS;
}
