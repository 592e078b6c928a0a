// `voxgate serve`'s flags: --config, --port, --host, --store and --workers, which
// override the config file (and the VOXGATE_* variables it reads).
import { parseArgs } from 'node:util';
import type { GatewayConfig } from '../config/types.js';

export interface ServeFlags {
  config?: string;
  port?: number;
  host?: string;
  store?: string;
  workers?: number | 'auto';
}

export const SERVE_USAGE = 'voxgate serve [--config FILE] [--port N] [--host H] [--store URL] [--workers N|auto]';

/** Thrown for a flag the user must fix; the CLI prints it and exits 2. */
export class UsageError extends Error {}

function portOf(text: string): number {
  const port = /^\d+$/.test(text) ? Number(text) : NaN;
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port "${text}" is not a port: give a number from 0 to 65535 (0 picks a free one).`);
  return port;
}

function workersOf(text: string): number | 'auto' {
  if (text === 'auto') return 'auto';
  const n = /^\d+$/.test(text) ? Number(text) : NaN;
  if (!Number.isInteger(n) || n < 1 || n > 256) throw new UsageError(`--workers "${text}" is not a worker count: give a number from 1 to 256, or auto (one per CPU).`);
  return n;
}

export function parseServeFlags(args: string[]): ServeFlags {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args,
      strict: true,
      options: { config: { type: 'string', short: 'c' }, port: { type: 'string', short: 'p' }, host: { type: 'string' }, store: { type: 'string' }, workers: { type: 'string', short: 'w' } },
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
  const workers = text('workers');
  return {
    config: text('config'),
    port: port === undefined ? undefined : portOf(port),
    host: text('host'),
    store: text('store'),
    ...(workers !== undefined && { workers: workersOf(workers) }),
  };
}

/** The config with the flags applied: flags beat the file and its variables. */
export function applyServeFlags(config: GatewayConfig, flags: ServeFlags): GatewayConfig {
  return {
    ...config,
    server: { ...config.server, ...(flags.port !== undefined && { port: flags.port }), ...(flags.host !== undefined && { host: flags.host }), ...(flags.workers !== undefined && { workers: flags.workers }) },
    store: flags.store === undefined ? config.store : { ...config.store, url: flags.store },
  };
}
