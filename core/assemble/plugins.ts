// The plugin chain from the `plugins:` list: each entry found (a built-in by
// name, an extension folder's plugin, or a module by path), its options
// checked against the plugin's configSchema, then instantiated in list order.
import path from 'node:path';
import type { DependencyContainer } from 'tsyringe';
import type { ValidateFunction } from 'ajv';
import { TOKENS, instantiate, isClass, type Constructor } from '../container.js';
import { importDefault, resolveModule, scanFolder, type ModuleRef } from '../discovery.js';
import { pathOf } from '../config/load.js';
import type { ConfigProblem } from '../config/errors.js';
import type { GatewayConfig, PluginEntry } from '../config/types.js';
import type { JsonSchema } from '../json-schema.js';
import { distRoot } from '../paths.js';
import type { Plugin } from '../plugin.js';
import { createAjv, problemsOf } from '../validation.js';

/** The built-ins, in the order they run when `plugins:` is absent. */
export const DEFAULT_PLUGIN_ORDER = ['auth', 'rate-limit', 'async-job', 'cache', 'fallback', 'logging'] as const;

/** Plugins written as classes carry their name and schema as statics. */
interface PluginClass extends Constructor<Plugin> {
  pluginName: string;
  configSchema?: JsonSchema;
  checkConfig?: Plugin['checkConfig'];
}

export interface PluginSpec {
  /** Where in config it came from ("plugins[2]"), for messages. */
  at: string;
  name: string;
  source: string;
  options: Record<string, unknown>;
  make: (container: DependencyContainer) => Plugin;
}

const NO_OPTIONS: JsonSchema = { type: 'object', additionalProperties: false, properties: {} };

interface DescribedPlugin {
  name: string;
  schema?: JsonSchema;
  check?: Plugin['checkConfig'];
  make: PluginSpec['make'];
}

function describePlugin(exported: unknown): DescribedPlugin | undefined {
  if (isClass(exported)) {
    const cls = exported as PluginClass;
    if (typeof cls.pluginName !== 'string') return undefined;
    return { name: cls.pluginName, schema: cls.configSchema, check: cls.checkConfig?.bind(cls), make: (c) => instantiate(cls, c) };
  }
  const obj = exported as Partial<Plugin> | null;
  if (!obj || typeof obj !== 'object' || typeof obj.name !== 'string' || typeof obj.handle !== 'function') return undefined;
  return { name: obj.name, schema: obj.configSchema, check: obj.checkConfig?.bind(obj), make: () => obj as Plugin };
}

/** The plugin's own look at the rest of the config; a throw is reported, not crashed on. */
function checkPluginConfig(described: DescribedPlugin, config: GatewayConfig, at: string, problems: ConfigProblem[]): boolean {
  try {
    const found = described.check?.(config) ?? [];
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
      described = describePlugin(await importDefault(ref));
    } catch (err) {
      problems.push({ path: at, message: `plugin ${ref.source} failed to load: ${(err as Error).message}` });
      continue;
    }
    if (!described) {
      problems.push({ path: at, message: `${ref.source} does not default-export a plugin (an object with name and handle(), or a class with a static pluginName)` });
      continue;
    }
    if (seen.has(described.name)) {
      problems.push({ path: at, message: `plugin "${described.name}" is listed twice` });
      continue;
    }
    seen.add(described.name);
    if (!validateOptions(described.schema, options, at, problems)) continue;
    if (!checkPluginConfig(described, config, at, problems)) continue;
    const make = described.make;
    specs.push({ at, name: described.name, source: ref.source, options, make: (c) => make(c) });
  }
  return specs;
}

/** Instantiates a resolved plugin; a class gets its options injected as TOKENS.PluginOptions. */
export function createPlugin(spec: PluginSpec, container: DependencyContainer): Plugin {
  const scope = container.createChildContainer();
  scope.register(TOKENS.PluginOptions, { useValue: Object.freeze({ ...spec.options }) });
  const plugin = spec.make(scope);
  if (typeof plugin.handle !== 'function') throw new Error(`plugin ${spec.source} (${spec.at}) has no handle() method`);
  return plugin;
}
