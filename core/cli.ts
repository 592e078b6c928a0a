#!/usr/bin/env node
// The `voxgate` command: serve, check-config, keys create, token.
import { parseArgs } from 'node:util';
import { ConfigError } from './config/errors.js';
import { checkConfig } from './commands/check-config.js';
import { KEYS_USAGE, keysCommand } from './commands/keys.js';
import { serve } from './commands/serve.js';
import { TOKEN_USAGE, tokenCommand } from './commands/token.js';

const HELP = `voxgate: a self-hosted gateway for speech AI

Usage:
  voxgate serve [--config FILE]          start the gateway
  voxgate check-config [--config FILE]   validate the config and print it, secrets redacted
  ${KEYS_USAGE}        make a virtual key (sk-bf-…) and its sha256 for auth.virtual_keys
  ${TOKEN_USAGE}
                                         mint a JWT signed with auth.jwt.secret (ttl default 1h)

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
    case 'keys':
      return keysCommand(rest);
    case 'token':
      return tokenCommand(rest);
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
