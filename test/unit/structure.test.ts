// The extension contract's boundaries, checked on the source tree: core names
// no vendor and no built-in plugin, built-ins import only the kit (plus their
// own files, node: builtins and npm packages), and nothing in plugins/ or
// providers/ casts through `as unknown as`. Each rule also runs on a small
// bad sample, so a checker that silently matches nothing fails here.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

interface Source {
  /** Repository-relative, with forward slashes: "core/logger.ts". */
  file: string;
  text: string;
}

function sources(folder: string): Source[] {
  return readdirSync(path.join(repo, folder), { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'))
    .map((f) => path.join(folder, f).split(path.sep).join('/'))
    .map((file) => ({ file, text: readFileSync(path.join(repo, file), 'utf8') }));
}

const lineOf = (text: string, index: number): number => text.slice(0, index).split('\n').length;

function matches(src: Source, pattern: RegExp, why: string): string[] {
  return [...src.text.matchAll(pattern)].map((m) => `${src.file}:${lineOf(src.text, m.index)}: ${why} (${m[0]})`);
}

// The gateway's own API is OpenAI's dialect (its routes, its examples), so
// "OpenAI" is not vendor knowledge here; every other vendor is.
const VENDOR = /elevenlabs|azure|xi-api-key|x-ms-[a-z-]+|whisper\.cpp|deepgram|assemblyai/gi;
const vendorNames = (src: Source): string[] => matches(src, VENDOR, 'a vendor named in core');

const builtinPlugins: readonly string[] = JSON.parse(readFileSync(path.join(repo, 'plugins', 'default-chain.json'), 'utf8')) as string[];

function pluginNames(src: Source, names: readonly string[] = builtinPlugins): string[] {
  const literal = new RegExp(`['"\`](${names.map((n) => n.replace(/[-]/g, '\\-')).join('|')})['"\`]`, 'g');
  return matches(src, literal, 'a built-in plugin named in core');
}

// `from` as a keyword, not the end of a string ('from' is a query parameter of the admin API).
const SPECIFIER = /(?:(?<![\w'"`])from\s*|\bimport\s*\(\s*|^\s*import\s+)['"]([^'"]+)['"]/gm;
const KERNEL_ONLY = new Set(['tsyringe', 'reflect-metadata']);
const dependencies = new Set(Object.keys((JSON.parse(readFileSync(path.join(repo, 'package.json'), 'utf8')) as { dependencies: Record<string, string> }).dependencies));
/** The OpenAI wire format, shared by the adapters whose vendors speak it. */
const SHARED_PROVIDER_MODULES = new Set(['providers/openai/wire.ts', 'providers/openai/realtime-wire.ts']);

/** Imports a built-in may not make: core beyond the kit, another extension, a kernel-only package. */
function boundaryImports(src: Source, deps: ReadonlySet<string> = dependencies): string[] {
  const [top, own] = src.file.split('/');
  const problems: string[] = [];
  for (const m of src.text.matchAll(SPECIFIER)) {
    const spec = m[1]!;
    const at = `${src.file}:${lineOf(src.text, m.index)}`;
    if (spec.startsWith('node:')) continue;
    if (!spec.startsWith('.')) {
      const pkg = spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0]!;
      if (KERNEL_ONLY.has(pkg)) problems.push(`${at}: imports ${spec}, which only the kernel uses`);
      else if (!deps.has(pkg)) problems.push(`${at}: imports ${spec}, not a dependency in package.json`);
      continue;
    }
    const target = path.posix.normalize(path.posix.join(path.posix.dirname(src.file), spec)).replace(/\.js$/, '.ts');
    if (target === 'core/kit.ts') continue;
    if (target.startsWith(`${top}/${own}/`)) continue;
    if (top === 'providers' && SHARED_PROVIDER_MODULES.has(target)) continue;
    problems.push(`${at}: imports ${spec} (${target}); built-ins import only core/kit.js and their own files`);
  }
  return problems;
}

const casts = (src: Source): string[] => matches(src, /\bas unknown as\b/g, 'a cast through unknown');

const builtins = (): Source[] => [...sources('plugins'), ...sources('providers')];

test('core names no vendor: vendor fields, headers and docs come from the adapters', () => {
  assert.deepEqual(sources('core').flatMap(vendorNames), []);
  const bad = { file: 'core/bad.ts', text: "const h = 'xi-api-key';\n// as Azure SDK clients send it\n" };
  assert.equal(vendorNames(bad).length, 2, 'the checker finds both');
});

// A vendor's own request params live in its adapter (capabilities.<type>.accepts.own), never in core's types or schemas.
const VENDOR_PARAMS = /\b(language_code|pronunciation_dictionary_locators|enable_logging|optimize_streaming_latency|with_timestamps)\b/g;
const vendorParams = (src: Source): string[] => matches(src, VENDOR_PARAMS, "a vendor's own param named in core");

test("core names no vendor's own params: they are declared by the adapters and reach them in providerOptions", () => {
  assert.deepEqual(sources('core').flatMap(vendorParams), []);
  const bad = { file: 'core/types.ts', text: 'export interface SpeechRequest {\n  with_timestamps?: boolean;\n  language_code?: string;\n}\n' };
  assert.equal(vendorParams(bad).length, 2, 'the checker finds both');
  const own = sources('providers').filter((s) => s.text.search(VENDOR_PARAMS) >= 0);
  assert.ok(own.some((s) => s.file === 'providers/elevenlabs/params.ts'), 'the adapter that takes them declares them');
});

test('core names no built-in plugin: no p.name === "auth", no default list in code', () => {
  assert.ok(builtinPlugins.includes('auth') && builtinPlugins.length >= 6, 'the default chain lists the built-ins');
  assert.deepEqual(sources('core').flatMap((s) => pluginNames(s)), []);
  const bad = { file: 'core/bad.ts', text: "if (plugins.some((p) => p.name === 'auth')) {}\nconst order = [\"rate-limit\"];\n" };
  assert.equal(pluginNames(bad).length, 2, 'the checker finds both');
});

test('built-in plugins and adapters import only the kit, their own files, node: and npm packages', () => {
  assert.deepEqual(builtins().flatMap((s) => boundaryImports(s)), []);
  const bad = {
    file: 'plugins/cache/bad.ts',
    text: [
      "import { GatewayError } from '../../core/errors.js';",
      "import { checkFallbackCount } from '../fallback/limits.js';",
      "import { injectable } from 'tsyringe';",
      "import { thing } from 'not-a-dependency';",
      "import { ok } from '../../core/kit.js';",
      "import { fine } from './entry.js';",
      "const params = ['from', 'to'];",
      "import { randomUUID } from 'node:crypto';",
    ].join('\n'),
  };
  assert.equal(boundaryImports(bad).length, 4, boundaryImports(bad).join('\n'));
  const sibling = { file: 'providers/azure/bad.ts', text: "import { x } from '../elevenlabs/settings.js';\nimport { y } from '../openai/wire.js';\n" };
  assert.equal(boundaryImports(sibling).length, 1, 'only the shared OpenAI wire module may be imported across adapters');
});

test('no `as unknown as` in plugins/ or providers/: options and settings are typed from their schemas', () => {
  assert.deepEqual(builtins().flatMap(casts), []);
  assert.equal(casts({ file: 'providers/x/bad.ts', text: 'const s = call.provider.settings as unknown as Settings;' }).length, 1);
});

// Bifrost's wire names (its header prefix, its error field, its key prefix)
// are written once, in core/bifrost-names.ts; comments may mention them.
const BIFROST = /x-bf-|is_bifrost_error|sk-bf-/g;
const BIFROST_MODULE = 'core/bifrost-names.ts';
const withoutComments = (text: string): string => text.replace(/\/\*[\s\S]*?\*\//g, (c) => c.replace(/[^\n]/g, ' ')).replace(/(^|[^:'"`])\/\/.*$/gm, '$1');

function bifrostNames(src: Source): string[] {
  if (src.file === BIFROST_MODULE) return [];
  return matches({ file: src.file, text: withoutComments(src.text) }, BIFROST, "a Bifrost wire name outside core/bifrost-names.ts");
}

test("Bifrost's wire names are written once, in the module that keeps them for compatibility", () => {
  const all = [...sources('core'), ...sources('plugins'), ...sources('providers'), ...sources('testing')];
  assert.ok(all.some((s) => s.file === BIFROST_MODULE && s.text.includes("'is_bifrost_error'")));
  assert.deepEqual(all.flatMap(bifrostNames), []);
  const bad = { file: 'plugins/x/bad.ts', text: "// x-bf-vk is fine in a comment\nconst h = 'x-bf-cache-key';\nconst k = `sk-bf-${rest}`;\n" };
  assert.equal(bifrostNames(bad).length, 2, bifrostNames(bad).join('\n'));
});
