// What check-config warns about without refusing the file: each plugin's
// `configWarnings`, given every model the gateway serves (the adapters' own
// and each provider's `models:`), printed as YAML comments.
import type { Prepared } from '../gateway.js';
import type { ConfigProblem } from '../config/errors.js';
import type { ServableModel } from '../plugin.js';

export function servableModels(prepared: Prepared): ServableModel[] {
  const seen = new Set<string>();
  const models: ServableModel[] = [];
  for (const instance of prepared.instances) {
    const adapter = prepared.adapters.get(instance.type);
    for (const model of [...(adapter?.listModels?.(instance) ?? []), ...(instance.settings.models ?? [])]) {
      const id = `${instance.name}/${model}`;
      if (seen.has(id)) continue;
      seen.add(id);
      models.push({ provider: instance.name, type: instance.type, model });
    }
  }
  return models;
}

export function configWarnings(prepared: Prepared): ConfigProblem[] {
  const models = servableModels(prepared);
  return prepared.plugins.flatMap((p) => [...(p.definition.configWarnings?.(prepared.loaded.config, models) ?? [])]);
}
