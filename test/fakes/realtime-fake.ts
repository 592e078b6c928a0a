// The shared half of the fake realtime upstreams: a WebSocket server on
// loopback that records every connection (path, query, headers, frames, how
// it closed) and can refuse the upgrade or die at a chosen point, so tests
// see what the gateway sent and how it behaved when the vendor failed.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket, type RawData } from 'ws';

export interface RecordedFrame {
  text?: string;
  binary?: Buffer;
}

export interface FakeConnection {
  path: string;
  query: URLSearchParams;
  headers: http.IncomingHttpHeaders;
  frames: RecordedFrame[];
  socket: WebSocket;
  /** Resolves with the close code once the socket is closed (by either side). */
  closed: Promise<number>;
  isClosed: boolean;
  /** The most bytes the fake's socket held unsent: the gateway stopped reading it. */
  maxBuffered: number;
  /** JSON frames, parsed. */
  json(): Array<Record<string, unknown>>;
}

export interface RealtimeFakeOptions {
  /** Answer every upgrade with this HTTP status instead of a socket. */
  refuseWith?: number;
  /** Close with 1011 after this many audio frames, before any transcript. */
  dieAfterAudio?: number;
  /** Close with 1011 right after the first completed transcript. */
  dieAfterTranscript?: boolean;
  /** The key the fake expects (its own header); anything else is refused with 401. */
  expectKey?: string;
  /** On a commit, this many transcription deltas of 16 KiB each before the completion (a vendor faster than the client). */
  floodOnCommit?: number;
}

export type FakeHandler = (conn: FakeConnection, frame: RecordedFrame, send: (event: Record<string, unknown>) => void) => void;

const frameOf = (data: RawData, isBinary: boolean): RecordedFrame => {
  const buf = Buffer.isBuffer(data) ? data : Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data);
  return isBinary ? { binary: buf } : { text: buf.toString('utf8') };
};

export class RealtimeFake {
  readonly connections: FakeConnection[] = [];
  private constructor(
    private readonly server: http.Server,
    private readonly wss: WebSocketServer,
    readonly url: string,
  ) {}

  static async start(opts: RealtimeFakeOptions, keyOf: (headers: http.IncomingHttpHeaders) => string | undefined, onOpen: (conn: FakeConnection, send: (e: Record<string, unknown>) => void) => void, onFrame: FakeHandler): Promise<RealtimeFake> {
    const server = http.createServer((_req, res) => res.writeHead(426).end());
    const wss = new WebSocketServer({ noServer: true });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const fake = new RealtimeFake(server, wss, `http://127.0.0.1:${port}`);
    server.on('upgrade', (req, socket, head) => {
      const refuse = opts.refuseWith ?? (opts.expectKey !== undefined && keyOf(req.headers) !== opts.expectKey ? 401 : undefined);
      if (refuse !== undefined) {
        const body = JSON.stringify({ error: { message: `refused with ${refuse}`, type: 'invalid_request_error' } });
        socket.end(`HTTP/1.1 ${refuse} Refused\r\ncontent-type: application/json\r\ncontent-length: ${body.length}\r\nconnection: close\r\n\r\n${body}`);
        return;
      }
      wss.handleUpgrade(req, socket, head, (ws) => fake.accept(ws, req, opts, onOpen, onFrame));
    });
    return fake;
  }

  private accept(ws: WebSocket, req: http.IncomingMessage, opts: RealtimeFakeOptions, onOpen: (conn: FakeConnection, send: (e: Record<string, unknown>) => void) => void, onFrame: FakeHandler): void {
    const url = new URL(req.url ?? '/', 'http://fake');
    let resolveClosed: (code: number) => void = () => undefined;
    const conn: FakeConnection = {
      path: url.pathname,
      query: url.searchParams,
      headers: req.headers,
      frames: [],
      socket: ws,
      closed: new Promise<number>((resolve) => (resolveClosed = resolve)),
      isClosed: false,
      maxBuffered: 0,
      json: () => conn.frames.flatMap((f) => (f.text === undefined ? [] : [JSON.parse(f.text) as Record<string, unknown>])),
    };
    this.connections.push(conn);
    let audioFrames = 0;
    let dead = false;
    const send = (event: Record<string, unknown>): void => {
      if (dead || ws.readyState !== ws.OPEN) return;
      ws.send(JSON.stringify(event));
      conn.maxBuffered = Math.max(conn.maxBuffered, ws.bufferedAmount);
      if (opts.dieAfterTranscript && String(event.type ?? event.message_type ?? '').match(/completed|committed_transcript|^Results$/) && (event.type !== 'Results' || event.is_final === true)) {
        dead = true;
        ws.close(1011, 'fake died after a transcript');
      }
    };
    ws.on('close', (code) => {
      conn.isClosed = true;
      resolveClosed(code);
    });
    ws.on('message', (data, isBinary) => {
      const frame = frameOf(data, isBinary);
      conn.frames.push(frame);
      const isAudio = frame.binary !== undefined || /input_audio_buffer\.append|input_audio_chunk/.test(frame.text ?? '');
      if (isAudio && opts.dieAfterAudio !== undefined && ++audioFrames >= opts.dieAfterAudio && !dead) {
        dead = true;
        ws.close(1011, 'fake died before a transcript');
        return;
      }
      if (!dead) onFrame(conn, frame, send);
    });
    onOpen(conn, send);
  }

  /** The latest connection, once it exists. */
  async connection(index = 0): Promise<FakeConnection> {
    for (let i = 0; i < 500 && this.connections.length <= index; i++) await new Promise((resolve) => setTimeout(resolve, 10));
    const conn = this.connections[index];
    if (!conn) throw new Error(`no upstream connection #${index}`);
    return conn;
  }

  async close(): Promise<void> {
    for (const client of this.wss.clients) client.terminate();
    this.wss.close();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
