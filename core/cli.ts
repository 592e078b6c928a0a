#!/usr/bin/env node
// The `voxgate` command: serve and check-config, plus the commands plugins
// bring (auth's `keys create` and `token`).
import { parseArgs } from 'node:util';
import { ConfigError } from './config/errors.js';
import { SERVE_USAGE, UsageError, parseServeFlags } from './commands/serve-flags.js';
import type { PluginCommand } from './plugin.js';

const helpText = (commands: readonly PluginCommand[]): string => `voxgate: a self-hosted gateway for speech AI

Usage:
  ${SERVE_USAGE}
                                         start the gateway; the flags override the config
  voxgate check-config [--config FILE]   validate the config and print it, secrets redacted
${commands.map((c) => `  ${c.usage}
                                         ${c.summary}
`).join('')}
The config file is --config FILE, else $VOXGATE_CONFIG, else the embedded
config/gateway.yaml (which reads VOXGATE_HOST, VOXGATE_PORT, VOXGATE_STORE_URL,
OPENAI_API_KEY and OPENAI_BASE_URL).
`;

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  // Loaded on demand: a plugin's command need not load the gateway, nor serve the plugins' commands.
  const { commandIO, pluginCommands } = await import('./commands/plugin-commands.js');
  const commands = command === 'serve' || command === 'check-config' ? [] : await pluginCommands();
  const HELP = helpText(commands);
  if (command === undefined || command === 'help' || command === '--help' || command === '-h') {
    process.stdout.write(HELP);
    return command === undefined ? 1 : 0;
  }
  switch (command) {
    case 'serve': {
      const { serve } = await import('./commands/serve.js');
      await serve(parseServeFlags(rest));
      return -1; // keep running
    }
    case 'check-config': {
      const { values } = parseArgs({ args: rest, options: { config: { type: 'string', short: 'c' } } });
      const { checkConfig } = await import('./commands/check-config.js');
      await checkConfig(values.config);
      return 0;
    }
    default: {
      const plugin = commands.find((c) => c.name === command);
      if (plugin) return plugin.run(rest, commandIO);
      process.stderr.write(`voxgate: unknown command "${command}"\n\n${HELP}`);
      return 2;
    }
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    if (code >= 0) process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(err instanceof ConfigError ? `${err.message}\n` : `voxgate: ${(err as Error).message ?? String(err)}\n`);
    process.exit(err instanceof ConfigError ? 78 : err instanceof UsageError ? 2 : 1);
  },
);
