// The bench's parsing Node anchor: the least a proxy that reads what it
// forwards must do, as the gateway must. node:http in, an undici pool out;
// a multipart upload is parsed with busboy (the model read, its provider
// prefix dropped) and re-encoded to the upstream as its parts arrive, the
// file's chunks streamed through; a JSON body is parsed and re-serialised;
// a JSON answer is parsed and re-serialised, audio is piped back. No
// auth, limits, logs or metrics: beside the byte proxy it shows what the
// parsing itself costs. Prints {"url": ...} once it listens.
//   node dist/test/bench/parse-proxy.js --upstream http://127.0.0.1:N/v1 [--port N]
import http from 'node:http';
import { PassThrough, type Readable } from 'node:stream';
import busboy from 'busboy';
import { proxyProcess, serveProxy } from './proxy-process.js';

const proxy = proxyProcess();
const { upstream, base, pool, authorization } = proxy;
const BOUNDARY = 'parse-proxy-boundary-7f3a9c';
const unprefixed = (model: unknown): string => String(model).replace(/^[^/]+\//, '');

function fail(res: http.ServerResponse, status: number): void {
  if (!res.headersSent) res.writeHead(status, { 'content-type': 'application/json' }).end('{"error":{"message":"parse-proxy"}}');
  else res.destroy();
}

/** Sends `body` upstream and answers with what comes back: JSON parsed and re-serialised, anything else piped. */
function forward(req: http.IncomingMessage, res: http.ServerResponse, headers: Record<string, string>, body: string | Readable): void {
  const path = `${base}${(req.url ?? '/').replace(/^\/v1/, '')}`;
  pool.request({ origin: upstream.origin, path, method: 'POST', headers: { authorization, ...headers }, body }).then(
    async (up) => {
      const ct = up.headers['content-type'];
      if (typeof ct === 'string' && ct.startsWith('application/json')) {
        const answer = JSON.stringify(JSON.parse(await up.body.text()));
        res.writeHead(up.statusCode, { 'content-type': ct, 'content-length': Buffer.byteLength(answer) }).end(answer);
        return;
      }
      res.writeHead(up.statusCode, typeof ct === 'string' ? { 'content-type': ct } : {});
      up.body.pipe(res);
      up.body.once('error', () => res.destroy());
    },
    () => fail(res, 502),
  ).catch(() => fail(res, 502));
}

function multipart(req: http.IncomingMessage, res: http.ServerResponse): void {
  const out = new PassThrough();
  const parser = busboy({ headers: req.headers });
  let started = false;
  parser.on('field', (name, value) => {
    out.write(`--${BOUNDARY}\r\ncontent-disposition: form-data; name="${name}"\r\n\r\n${name === 'model' ? unprefixed(value) : value}\r\n`);
    if (name === 'model' && !started) {
      started = true;
      forward(req, res, { 'content-type': `multipart/form-data; boundary=${BOUNDARY}` }, out);
    }
  });
  parser.on('file', (name, file, info) => {
    out.write(`--${BOUNDARY}\r\ncontent-disposition: form-data; name="${name}"; filename="${info.filename}"\r\ncontent-type: ${info.mimeType}\r\n\r\n`);
    file.on('data', (chunk: Buffer) => out.write(chunk));
    file.on('end', () => out.write('\r\n'));
  });
  parser.on('close', () => {
    if (!started) fail(res, 400); // no model field before the file
    out.end(`--${BOUNDARY}--\r\n`);
  });
  parser.on('error', () => fail(res, 400));
  req.pipe(parser);
}

function json(req: http.IncomingMessage, res: http.ServerResponse): void {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    try {
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>;
      const text = JSON.stringify({ ...body, model: unprefixed(body.model) });
      forward(req, res, { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(text)) }, text);
    } catch {
      fail(res, 400);
    }
  });
}

const server = http.createServer((req, res) => {
  if ((req.headers['content-type'] ?? '').startsWith('multipart/form-data')) multipart(req, res);
  else json(req, res);
});
serveProxy(server, proxy);
