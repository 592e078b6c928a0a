// `voxgate serve`: load the config, apply the flags, start the gateway (or,
// with server.workers > 1, a node:cluster primary forking that many), and
// shut it down gracefully on SIGTERM/SIGINT.
import cluster from 'node:cluster';
import { isStopMessage, runPrimary } from '../cluster/primary.js';
import { checkWorkers } from '../cluster/workers.js';
import { Gateway } from '../gateway.js';
import { createLogger } from '../logger.js';
import { loadConfig, resolveConfigFile } from '../config/load.js';
import { applyServeFlags, type ServeFlags } from './serve-flags.js';

/** Why listening failed, with what to change: the flag and the variable the embedded default reads. */
function listenFailure(err: unknown, host: string, port: number, file: string): Error {
  const code = (err as NodeJS.ErrnoException).code;
  const portHint = `pick another port with --port N or VOXGATE_PORT=N (server.port in ${file})`;
  if (code === 'EADDRINUSE') return new Error(`cannot listen on ${host}:${port}: the port is in use; ${portHint}.`);
  if (code === 'EACCES') return new Error(`cannot listen on ${host}:${port}: permission denied (ports below 1024 need privileges); ${portHint}.`);
  if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND' || code === 'EAI_AGAIN') {
    return new Error(`cannot listen on ${host}:${port}: no such local address; pick another with --host H or VOXGATE_HOST=H (server.host in ${file}).`);
  }
  return new Error(`cannot listen on ${host}:${port}: ${(err as Error).message}`);
}

export async function serve(flags: ServeFlags = {}): Promise<void> {
  const loaded = loadConfig(resolveConfigFile(flags.config));
  const config = applyServeFlags(loaded.config, flags);
  const workers = checkWorkers(config, loaded.file);
  if (workers > 1 && cluster.isPrimary) {
    const logger = createLogger(config.log);
    return runPrimary({ workers, logger, config: loaded.file, store: config.store.url.split('://')[0]!, shutdownTimeoutMs: config.server.shutdown_timeout_s * 1000 });
  }
  // A worker whose primary goes away while it starts must not linger; once listening it drains instead.
  let orphaned = (): void => process.exit(1);
  if (cluster.isWorker) process.once('disconnect', () => orphaned());
  const gateway = await Gateway.create({ ...loaded, config });
  const { server } = config;
  try {
    await gateway.listen(server.port, server.host);
  } catch (err) {
    await gateway.close();
    throw listenFailure(err, server.host, server.port, loaded.file);
  }
  const started = { url: gateway.url, config: loaded.file, store: gateway.store.kind, providers: gateway.providers.names() };
  if (cluster.isWorker) gateway.logger.info({ ...started, pid: process.pid }, 'voxgate worker listening');
  else gateway.logger.info(started, 'voxgate listening');

  let stopping = false;
  const stop = (signal: string, fromPrimary = false): void => {
    if (stopping && fromPrimary) return;
    if (stopping) {
      gateway.logger.warn({ signal }, 'second signal: exiting now');
      process.exit(1);
    }
    stopping = true;
    gateway.logger.info({ signal }, 'shutting down: no new requests, finishing in-flight ones');
    gateway.close().then(
      () => process.exit(0),
      (err: unknown) => {
        gateway.logger.error({ err }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));
  if (cluster.isWorker) {
    // The primary asks every worker to drain; a worker whose primary is gone drains too.
    process.on('message', (m: unknown) => isStopMessage(m) && stop('primary', true));
    orphaned = () => stop('primary gone', true);
  }
}
