// Finds adapters and plugins: every folder under dist/providers and
// dist/plugins whose index module default-exports one, plus the modules and
// folders named in config (paths relative to the config file, or packages).
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';

export interface ModuleRef {
  /** The folder name, or the file's base name for single-file modules. */
  name: string;
  /** What the user wrote or where it was found, for messages. */
  source: string;
  /** Absolute file path or package specifier to import. */
  specifier: string;
}

const INDEX_FILES = ['index.js', 'index.mjs'];

function indexOf(folder: string): string | undefined {
  for (const f of INDEX_FILES) {
    const file = path.join(folder, f);
    if (existsSync(file)) return file;
  }
  return undefined;
}

/** Every subfolder of `dir` with an index module. */
export function scanFolder(dir: string): ModuleRef[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .flatMap((d) => {
      const index = indexOf(path.join(dir, d.name));
      return index ? [{ name: d.name, source: path.join(dir, d.name), specifier: index }] : [];
    })
    .sort((a, b) => a.name.localeCompare(b.name));
}

/**
 * A module named in config: a .js file, a folder with an index module, a
 * folder of such folders (when `allowCollections`), or an installed package.
 */
export function resolveModule(ref: string, baseDir: string, allowCollections: boolean): ModuleRef[] {
  const looksLikePath = ref.startsWith('.') || ref.startsWith('/') || ref.includes(path.sep);
  if (looksLikePath) {
    const abs = path.resolve(baseDir, ref);
    if (!existsSync(abs)) throw new Error(`${ref}: no such file or folder (looked at ${abs})`);
    if (statSync(abs).isFile()) return [{ name: path.basename(abs).replace(/\.[cm]?js$/, ''), source: ref, specifier: abs }];
    const index = indexOf(abs);
    if (index) return [{ name: path.basename(abs), source: ref, specifier: index }];
    const inner = allowCollections ? scanFolder(abs) : [];
    if (inner.length === 0) throw new Error(`${ref}: the folder has no index.js${allowCollections ? ' and no subfolders with one' : ''}`);
    return inner;
  }
  try {
    const specifier = createRequire(path.join(baseDir, 'noop.js')).resolve(ref);
    return [{ name: ref, source: ref, specifier }];
  } catch {
    throw new Error(`${ref}: no such package is installed (npm install it, or give a path starting with ./)`);
  }
}

/** The module's default export (or the module itself when it has none). */
export async function importDefault(ref: ModuleRef): Promise<unknown> {
  const url = path.isAbsolute(ref.specifier) ? pathToFileURL(ref.specifier).href : ref.specifier;
  const mod = (await import(url)) as { default?: unknown };
  return mod.default ?? mod;
}
