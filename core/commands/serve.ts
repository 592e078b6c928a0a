// `voxgate serve`: load the config, apply the flags, start the gateway, and
// shut it down gracefully on SIGTERM/SIGINT.
import { Gateway } from '../gateway.js';
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
  const gateway = await Gateway.create({ ...loaded, config });
  const { server } = config;
  try {
    await gateway.listen(server.port, server.host);
  } catch (err) {
    await gateway.close();
    throw listenFailure(err, server.host, server.port, loaded.file);
  }
  gateway.logger.info({ url: gateway.url, config: loaded.file, store: gateway.store.kind, providers: gateway.providers.names() }, 'voxgate listening');

  let stopping = false;
  const stop = (signal: string): void => {
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
}
