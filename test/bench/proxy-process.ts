// What the bench's Node proxies share as processes: their flags, the upstream
// pool, listening on loopback (printing {"url": ...} for the harness), and
// closing on SIGTERM.
import type http from 'node:http';
import { parseArgs } from 'node:util';
import { Pool } from 'undici';

export interface ProxyProcess {
  upstream: URL;
  /** The upstream's path prefix (…/v1 without a trailing slash). */
  base: string;
  pool: Pool;
  authorization: string;
  /** Where to listen on loopback (0: a free port). */
  port: number;
}

export function proxyProcess(): ProxyProcess {
  const { values } = parseArgs({ options: { upstream: { type: 'string' }, port: { type: 'string', default: '0' }, key: { type: 'string', default: 'sk-bench-upstream' } } });
  if (!values.upstream) throw new Error('--upstream URL is required');
  const upstream = new URL(values.upstream);
  const pool = new Pool(upstream.origin, { connections: 128, keepAliveTimeout: 10_000 });
  return { upstream, base: upstream.pathname.replace(/\/$/, ''), pool, authorization: `Bearer ${values.key}`, port: Number(values.port) };
}

export function serveProxy(server: http.Server, proxy: ProxyProcess): void {
  server.keepAliveTimeout = 60_000;
  server.listen(proxy.port, '127.0.0.1', () => {
    const { port } = server.address() as import('node:net').AddressInfo;
    process.stdout.write(`${JSON.stringify({ url: `http://127.0.0.1:${port}` })}\n`);
  });
  const stop = () => {
    server.close();
    server.closeAllConnections();
    void proxy.pool.close().then(() => process.exit(0));
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}
