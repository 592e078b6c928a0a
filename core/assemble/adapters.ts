// Loads every provider adapter: the built-ins under dist/providers and the
// modules named in `extensions.providers`, keyed by the adapter's id.
import path from 'node:path';
import { importDefault, resolveModule, scanFolder, type ModuleRef } from '../discovery.js';
import { distRoot } from '../paths.js';
import { CONTRACT_VERSION } from '../plugin.js';
import type { ProviderAdapter } from '../provider.js';
import { pathOf, type ConfigProblem } from '../config/errors.js';
import { declarationProblems } from '../params/check.js';

/** A defineAdapter() value (or an object literal of the same shape with its contractVersion). */
function asAdapter(exported: unknown, source: string): ProviderAdapter | undefined {
  const candidate = exported as Partial<ProviderAdapter> | null;
  if (!candidate || typeof candidate !== 'object') return undefined;
  if (candidate.contractVersion !== CONTRACT_VERSION) {
    if (typeof candidate.id === 'string') throw new Error(`${source} declares contractVersion ${String(candidate.contractVersion)}; this gateway speaks ${CONTRACT_VERSION} (wrap it in defineAdapter() from voxgate/kit)`);
    return undefined;
  }
  if (typeof candidate.id !== 'string' || typeof candidate.capabilities !== 'object') return undefined;
  if (typeof candidate.transcribe !== 'function' && typeof candidate.speak !== 'function') return undefined;
  return candidate as ProviderAdapter;
}

export async function loadAdapters(
  extensions: readonly string[],
  configDir: string,
  problems: ConfigProblem[],
): Promise<Map<string, ProviderAdapter>> {
  const refs: Array<{ ref: ModuleRef; at: string }> = scanFolder(path.join(distRoot, 'providers')).map((ref) => ({ ref, at: 'providers/' }));
  extensions.forEach((ext, i) => {
    try {
      for (const ref of resolveModule(ext, configDir, true)) refs.push({ ref, at: pathOf(['extensions', 'providers', i]) });
    } catch (err) {
      problems.push({ path: pathOf(['extensions', 'providers', i]), message: (err as Error).message });
    }
  });
  const adapters = new Map<string, ProviderAdapter>();
  for (const { ref, at } of refs) {
    let adapter: ProviderAdapter | undefined;
    try {
      adapter = asAdapter(await importDefault(ref), ref.source);
    } catch (err) {
      problems.push({ path: at, message: `${ref.source} failed to load: ${(err as Error).message}` });
      continue;
    }
    if (!adapter) {
      problems.push({ path: at, message: `${ref.source} does not default-export a provider adapter (defineAdapter() from voxgate/kit, with id, capabilities, and transcribe() or speak())` });
    } else if (adapters.has(adapter.id)) {
      problems.push({ path: at, message: `${ref.source} declares adapter type "${adapter.id}", which another adapter already has` });
    } else if (declarationProblems(adapter).length > 0) {
      for (const message of declarationProblems(adapter)) problems.push({ path: at, message: `${ref.source}: ${message}` });
    } else {
      adapters.set(adapter.id, adapter);
    }
  }
  return adapters;
}
