// How many processes `voxgate serve` runs (server.workers / --workers), and
// why more than one needs the Redis store: each worker is its own process, so
// memory:// would give every worker its own rate-limit counters, cache, async
// jobs and virtual-key usage, silently multiplying every limit by N.
import os from 'node:os';
import type { GatewayConfig } from '../config/types.js';
import { ConfigError, type ConfigProblem } from '../config/errors.js';

export type WorkersSetting = number | 'auto';

/** `auto`: one worker per CPU the process may use. */
export function workerCount(setting: WorkersSetting | undefined, cpus: number = os.availableParallelism()): number {
  if (setting === undefined) return 1;
  return setting === 'auto' ? Math.max(1, cpus) : setting;
}

/** What is wrong with running `workers` processes on this config, if anything. */
export function workersProblems(config: GatewayConfig, workers: number): ConfigProblem[] {
  if (workers > 1 && config.store.url.startsWith('memory://')) {
    return [
      {
        path: 'server.workers',
        message:
          `${workers} workers need a shared store: with store.url memory:// each worker would keep its own rate limits, cache, ` +
          'async jobs and key usage (limits multiplied by the worker count, jobs lost between workers). ' +
          'Set store.url (or --store) to redis://host:port, or run one worker.',
      },
    ];
  }
  return [];
}

export function checkWorkers(config: GatewayConfig, file: string, cpus?: number): number {
  const workers = workerCount(config.server.workers, cpus);
  const problems = workersProblems(config, workers);
  if (problems.length) throw new ConfigError(file, problems);
  return workers;
}
