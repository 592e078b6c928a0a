// The plugin chain from the `plugins:` list: each entry found (a built-in by
// name, an extension folder's plugin, or a module by path), its options
// checked against the plugin's options schema, then set up in list order.
import type { ValidateFunction } from 'ajv';
import { importDefault, resolveModule, type ModuleRef } from '../discovery.js';
import { pathOf, type ConfigProblem } from '../config/errors.js';
import { builtinPluginDefinitions, gatewaySchema } from '../config/load.js';
import { assembleSchema, sectionKeys } from '../config/schema.js';
import type { GatewayConfig, PluginEntry } from '../config/types.js';
import type { JsonSchema } from '../json-schema.js';
import { readFileSync } from 'node:fs';
import { defaultChainFile } from '../paths.js';
import type { Plugin, PluginDefinition, PluginEnv } from '../plugin.js';
import { createAjv, problemsOf } from '../validation.js';
import { builtinPluginRefs, describePlugin } from './plugin-module.js';

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
  const found = new Map(builtinPluginRefs().map((r) => [r.name, r]));
  config.extensions.plugins.forEach((ext, i) => {
    try {
      for (const ref of resolveModule(ext, configDir, true)) found.set(ref.name, ref);
    } catch (err) {
      problems.push({ path: pathOf(['extensions', 'plugins', i]), message: (err as Error).message });
    }
  });
  return found;
}

const validators = new WeakMap<object, ValidateFunction>();
const ajv = createAjv({ coerceTypes: true });

/** Problems of `value` against `schema` (defaults filled in place), each at `at` plus its key path. */
function validateAt(schema: JsonSchema, value: unknown, at: string, problems: ConfigProblem[]): boolean {
  let validate = validators.get(schema);
  if (!validate) {
    validate = ajv.compile(schema);
    validators.set(schema, validate);
  }
  const found = problemsOf(validate, value);
  for (const p of found) problems.push({ path: pathOf(p.segments, at), message: p.message });
  return found.length === 0;
}

const validateOptions = (schema: JsonSchema | undefined, options: Record<string, unknown>, at: string, problems: ConfigProblem[]): boolean =>
  validateAt(schema ?? NO_OPTIONS, options, at, problems);

/**
 * Extension plugins' own sections, now that they are loaded (the built-ins'
 * were checked with the file), then the top-level keys nobody owns.
 */
function checkSections(config: GatewayConfig, specs: readonly PluginSpec[], problems: ConfigProblem[]): void {
  const extensions = specs.filter((s) => !builtinPluginDefinitions.includes(s.definition));
  let schema: JsonSchema;
  try {
    schema = assembleSchema(extensions.map((s) => ({ owner: s.name, config: s.definition.config })), gatewaySchema);
  } catch (err) {
    problems.push({ path: 'plugins', message: (err as Error).message });
    return;
  }
  // Each section validated as a property of the whole file, so a section's own `default` fills an absent one.
  for (const { definition } of extensions) {
    const { key, schema: section } = definition.config ?? {};
    if (key !== undefined && section !== undefined) validateAt({ type: 'object', properties: { [key]: section }, $defs: schema.$defs }, config, '', problems);
  }
  const known = sectionKeys(schema);
  for (const key of Object.keys(config)) if (!known.includes(key)) problems.push({ path: key, message: `is not a known key (known: ${known.join(', ')})` });
}

export async function resolvePlugins(config: GatewayConfig, configDir: string, problems: ConfigProblem[]): Promise<PluginSpec[]> {
  const available = catalog(config, configDir, problems);
  const entries: PluginEntry[] = config.plugins ?? DEFAULT_PLUGIN_ORDER.filter((n) => available.has(n)).map((name) => ({ name }));
  const specs: PluginSpec[] = [];
  const seen = new Set<string>();
  for (const [i, entry] of entries.entries()) {
    const at = pathOf(['plugins', i]);
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
  checkSections(config, specs, problems);
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
  return { name: spec.name, perPart: spec.definition.perPart === true, onRequest: hooks.onRequest?.bind(hooks), onSession: hooks.onSession?.bind(hooks), validate: hooks.validate?.bind(hooks), close: hooks.close?.bind(hooks), handle };
}
