// Provider instances from the `providers:` block: each bound to an adapter
// type (its `type:`, or its own name), its settings checked against the
// common provider schema plus the adapter's own, its keys resolved.
import type { ValidateFunction } from 'ajv';
import { pathOf, type ConfigProblem } from '../config/errors.js';
import { PROVIDER_SCHEMA } from '../config/provider-schema.js';
import type { LoadedConfig, ProviderConfig } from '../config/types.js';
import type { ProviderAdapter, ProviderInstance, ProviderKey } from '../provider.js';
import { createAjv, problemsOf } from '../validation.js';

const commonSchema = PROVIDER_SCHEMA;
const validators = new Map<string, ValidateFunction>();

function validatorFor(adapter: ProviderAdapter): ValidateFunction {
  let validate = validators.get(adapter.id);
  if (!validate) {
    // Unknown keys are refused: a typo such as base_ulr must not be ignored quietly.
    const schema = { allOf: [commonSchema, adapter.settings ?? {}], unevaluatedProperties: false };
    validate = createAjv({ coerceTypes: true }).compile(schema);
    validators.set(adapter.id, validate);
  }
  return validate;
}

function keysOf(name: string, block: ProviderConfig, envRefs: LoadedConfig['envRefs']): Pick<ProviderInstance, 'keys' | 'missingKey'> {
  const configured = block.keys ?? [];
  const keys: ProviderKey[] = configured
    .filter((k) => k.value !== '')
    .map(({ value, ...options }) => Object.freeze({ value, options: Object.freeze(options) }));
  if (configured.length === 0 || keys.length > 0) return { keys };
  // Keys were configured but every one came out empty: name what to set.
  const vars = [...new Set(configured.flatMap((_, i) => envRefs.get(pathOf(['providers', name, 'keys', i, 'value'])) ?? []))];
  return { keys, missingKey: vars.length > 0 ? vars.join(' or ') : `providers.${name}.keys[0].value` };
}

export function buildProviderInstances(
  loaded: LoadedConfig,
  adapters: ReadonlyMap<string, ProviderAdapter>,
  problems: ConfigProblem[],
): ProviderInstance[] {
  const { config, envRefs } = loaded;
  const instances: ProviderInstance[] = [];
  for (const [name, raw] of Object.entries(config.providers)) {
    const type = raw.type ?? name;
    const adapter = adapters.get(type);
    if (!adapter) {
      const known = [...adapters.keys()].join(', ') || 'none';
      problems.push({ path: `providers.${name}${raw.type ? '.type' : ''}`, message: `no adapter of type "${type}" (known types: ${known}); set type: to one of them` });
      continue;
    }
    const settings: ProviderConfig = { ...(adapter.defaults ?? {}), ...raw } as ProviderConfig;
    const found = problemsOf(validatorFor(adapter), settings);
    if (found.length > 0) {
      problems.push(...found.map((p) => ({ path: pathOf(['providers', name, ...p.segments]), message: p.message })));
      continue;
    }
    instances.push({
      name,
      type,
      ...keysOf(name, settings, envRefs),
      timeoutMs: (settings.timeout_s ?? config.server.request_timeout_s) * 1000,
      settings: Object.freeze(settings),
    });
  }
  return instances;
}
