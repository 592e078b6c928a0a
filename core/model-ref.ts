// `provider/model` strings, checked against the configured providers.
import { badRequest } from './errors.js';
import type { ModelRef } from './types.js';
import { clip } from './requests/problems.js';
import { checkModelName } from './model-name.js';

export interface ProviderNames {
  has(name: string): boolean;
  names(): readonly string[];
  /** Where a bare model name (`whisper-1`) goes: routing.default_provider, or openai when configured. */
  readonly defaultProvider?: string;
}

const prefixOf = (value: string): string | undefined => {
  const slash = value.indexOf('/');
  return slash > 0 ? value.slice(0, slash) : undefined;
};

/** A model named without its provider, as existing OpenAI clients send it: the default provider's. */
function bareModel(value: string, param: string, providers: ProviderNames): ModelRef {
  const model = value.trim();
  if (providers.defaultProvider !== undefined && model !== '' && !model.startsWith('/')) return { provider: providers.defaultProvider, model };
  const why = providers.defaultProvider === undefined ? 'names no provider and routing.default_provider is not set' : 'names no model';
  throw badRequest(
    'invalid_model',
    `${param} "${clip(value)}" ${why}: write provider/model (e.g. openai/${clip(model.replace(/^\//, '')) || 'whisper-1'}), or set routing.default_provider to one of the configured providers: ${providers.names().join(', ') || 'none'}.`,
    param,
  );
}

/** Splits at the first slash; the prefix must name a configured provider. */
export function parseModelRef(value: string, param: string, providers: ProviderNames): ModelRef {
  checkModelName(value, param);
  const prefix = prefixOf(value);
  if (prefix !== undefined && providers.has(prefix)) {
    const model = value.slice(prefix.length + 1).trim();
    if (model === '') throw badRequest('invalid_model', `${param} "${clip(value)}" names no model after the provider: write ${prefix}/<model>.`, param);
    return { provider: prefix, model };
  }
  if (prefix === undefined) return bareModel(value, param, providers);
  throw badRequest('unknown_provider', `${param} names provider "${clip(prefix)}", which is not configured; configured providers: ${providers.names().join(', ') || 'none'}.`, param);
}

/**
 * The request's primary model: a configured provider/model wins; otherwise a
 * route that addresses models its own way (a vendor's deployments) decides.
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
