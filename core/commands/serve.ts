// `voxgate serve`: load the config, start the gateway, and shut it down
// gracefully on SIGTERM/SIGINT.
import { Gateway } from '../gateway.js';
import { loadConfig, resolveConfigFile } from '../config/load.js';

export async function serve(configFlag: string | undefined): Promise<void> {
  const loaded = loadConfig(resolveConfigFile(configFlag));
  const gateway = await Gateway.create(loaded);
  const { server } = loaded.config;
  try {
    await gateway.listen(server.port, server.host);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why = code === 'EADDRINUSE' ? 'the port is in use' : code === 'EACCES' ? 'permission denied' : (err as Error).message;
    await gateway.close();
    throw new Error(`cannot listen on ${server.host}:${server.port}: ${why} (set server.port in ${loaded.file})`);
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
