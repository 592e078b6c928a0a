// Loads the YAML config: read, parse, resolve environment references, then
// validate against config/gateway.schema.json (filling defaults). Adapter and
// plugin blocks are checked later, once discovery knows their schemas.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseDocument } from 'yaml';
import { configSchemaFile, defaultConfigFile } from '../paths.js';
import { createAjv, problemsOf } from '../validation.js';
import { ConfigError, joinPath, type ConfigProblem } from './errors.js';
import { interpolate } from './interpolate.js';
import type { GatewayConfig, LoadedConfig } from './types.js';

type Env = Readonly<Record<string, string | undefined>>;

/** --config FILE wins, then VOXGATE_CONFIG, then the embedded default. */
export function resolveConfigFile(flag: string | undefined, env: Env = process.env): string {
  const chosen = flag ?? env.VOXGATE_CONFIG;
  return chosen ? path.resolve(chosen) : defaultConfigFile;
}

export const pathOf = (segments: ReadonlyArray<string | number>): string =>
  segments.reduce<string>((acc, s) => joinPath(acc, s), '');

let validateMain: ReturnType<ReturnType<typeof createAjv>['compile']> | undefined;

function mainValidator() {
  // coerceTypes: values from ${VAR} arrive as strings ("8080" for a port).
  validateMain ??= createAjv({ coerceTypes: true }).compile(JSON.parse(readFileSync(configSchemaFile, 'utf8')));
  return validateMain;
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
  const schemaProblems: ConfigProblem[] = problemsOf(mainValidator(), value).map((p) => ({ path: pathOf(p.segments), message: p.message }));
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
