// `provider/model` strings, checked against the configured providers.
import { badRequest } from './errors.js';
import type { ModelRef } from './types.js';
import { clip } from './requests/problems.js';
import { checkModelName } from './model-name.js';

export interface ProviderNames {
  has(name: string): boolean;
  names(): readonly string[];
}

const prefixOf = (value: string): string | undefined => {
  const slash = value.indexOf('/');
  return slash > 0 ? value.slice(0, slash) : undefined;
};

/** Splits at the first slash; the prefix must name a configured provider. */
export function parseModelRef(value: string, param: string, providers: ProviderNames): ModelRef {
  checkModelName(value, param);
  const prefix = prefixOf(value);
  if (prefix !== undefined && providers.has(prefix)) {
    const model = value.slice(prefix.length + 1).trim();
    if (model === '') throw badRequest('invalid_model', `${param} "${clip(value)}" names no model after the provider: write ${prefix}/<model>.`, param);
    return { provider: prefix, model };
  }
  if (prefix === undefined) {
    throw badRequest('invalid_model', `${param} must be written provider/model (e.g. openai/${clip(value) || 'whisper-1'}); configured providers: ${providers.names().join(', ') || 'none'}.`, param);
  }
  throw badRequest('unknown_provider', `${param} names provider "${clip(prefix)}", which is not configured; configured providers: ${providers.names().join(', ') || 'none'}.`, param);
}

/**
 * The request's primary model: a configured provider/model wins; otherwise a
 * route that addresses models its own way (Azure's deployments) decides.
 */
export function resolveRequestModel(
  given: string | undefined,
  providers: ProviderNames,
  routeDefault?: (given: string | undefined) => ModelRef,
): ModelRef {
  if (given !== undefined) checkModelName(given, 'model');
  const prefix = given === undefined ? undefined : prefixOf(given);
  if (given !== undefined && prefix !== undefined && providers.has(prefix)) return parseModelRef(given, 'model', providers);
  if (routeDefault) return routeDefault(given);
  if (given === undefined) throw badRequest('invalid_request', 'model is required: write provider/model, e.g. openai/whisper-1.', 'model');
  return parseModelRef(given, 'model', providers);
}
