// The bench's bare Node anchor: what any Node proxy must spend per request.
// node:http in, an undici pool out (keep-alive), the body piped both ways,
// no parsing: /v1/... is forwarded to --upstream with the request's
// content-type and the upstream key. Prints {"url": ...} once it listens.
//   node dist/test/bench/byte-proxy.js --upstream http://127.0.0.1:N/v1 [--port N]
import http from 'node:http';
import { parseArgs } from 'node:util';
import { Pool } from 'undici';

const { values } = parseArgs({ options: { upstream: { type: 'string' }, port: { type: 'string', default: '0' }, key: { type: 'string', default: 'sk-bench-upstream' } } });
if (!values.upstream) throw new Error('--upstream URL is required');
const upstream = new URL(values.upstream);
const base = upstream.pathname.replace(/\/$/, '');
const pool = new Pool(upstream.origin, { connections: 128, keepAliveTimeout: 10_000 });
const authorization = `Bearer ${values.key}`;

const server = http.createServer((req, res) => {
  const path = `${base}${(req.url ?? '/').replace(/^\/v1/, '')}`;
  const headers: Record<string, string> = { authorization };
  if (req.headers['content-type']) headers['content-type'] = req.headers['content-type'];
  if (req.headers['content-length']) headers['content-length'] = req.headers['content-length'];
  pool.request({ origin: upstream.origin, path, method: req.method === 'GET' ? 'GET' : 'POST', headers, body: req.method === 'GET' ? undefined : req }).then(
    (up) => {
      const ct = up.headers['content-type'];
      res.writeHead(up.statusCode, typeof ct === 'string' ? { 'content-type': ct } : {});
      up.body.pipe(res);
      up.body.once('error', () => res.destroy());
    },
    () => {
      if (!res.headersSent) res.writeHead(502).end();
      else res.destroy();
    },
  );
});
server.keepAliveTimeout = 60_000;
server.listen(Number(values.port), '127.0.0.1', () => {
  const { port } = server.address() as import('node:net').AddressInfo;
  process.stdout.write(`${JSON.stringify({ url: `http://127.0.0.1:${port}` })}\n`);
});
const stop = () => {
  server.close();
  server.closeAllConnections();
  void pool.close().then(() => process.exit(0));
};
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
