// The shipped config (config/gateway.yaml) as an object, ${VAR} references
// kept, so tests run what users run: its settings and, with `plugins:`
// absent, every built-in plugin in the default order.
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { defaultConfigFile } from '../../core/paths.js';

export function shippedConfig(): Record<string, unknown> {
  return parse(readFileSync(defaultConfigFile, 'utf8')) as Record<string, unknown>;
}

/** The shipped config with blocks added or replaced; `providers` entries are added to its own. */
export function shippedConfigWith(extra: Record<string, unknown> = {}): Record<string, unknown> {
  const base = shippedConfig();
  const { providers, ...rest } = extra;
  return { ...base, ...rest, providers: { ...(base.providers as object), ...(providers as object | undefined) } };
}
