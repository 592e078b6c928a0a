#!/usr/bin/env node
// The `voxgate` command: serve, check-config.
import { parseArgs } from 'node:util';
import { ConfigError } from './config/errors.js';
import { checkConfig } from './commands/check-config.js';
import { serve } from './commands/serve.js';

const HELP = `voxgate: a self-hosted gateway for speech AI

Usage:
  voxgate serve [--config FILE]          start the gateway
  voxgate check-config [--config FILE]   validate the config and print it, secrets redacted

The config file is --config FILE, else $VOXGATE_CONFIG, else config/gateway.yaml.
`;

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined || command === 'help' || command === '--help' || command === '-h') {
    process.stdout.write(HELP);
    return command === undefined ? 1 : 0;
  }
  switch (command) {
    case 'serve': {
      const { values } = parseArgs({ args: rest, options: { config: { type: 'string', short: 'c' } } });
      await serve(values.config);
      return -1; // keep running
    }
    case 'check-config': {
      const { values } = parseArgs({ args: rest, options: { config: { type: 'string', short: 'c' } } });
      await checkConfig(values.config);
      return 0;
    }
    default:
      process.stderr.write(`voxgate: unknown command "${command}"\n\n${HELP}`);
      return 2;
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    if (code >= 0) process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(err instanceof ConfigError ? `${err.message}\n` : `voxgate: ${(err as Error).message ?? String(err)}\n`);
    process.exit(err instanceof ConfigError ? 78 : 1);
  },
);
