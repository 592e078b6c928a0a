// `voxgate serve`'s flags: --config, --port, --host and --store, which
// override the config file (and the VOXGATE_* variables it reads).
import { parseArgs } from 'node:util';
import type { GatewayConfig } from '../config/types.js';

export interface ServeFlags {
  config?: string;
  port?: number;
  host?: string;
  store?: string;
}

export const SERVE_USAGE = 'voxgate serve [--config FILE] [--port N] [--host H] [--store URL]';

/** Thrown for a flag the user must fix; the CLI prints it and exits 2. */
export class UsageError extends Error {}

function portOf(text: string): number {
  const port = /^\d+$/.test(text) ? Number(text) : NaN;
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port "${text}" is not a port: give a number from 0 to 65535 (0 picks a free one).`);
  return port;
}

export function parseServeFlags(args: string[]): ServeFlags {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args,
      strict: true,
      options: { config: { type: 'string', short: 'c' }, port: { type: 'string', short: 'p' }, host: { type: 'string' }, store: { type: 'string' } },
    }));
  } catch (err) {
    throw new UsageError(`${(err as Error).message}\nUsage: ${SERVE_USAGE}`);
  }
  const text = (name: string): string | undefined => {
    const v = values[name];
    if (v === undefined) return undefined;
    if (typeof v !== 'string' || v.trim() === '') throw new UsageError(`--${name} needs a value.\nUsage: ${SERVE_USAGE}`);
    return v.trim();
  };
  const port = text('port');
  return { config: text('config'), port: port === undefined ? undefined : portOf(port), host: text('host'), store: text('store') };
}

/** The config with the flags applied: flags beat the file and its variables. */
export function applyServeFlags(config: GatewayConfig, flags: ServeFlags): GatewayConfig {
  return {
    ...config,
    server: { ...config.server, ...(flags.port !== undefined && { port: flags.port }), ...(flags.host !== undefined && { host: flags.host }) },
    store: flags.store === undefined ? config.store : { ...config.store, url: flags.store },
  };
}
