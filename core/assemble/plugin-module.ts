// What counts as a plugin module: a definePlugin() value (or an object
// literal of its shape with the contractVersion), and the built-ins found
// under dist/plugins. Shared by the chain, the config schema and the CLI.
import path from 'node:path';
import { importDefault, scanFolder, type ModuleRef } from '../discovery.js';
import { distRoot } from '../paths.js';
import { CONTRACT_VERSION, type PluginDefinition } from '../plugin.js';

/** The definition `exported` is, undefined when it is none; throws for one of another contract version. */
export function describePlugin(exported: unknown, source: string): PluginDefinition | undefined {
  const obj = exported as Partial<PluginDefinition> | null;
  if (!obj || typeof obj !== 'object' || typeof obj.name !== 'string') return undefined;
  if (obj.contractVersion !== CONTRACT_VERSION) {
    if (typeof obj.setup === 'function') throw new Error(`${source} declares contractVersion ${String(obj.contractVersion)}; this gateway speaks ${CONTRACT_VERSION} (wrap it in definePlugin() from voxgate/kit)`);
    return undefined;
  }
  if (typeof obj.setup !== 'function') return undefined;
  return obj as PluginDefinition;
}

/** The built-in plugins' folders (dist/plugins/<name>). */
export const builtinPluginRefs = (): ModuleRef[] => scanFolder(path.join(distRoot, 'plugins'));

/** Every built-in plugin's definition, in folder order. */
export async function builtinPlugins(): Promise<PluginDefinition[]> {
  const found: PluginDefinition[] = [];
  for (const ref of builtinPluginRefs()) {
    const definition = describePlugin(await importDefault(ref), ref.source);
    if (definition) found.push(definition);
  }
  return found;
}
