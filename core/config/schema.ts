// The gateway's config schema, assembled: core's sections plus each plugin's
// own (its `config` contribution). A key or definition claimed twice is a
// plugin bug, named with both owners. config/gateway.schema.json is this
// assembly for the built-ins (`voxgate schema` prints it).
import type { PluginConfigSchema } from '../plugin.js';
import type { JsonSchema } from '../json-schema.js';
import { CORE_SCHEMA } from './core-schema.js';

export interface SchemaContribution {
  /** The plugin's name, for messages. */
  readonly owner: string;
  readonly config?: PluginConfigSchema;
}

type Schemas = Record<string, JsonSchema>;

function claim(into: Schemas, owners: Map<string, string>, name: string, schema: JsonSchema, owner: string, what: string): void {
  const taken = owners.get(name) ?? (name in into ? 'the gateway' : undefined);
  if (taken !== undefined) throw new Error(`plugin "${owner}" declares the ${what} "${name}", which ${taken === 'the gateway' ? 'the gateway' : `plugin "${taken}"`} already owns`);
  into[name] = schema;
  owners.set(name, owner);
}

/** Core's schema with every contribution's section and definitions added (a fresh object each call). */
export function assembleSchema(contributions: readonly SchemaContribution[], base: JsonSchema = CORE_SCHEMA): JsonSchema {
  const properties: Schemas = { ...(base.properties as Schemas) };
  const defs: Schemas = { ...(base.$defs as Schemas) };
  const keyOwners = new Map<string, string>();
  const defOwners = new Map<string, string>();
  for (const { owner, config } of contributions) {
    if (!config) continue;
    if ((config.key === undefined) !== (config.schema === undefined)) throw new Error(`plugin "${owner}": config needs both key and schema for its section`);
    if (config.key !== undefined && config.schema !== undefined) claim(properties, keyOwners, config.key, config.schema, owner, 'config section');
    for (const [name, schema] of Object.entries(config.defs ?? {})) claim(defs, defOwners, name, schema, owner, 'schema definition');
  }
  return { ...base, properties, $defs: defs };
}

/** The top-level keys a schema knows. */
export const sectionKeys = (schema: JsonSchema): string[] => Object.keys(schema.properties as Schemas);

/** The same schema without refusing unknown top-level keys (they may belong to an extension plugin, checked once it is loaded). */
export const openTopLevel = (schema: JsonSchema): JsonSchema => {
  const { additionalProperties: _closed, ...open } = schema;
  return open;
};
