// The model check: the primary model and every fallback must be allowed for
// the principal.
import type { GatewayRequest } from '../../core/kit.js';
import { modelRefToString } from '../../core/kit.js';
import { forbidden } from './errors.js';
import type { Identity } from './identify.js';

export function requestedModels(request: GatewayRequest): Array<{ model: string; param: string }> {
  return [
    { model: modelRefToString(request.model), param: 'model' },
    ...request.fallbacks.map((ref) => ({ model: modelRefToString(ref), param: 'fallbacks' })),
  ];
}

export function assertModelsAllowed(identity: Identity, request: GatewayRequest): void {
  assertNamesAllowed(identity, requestedModels(request));
}

/** Models named before a body (a realtime session's head.models): the first is the model, the rest fallbacks. */
export const headModels = (models: readonly string[]): Array<{ model: string; param: string }> => models.map((model, i) => ({ model, param: i === 0 ? 'model' : 'fallbacks' }));

export function assertNamesAllowed(identity: Identity, models: ReadonlyArray<{ model: string; param: string }>): void {
  for (const { model, param } of models) {
    if (identity.models.allows(model)) continue;
    const who = identity.principal.kind === 'virtual_key' ? `Virtual key "${identity.principal.name}"` : `"${identity.principal.name}"`;
    const where = param === 'model' ? 'model' : 'fallback model';
    throw forbidden(
      'model_not_allowed',
      `${who} may not use the ${where} ${model} (allowed: ${identity.models.describe()}); pick an allowed model, or ask the gateway's admin to add it to allowed_models.`,
      param,
    );
  }
}
