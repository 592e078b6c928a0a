// The `voxgate` subcommands plugins bring (auth's `keys` and `token`): found
// on the built-in plugins, run with the config loader and the CLI's streams.
import path from 'node:path';
import { ConfigError } from '../config/errors.js';
import { loadConfig, resolveConfigFile } from '../config/load.js';
import { importDefault, scanFolder } from '../discovery.js';
import { distRoot } from '../paths.js';
import { CONTRACT_VERSION, type CommandIO, type PluginCommand, type PluginDefinition } from '../plugin.js';

export async function pluginCommands(): Promise<PluginCommand[]> {
  const commands: PluginCommand[] = [];
  for (const ref of scanFolder(path.join(distRoot, 'plugins'))) {
    const definition = (await importDefault(ref)) as Partial<PluginDefinition> | null;
    if (definition?.contractVersion === CONTRACT_VERSION) commands.push(...(definition.commands ?? []));
  }
  return commands;
}

export const commandIO: CommandIO = {
  out: process.stdout,
  err: process.stderr,
  loadConfig: (file) => loadConfig(resolveConfigFile(file)),
  configError: (file, problems) => new ConfigError(file, [...problems]),
};
