// Where the installed package lives: compiled code runs from dist/, while the
// config files and schemas stay at the package root.
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { readFileSync } from 'node:fs';

/** The package root (the folder holding package.json). */
export const packageRoot = path.resolve(fileURLToPath(new URL('.', import.meta.url)), '..', '..');

/** Compiled built-ins: dist/providers and dist/plugins. */
export const distRoot = path.resolve(fileURLToPath(new URL('.', import.meta.url)), '..');

export const defaultConfigFile = path.join(packageRoot, 'config', 'gateway.yaml');
export const configSchemaFile = path.join(packageRoot, 'config', 'gateway.schema.json');
/** The built-in plugins' order when `plugins:` is absent: data beside them, so core names none. */
export const defaultChainFile = path.join(packageRoot, 'plugins', 'default-chain.json');

/** The installed package's version, for the OpenAPI document and logs. */
export const packageVersion: string = (JSON.parse(readFileSync(path.join(packageRoot, 'package.json'), 'utf8')) as { version: string }).version;
