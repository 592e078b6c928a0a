// `provider/model` strings, checked against the configured providers.
import { badRequest } from './errors.js';
import type { ModelRef } from './types.js';

export interface ProviderNames {
  has(name: string): boolean;
  names(): readonly string[];
}

/**
 * Splits at the first slash. On routes that imply a provider (Azure's), a
 * plain model name or one whose prefix names no provider belongs to it.
 */
export function parseModelRef(value: string, param: string, providers: ProviderNames, impliedProvider?: string): ModelRef {
  const slash = value.indexOf('/');
  const prefix = slash > 0 ? value.slice(0, slash) : undefined;
  if (prefix !== undefined && providers.has(prefix)) {
    const model = value.slice(slash + 1).trim();
    if (model === '') throw badRequest('invalid_model', `${param} "${value}" names no model after the provider: write ${prefix}/<model>.`, param);
    return { provider: prefix, model };
  }
  if (impliedProvider !== undefined) return { provider: impliedProvider, model: value };
  if (prefix === undefined) {
    throw badRequest('invalid_model', `${param} must be written provider/model (e.g. openai/${value || 'whisper-1'}); configured providers: ${providers.names().join(', ') || 'none'}.`, param);
  }
  throw badRequest('unknown_provider', `${param} names provider "${prefix}", which is not configured; configured providers: ${providers.names().join(', ') || 'none'}.`, param);
}
