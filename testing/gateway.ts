// Starts a real gateway on loopback from a config object, with its log lines
// captured so tests can assert on them (and on the absence of secrets).
import { Writable } from 'node:stream';
import path from 'node:path';
import { stringify } from 'yaml';
import { parseConfigText } from '../core/config/load.js';
import { Gateway } from '../core/gateway.js';
import { createLogger } from '../core/logger.js';

export class LogCapture extends Writable {
  readonly lines: string[] = [];
  override _write(chunk: Buffer, _enc: string, done: () => void): void {
    for (const line of chunk.toString('utf8').split('\n')) if (line.trim()) this.lines.push(line);
    done();
  }
  get records(): Array<Record<string, unknown>> {
    return this.lines.map((l) => JSON.parse(l) as Record<string, unknown>);
  }
  get text(): string {
    return this.lines.join('\n');
  }
}

export interface TestGateway {
  gateway: Gateway;
  url: string;
  logs: LogCapture;
  close(): Promise<void>;
}

export interface StartOptions {
  /** The environment ${VAR} references in the config read (none by default: tests see no host secrets). */
  env?: Record<string, string | undefined>;
  /** Where relative paths in the config (path:, extensions:) resolve from; the working directory by default. */
  configDir?: string;
  logLevel?: string;
}

/** A gateway from `config` (a gateway.yaml as an object), listening on a free loopback port. */
export async function startGateway(config: Record<string, unknown>, options: StartOptions = {}): Promise<TestGateway> {
  const file = path.join(options.configDir ?? process.cwd(), 'test-gateway.yaml');
  // A test's request log lives in memory unless the config names a store: no ./data left in the caller's folder.
  const withDefaults = { ...config, server: { host: '127.0.0.1', port: 0, ...(config.server as object) }, logs: { store: 'sqlite://:memory:', ...(config.logs as object) } };
  const loaded = parseConfigText(stringify(withDefaults), file, options.env ?? {});
  const logs = new LogCapture();
  const logger = createLogger({ level: options.logLevel ?? 'info', destination: 'stdout', pretty: false }, logs);
  const gateway = await Gateway.create(loaded, { logger });
  await gateway.listen(0, '127.0.0.1');
  return { gateway, url: gateway.url, logs, close: () => gateway.close() };
}
