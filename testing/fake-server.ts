// The shared machinery of the fake upstreams: a real HTTP server on
// loopback that records every request (headers, query, multipart fields and
// files, JSON), and injects faults on demand (a status, a delay, a hang, a
// reset mid-body, a non-JSON answer). Multipart is parsed with the WHATWG
// FormData parser, not busboy, so the gateway's encoder is checked by a
// parser it does not share.
import http, { type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedFile {
  field: string;
  filename: string;
  contentType: string;
  bytes: Buffer;
}

export interface Recorded {
  method: string;
  path: string;
  query: Record<string, string>;
  headers: IncomingHttpHeaders;
  /** Multipart text fields, in order, repeats kept. */
  fields: Record<string, string[]>;
  files: RecordedFile[];
  json?: unknown;
  raw: Buffer;
  /** Set when the gateway went away before the answer was complete. */
  aborted: boolean;
  /** Set once the whole answer has been written. */
  finished: boolean;
}

export interface Fault {
  status?: number;
  /** JSON-serialised unless a string. */
  body?: unknown;
  headers?: Record<string, string>;
  delayMs?: number;
  /** Never answer (until the caller gives up). */
  hang?: boolean;
  /** Send headers and part of the body, then destroy the socket. */
  resetMidBody?: boolean;
  /** Answer normally, but destroy the socket once this many body bytes are written (0: right after the headers). */
  cutAfterBytes?: number;
  /** How many requests this fault applies to (default 1). */
  times?: number;
  /** Only requests for which this is true. */
  match?: (req: Recorded) => boolean;
}

export abstract class FakeServer {
  readonly requests: Recorded[] = [];
  /** Added before every answer. */
  delayMs = 0;
  /** A pause between the chunks of streamed answers (audio), to show streaming. */
  chunkDelayMs = 0;
  private faults: Array<Fault & { left: number }> = [];
  private readonly server = http.createServer((req, res) => void this.dispatch(req, res));
  private readonly sockets = new Set<import('node:net').Socket>();

  constructor() {
    this.server.on('connection', (s) => {
      this.sockets.add(s);
      s.on('close', () => this.sockets.delete(s));
    });
  }

  /** The origin, e.g. http://127.0.0.1:40123 */
  get origin(): string {
    const a = this.server.address() as AddressInfo;
    return `http://127.0.0.1:${a.port}`;
  }

  async listen(port = 0): Promise<this> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, '127.0.0.1', () => {
        this.server.off('error', reject);
        resolve();
      });
    });
    return this;
  }

  async close(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /** Queue a fault for the next matching request(s). */
  fail(fault: Fault): this {
    this.faults.push({ ...fault, left: fault.times ?? 1 });
    return this;
  }

  reset(): void {
    this.requests.length = 0;
    this.faults = [];
    this.delayMs = 0;
    this.chunkDelayMs = 0;
  }

  get last(): Recorded {
    const r = this.requests.at(-1);
    if (!r) throw new Error('the fake upstream has received no request');
    return r;
  }

  protected abstract route(rec: Recorded, res: ServerResponse): Promise<void>;

  private async dispatch(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const rec = await record(req);
    this.requests.push(rec);
    res.on('finish', () => (rec.finished = true));
    res.on('close', () => {
      if (!res.writableFinished) rec.aborted = true;
    });
    const fault = this.takeFault(rec);
    const delay = (fault?.delayMs ?? 0) + this.delayMs;
    if (delay > 0) await new Promise((r) => setTimeout(r, delay));
    if (res.destroyed) return;
    if (fault?.hang) return;
    if (fault?.resetMidBody) {
      res.writeHead(fault.status ?? 200, { 'content-type': 'application/json', 'content-length': '1000', ...fault.headers });
      res.write('{"text": "this answer is cut');
      setTimeout(() => res.socket?.destroy(), 10);
      return;
    }
    if (fault?.status !== undefined) {
      const body = typeof fault.body === 'string' ? fault.body : JSON.stringify(fault.body ?? { error: { message: `fake failure ${fault.status}`, type: 'server_error', code: null, param: null } });
      const type = typeof fault.body === 'string' ? 'text/html' : 'application/json';
      res.writeHead(fault.status, { 'content-type': type, ...fault.headers });
      res.end(body);
      return;
    }
    if (fault?.cutAfterBytes !== undefined) cutAfter(res, fault.cutAfterBytes);
    try {
      await this.route(rec, res);
    } catch (err) {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { message: `fake upstream bug: ${(err as Error).message}` } }));
    }
  }

  private takeFault(rec: Recorded): Fault | undefined {
    const i = this.faults.findIndex((f) => !f.match || f.match(rec));
    if (i === -1) return undefined;
    const fault = this.faults[i]!;
    if (--fault.left <= 0) this.faults.splice(i, 1);
    return fault;
  }
}

async function record(req: IncomingMessage): Promise<Recorded> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const raw = Buffer.concat(chunks);
  const url = new URL(req.url ?? '/', 'http://fake');
  const rec: Recorded = {
    method: req.method ?? 'GET',
    path: url.pathname,
    query: Object.fromEntries(url.searchParams),
    headers: req.headers,
    fields: {},
    files: [],
    raw,
    aborted: false,
    finished: false,
  };
  const type = req.headers['content-type'] ?? '';
  if (type.startsWith('multipart/form-data')) {
    const form = await new Response(raw, { headers: { 'content-type': type } }).formData();
    for (const [name, value] of form.entries()) {
      if (typeof value === 'string') (rec.fields[name] ??= []).push(value);
      else rec.files.push({ field: name, filename: value.name, contentType: value.type, bytes: Buffer.from(await value.arrayBuffer()) });
    }
  } else if (type.startsWith('application/json') && raw.length > 0) {
    try {
      rec.json = JSON.parse(raw.toString('utf8'));
    } catch {
      rec.json = undefined;
    }
  }
  return rec;
}

/** Lets an answer start, then breaks the connection after `limit` body bytes. */
function cutAfter(res: ServerResponse, limit: number): void {
  let written = 0;
  const write = res.write.bind(res) as (chunk: unknown, ...rest: unknown[]) => boolean;
  const cut = () => setImmediate(() => res.socket?.destroy());
  res.write = ((chunk: unknown, ...rest: unknown[]) => {
    if (written >= limit) return true;
    const bytes = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
    const room = limit - written;
    written += Math.min(bytes.length, room);
    const ok = write(bytes.subarray(0, room), ...rest);
    if (written >= limit) cut();
    return ok;
  }) as typeof res.write;
  res.end = ((...args: unknown[]) => {
    void args;
    cut();
    return res;
  }) as typeof res.end;
  if (limit === 0) res.once('pipe', cut);
}

/** Writes server-sent events (data: JSON), pausing between them as a real upstream does. */
export async function sendEvents(res: ServerResponse, events: unknown[], pauseMs = 0): Promise<void> {
  res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache' });
  for (const event of events) {
    if (res.destroyed) return;
    if (!res.write(`data: ${JSON.stringify(event)}\n\n`)) await new Promise((r) => res.once('drain', r));
    await new Promise((r) => (pauseMs > 0 ? setTimeout(r, pauseMs) : setImmediate(r)));
  }
  res.end();
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

/** Writes `bytes` in chunks, pausing between them, as a real upstream streams. */
export async function sendChunked(res: ServerResponse, status: number, contentType: string, bytes: Buffer, pauseMs = 0, chunkSize = 8192): Promise<void> {
  res.writeHead(status, { 'content-type': contentType });
  for (let i = 0; i < bytes.length && !res.destroyed; i += chunkSize) {
    if (!res.write(bytes.subarray(i, i + chunkSize))) await new Promise((r) => res.once('drain', r));
    await new Promise((r) => (pauseMs > 0 ? setTimeout(r, pauseMs) : setImmediate(r)));
  }
  res.end();
}
