// The bench's bare Node anchor: what any Node proxy must spend per request.
// node:http in, an undici pool out (keep-alive), the body piped both ways,
// no parsing: /v1/... is forwarded to --upstream with the request's
// content-type and the upstream key. Prints {"url": ...} once it listens.
//   node dist/test/bench/byte-proxy.js --upstream http://127.0.0.1:N/v1 [--port N]
import http from 'node:http';
import { proxyProcess, serveProxy } from './proxy-process.js';

const proxy = proxyProcess();
const { upstream, base, pool, authorization } = proxy;

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
serveProxy(server, proxy);
