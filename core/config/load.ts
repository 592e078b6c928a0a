// Loads the YAML config: read, parse, resolve environment references, then
// validate against the assembled schema (core's sections and the built-in
// plugins' own, defaults filled). Adapter blocks and extension plugins'
// sections are checked later, once discovery knows their schemas.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseDocument } from 'yaml';
import { builtinPlugins } from '../assemble/plugin-module.js';
import type { JsonSchema } from '../json-schema.js';
import type { PluginDefinition } from '../plugin.js';
import { defaultConfigFile } from '../paths.js';
import { createAjv, problemsOf } from '../validation.js';
import { ConfigError, pathOf, type ConfigProblem } from './errors.js';
import { interpolate } from './interpolate.js';
import { assembleSchema, openTopLevel } from './schema.js';
import type { GatewayConfig, LoadedConfig } from './types.js';

type Env = Readonly<Record<string, string | undefined>>;

/** --config FILE wins, then VOXGATE_CONFIG, then the embedded default. */
export function resolveConfigFile(flag: string | undefined, env: Env = process.env): string {
  const chosen = flag ?? env.VOXGATE_CONFIG;
  return chosen ? path.resolve(chosen) : defaultConfigFile;
}

/** The built-in plugins, loaded once: their sections are part of every config file's schema. */
export const builtinPluginDefinitions: readonly PluginDefinition[] = Object.freeze(await builtinPlugins());

/** The schema a config file is checked against: core's sections and every built-in plugin's (what `voxgate schema` prints). */
export const gatewaySchema: JsonSchema = assembleSchema(builtinPluginDefinitions.map((d) => ({ owner: d.name, config: d.config })));

/** The assembled schema as config/gateway.schema.json holds it. */
export const gatewaySchemaText = (): string => `${JSON.stringify(gatewaySchema, null, 2)}\n`;

type Validate = ReturnType<ReturnType<typeof createAjv>['compile']>;
const validators: { closed?: Validate; open?: Validate } = {};

/** Closed: unknown top-level keys are refused now. Open: an extension plugin may own them (checked when it loads). */
function validator(which: 'closed' | 'open'): Validate {
  // coerceTypes: values from ${VAR} arrive as strings ("8080" for a port).
  return (validators[which] ??= createAjv({ coerceTypes: true }).compile(which === 'closed' ? gatewaySchema : openTopLevel(gatewaySchema)));
}

/** Whether the file loads plugins from outside the package, whose sections only they know. */
function loadsExtensionPlugins(raw: Record<string, unknown>): boolean {
  const { extensions, plugins } = raw as { extensions?: { plugins?: unknown }; plugins?: unknown };
  const listed = Array.isArray(extensions?.plugins) && extensions.plugins.length > 0;
  return listed || (Array.isArray(plugins) && plugins.some((p) => typeof p === 'object' && p !== null && 'path' in p));
}

export function parseConfigText(text: string, file: string, env: Env = process.env): LoadedConfig {
  const doc = parseDocument(text, { prettyErrors: true, uniqueKeys: true });
  if (doc.errors.length > 0) {
    throw new ConfigError(file, doc.errors.map((e) => ({ path: '', message: e.message.split('\n')[0] ?? e.message })));
  }
  const raw: unknown = doc.toJS() ?? {};
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new ConfigError(file, [{ path: '', message: 'the file must hold a mapping of keys (server:, providers:, …)' }]);
  }
  const { value, problems, envRefs } = interpolate(raw, env);
  const validate = validator(loadsExtensionPlugins(value as Record<string, unknown>) ? 'open' : 'closed');
  const schemaProblems: ConfigProblem[] = problemsOf(validate, value).map((p) => ({ path: pathOf(p.segments), message: p.message }));
  const all = [...problems, ...schemaProblems];
  if (all.length > 0) throw new ConfigError(file, all);
  return { config: value as GatewayConfig, file, envRefs };
}

export function loadConfig(file: string, env: Env = process.env): LoadedConfig {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    const reason = (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'file not found' : (err as Error).message;
    throw new ConfigError(file, [{ path: '', message: `cannot read the config file: ${reason}` }]);
  }
  return parseConfigText(text, file, env);
}
