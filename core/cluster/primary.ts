// `voxgate serve` with more than one worker: the primary process forks the
// workers (node:cluster, one port shared), says it listens once every worker
// does, replaces a worker that dies, and on SIGTERM/SIGINT tells every worker
// to drain (finish in-flight requests, then close) and exits when all have.
import cluster, { type Worker } from 'node:cluster';
import type { Logger } from '../logger.js';

/** The message a worker drains on (a worker also drains on its own signals and when the primary goes away). */
export const STOP_MESSAGE = { voxgate: 'stop' } as const;

export const isStopMessage = (m: unknown): boolean => typeof m === 'object' && m !== null && (m as { voxgate?: unknown }).voxgate === 'stop';

export interface PrimaryOptions {
  workers: number;
  logger: Logger;
  /** For the listening line. */
  config: string;
  store: string;
  /** After this, workers still draining are killed. */
  shutdownTimeoutMs: number;
}

function urlOf(address: { address: string | null; port: number; addressType?: number | string }): string {
  const host = address.address ?? '127.0.0.1';
  return `http://${host.includes(':') ? `[${host}]` : host}:${address.port}`;
}

/** Forks the workers and resolves once all listen; rejects (having stopped the others) if one exits first. */
export async function runPrimary(options: PrimaryOptions): Promise<void> {
  const { logger } = options;
  const listening = new Set<Worker>();
  let stopping = false;
  let url = '';

  const fork = (): Worker => cluster.fork({ VOXGATE_WORKER: '1' });
  const pids = () => Object.values(cluster.workers ?? {}).flatMap((w) => (w?.process.pid === undefined ? [] : [w.process.pid]));

  const stop = (signal: string): void => {
    if (stopping) {
      logger.warn({ signal }, 'second signal: killing the workers');
      for (const w of Object.values(cluster.workers ?? {})) w?.process.kill('SIGKILL');
      process.exit(1);
    }
    stopping = true;
    logger.info({ signal, workers: pids() }, 'shutting down: every worker finishes its in-flight requests');
    const workers = Object.values(cluster.workers ?? {}).filter((w): w is Worker => w !== undefined);
    const timer = setTimeout(() => {
      logger.error({ pids: pids() }, 'workers still running past the shutdown deadline: killed');
      for (const w of workers) w.process.kill('SIGKILL');
    }, options.shutdownTimeoutMs + 5000);
    timer.unref();
    let failed = false;
    void Promise.all(
      workers.map(
        (w) =>
          new Promise<void>((resolve) => {
            if (w.isDead()) return resolve();
            w.once('exit', (code: number | null) => {
              if (code !== 0) failed = true;
              resolve();
            });
            // A worker still starting has no drain handler yet: its default SIGTERM ends it.
            if (listening.has(w) && w.isConnected()) w.send(STOP_MESSAGE);
            else w.process.kill('SIGTERM');
          }),
      ),
    ).then(() => {
      logger.info({ failed }, 'every worker stopped');
      process.exit(failed ? 1 : 0);
    });
  };
  // From the start: a signal while the workers start stops them too, never orphans them.
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));

  cluster.on('listening', (worker, address) => {
    listening.add(worker);
    url = urlOf(address);
  });
  cluster.on('exit', (worker) => listening.delete(worker));

  await new Promise<void>((resolve, reject) => {
    const onListening = () => {
      if (listening.size === options.workers) {
        cluster.off('listening', onListening);
        cluster.off('exit', onEarlyExit);
        resolve();
      }
    };
    const onEarlyExit = (worker: Worker, code: number | null, signal: string | null) => {
      if (stopping) return;
      cluster.off('listening', onListening);
      cluster.off('exit', onEarlyExit);
      for (const w of Object.values(cluster.workers ?? {})) w?.process.kill('SIGKILL');
      reject(new Error(`worker ${worker.process.pid} exited at start-up (${signal ?? `code ${code}`}); its output above says why`));
    };
    cluster.on('listening', onListening);
    cluster.on('exit', onEarlyExit);
    for (let i = 0; i < options.workers; i++) fork();
  });
  logger.info({ url, config: options.config, store: options.store, workers: options.workers, pids: pids() }, 'voxgate listening');

  cluster.on('exit', (worker, code, signal) => {
    if (stopping) return;
    logger.error({ pid: worker.process.pid, code, signal }, 'a worker died: starting another');
    fork();
  });
}
