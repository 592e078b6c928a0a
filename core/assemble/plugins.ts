// The plugin chain from the `plugins:` list: each entry found (a built-in by
// name, an extension folder's plugin, or a module by path), its options
// checked against the plugin's options schema, then set up in list order.
import path from 'node:path';
import type { ValidateFunction } from 'ajv';
import { importDefault, resolveModule, scanFolder, type ModuleRef } from '../discovery.js';
import { pathOf } from '../config/load.js';
import type { ConfigProblem } from '../config/errors.js';
import type { GatewayConfig, PluginEntry } from '../config/types.js';
import type { JsonSchema } from '../json-schema.js';
import { readFileSync } from 'node:fs';
import { defaultChainFile, distRoot } from '../paths.js';
import { CONTRACT_VERSION, type Plugin, type PluginDefinition, type PluginEnv } from '../plugin.js';
import { createAjv, problemsOf } from '../validation.js';

/** The built-ins, in the order they run when `plugins:` is absent (plugins/default-chain.json). */
export const DEFAULT_PLUGIN_ORDER: readonly string[] = Object.freeze(JSON.parse(readFileSync(defaultChainFile, 'utf8')) as string[]);

export interface PluginSpec {
  /** Where in config it came from ("plugins[2]"), for messages. */
  at: string;
  name: string;
  source: string;
  options: Record<string, unknown>;
  definition: PluginDefinition;
}

const NO_OPTIONS: JsonSchema = { type: 'object', additionalProperties: false, properties: {} };

type DescribedPlugin = PluginDefinition;

/** A definePlugin() value (or an object literal of the same shape with its contractVersion). */
function describePlugin(exported: unknown, source: string): DescribedPlugin | undefined {
  const obj = exported as Partial<PluginDefinition> | null;
  if (!obj || typeof obj !== 'object' || typeof obj.name !== 'string') return undefined;
  if (obj.contractVersion !== CONTRACT_VERSION) {
    if (typeof obj.setup === 'function') throw new Error(`${source} declares contractVersion ${String(obj.contractVersion)}; this gateway speaks ${CONTRACT_VERSION} (wrap it in definePlugin() from voxgate/kit)`);
    return undefined;
  }
  if (typeof obj.setup !== 'function') return undefined;
  return obj as PluginDefinition;
}

/** The plugin's own look at the rest of the config; a throw is reported, not crashed on. */
function checkPluginConfig(described: DescribedPlugin, config: GatewayConfig, at: string, problems: ConfigProblem[]): boolean {
  try {
    const found = described.checkConfig?.(config) ?? [];
    problems.push(...found);
    return found.length === 0;
  } catch (err) {
    problems.push({ path: at, message: `plugin "${described.name}" failed to check the config: ${(err as Error).message}` });
    return false;
  }
}

function catalog(config: GatewayConfig, configDir: string, problems: ConfigProblem[]): Map<string, ModuleRef> {
  const found = new Map(scanFolder(path.join(distRoot, 'plugins')).map((r) => [r.name, r]));
  config.extensions.plugins.forEach((ext, i) => {
    try {
      for (const ref of resolveModule(ext, configDir, true)) found.set(ref.name, ref);
    } catch (err) {
      problems.push({ path: `extensions.plugins[${i}]`, message: (err as Error).message });
    }
  });
  return found;
}

const validators = new WeakMap<object, ValidateFunction>();
const ajv = createAjv({ coerceTypes: true });

function validateOptions(schema: JsonSchema | undefined, options: Record<string, unknown>, at: string, problems: ConfigProblem[]): boolean {
  const key = schema ?? NO_OPTIONS;
  let validate = validators.get(key);
  if (!validate) {
    validate = ajv.compile(key);
    validators.set(key, validate);
  }
  const found = problemsOf(validate, options);
  for (const p of found) problems.push({ path: `${at}${p.segments.length ? '.' : ''}${pathOf(p.segments)}`, message: p.message });
  return found.length === 0;
}

export async function resolvePlugins(config: GatewayConfig, configDir: string, problems: ConfigProblem[]): Promise<PluginSpec[]> {
  const available = catalog(config, configDir, problems);
  const entries: PluginEntry[] = config.plugins ?? DEFAULT_PLUGIN_ORDER.filter((n) => available.has(n)).map((name) => ({ name }));
  const specs: PluginSpec[] = [];
  const seen = new Set<string>();
  for (const [i, entry] of entries.entries()) {
    const at = `plugins[${i}]`;
    const { name: wanted, path: modulePath, ...options } = entry;
    let ref: ModuleRef | undefined;
    try {
      ref = modulePath ? resolveModule(modulePath, configDir, false)[0] : available.get(wanted!);
    } catch (err) {
      problems.push({ path: `${at}.path`, message: (err as Error).message });
      continue;
    }
    if (!ref) {
      problems.push({ path: `${at}.name`, message: `no plugin named "${wanted}" (available: ${[...available.keys()].join(', ') || 'none'})` });
      continue;
    }
    let described: DescribedPlugin | undefined;
    try {
      described = describePlugin(await importDefault(ref), ref.source);
    } catch (err) {
      problems.push({ path: at, message: `plugin ${ref.source} failed to load: ${(err as Error).message}` });
      continue;
    }
    if (!described) {
      problems.push({ path: at, message: `${ref.source} does not default-export a plugin (definePlugin() from voxgate/kit, with name and setup())` });
      continue;
    }
    if (seen.has(described.name)) {
      problems.push({ path: at, message: `plugin "${described.name}" is listed twice` });
      continue;
    }
    seen.add(described.name);
    if (!validateOptions(described.options, options, at, problems)) continue;
    if (!checkPluginConfig(described, config, at, problems)) continue;
    specs.push({ at, name: described.name, source: ref.source, options, definition: described });
  }
  if (problems.length === 0) problems.push(...(await absentProblems(available, seen, config)));
  return specs;
}

/**
 * Fail closed: a config that asks for what an available plugin enforces
 * (auth.required: true) must not start without that plugin in the chain.
 */
async function absentProblems(available: ReadonlyMap<string, ModuleRef>, running: ReadonlySet<string>, config: GatewayConfig): Promise<ConfigProblem[]> {
  const found: ConfigProblem[] = [];
  for (const [name, ref] of available) {
    if (running.has(name)) continue;
    let definition: PluginDefinition | undefined;
    try {
      definition = describePlugin(await importDefault(ref), ref.source);
    } catch {
      continue; // not in the chain: a module that fails to load is not this config's problem
    }
    const problem = definition?.whenAbsent?.(config);
    if (problem) found.push(problem);
  }
  return found;
}

/** Runs a resolved plugin's setup with its env; what it returns is its place in the chain. */
export async function createPlugin(spec: PluginSpec, env: PluginEnv): Promise<Plugin> {
  const hooks = await spec.definition.setup(env);
  if (!hooks || typeof hooks !== 'object') throw new Error(`plugin ${spec.source} (${spec.at}): setup() must return its hooks ({ handle, onRequest, close }), or {} for none`);
  const handle = hooks.handle?.bind(hooks) ?? ((_ctx, next) => next());
  return { name: spec.name, perPart: spec.definition.perPart === true, onRequest: hooks.onRequest?.bind(hooks), validate: hooks.validate?.bind(hooks), close: hooks.close?.bind(hooks), handle };
}
