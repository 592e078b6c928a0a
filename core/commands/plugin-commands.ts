// The `voxgate` subcommands plugins bring (auth's `keys` and `token`): found
// on the built-in plugins, run with the config loader and the CLI's streams.
import { ConfigError } from '../config/errors.js';
import { loadConfig, resolveConfigFile } from '../config/load.js';
import { builtinPlugins } from '../assemble/plugin-module.js';
import type { CommandIO, PluginCommand } from '../plugin.js';

export async function pluginCommands(): Promise<PluginCommand[]> {
  return (await builtinPlugins()).flatMap((d) => d.commands ?? []);
}

export const commandIO: CommandIO = {
  out: process.stdout,
  err: process.stderr,
  loadConfig: (file) => loadConfig(resolveConfigFile(file)),
  configError: (file, problems) => new ConfigError(file, [...problems]),
};
