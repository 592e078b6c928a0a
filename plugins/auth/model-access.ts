// The model check: the primary model and every fallback must be allowed for
// the principal. Requests that name no model (job polling) pass untouched.
import type { ModelRef } from '../../core/types.js';
import { modelRefToString } from '../../core/types.js';
import { forbidden } from './errors.js';
import type { Identity } from './identify.js';

/** What the check needs of a request; later routes may carry neither field. */
export interface ModelBearing {
  readonly model?: ModelRef;
  readonly fallbacks?: readonly ModelRef[];
}

export function requestedModels(request: ModelBearing): Array<{ model: string; param: string }> {
  const models = request.model ? [{ model: modelRefToString(request.model), param: 'model' }] : [];
  for (const ref of request.fallbacks ?? []) models.push({ model: modelRefToString(ref), param: 'fallbacks' });
  return models;
}

export function assertModelsAllowed(identity: Identity, request: ModelBearing): void {
  for (const { model, param } of requestedModels(request)) {
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
