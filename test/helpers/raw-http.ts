// Raw HTTP over a socket, for what fetch will not send: truncated bodies,
// lying content-lengths, and uploads that stop half-way.
import net from 'node:net';

export interface RawAnswer {
  status: number;
  headers: Record<string, string>;
  body: string;
  /** Bytes of the request body written before the answer arrived. */
  sentBeforeAnswer: number;
}

/**
 * Sends `head` (request line and headers) and then body chunks from
 * `chunks` until an answer arrives or they run out; resolves with the
 * answer (after the server closes or the body is complete).
 */
export function rawRequest(url: string, head: string, chunks: Iterable<Buffer>, timeoutMs = 10_000, pauseMs = 1): Promise<RawAnswer> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = net.connect(Number(port), hostname);
    let received = '';
    let sent = 0;
    let sentAtFirstByte = -1;
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`no complete answer within ${timeoutMs} ms; got: ${received.slice(0, 200)}`));
    }, timeoutMs);
    const finish = () => {
      clearTimeout(timer);
      const [headText = '', ...rest] = received.split('\r\n\r\n');
      const [statusLine = '', ...headerLines] = headText.split('\r\n');
      const headers = Object.fromEntries(headerLines.map((l) => [l.slice(0, l.indexOf(':')).toLowerCase(), l.slice(l.indexOf(':') + 1).trim()]));
      resolve({ status: Number(statusLine.split(' ')[1]), headers, body: rest.join('\r\n\r\n'), sentBeforeAnswer: sentAtFirstByte });
    };
    socket.on('data', (d) => {
      if (sentAtFirstByte === -1) sentAtFirstByte = sent;
      received += d.toString('utf8');
      const [headText, body] = received.split('\r\n\r\n');
      const length = /content-length:\s*(\d+)/i.exec(headText ?? '')?.[1];
      if (length !== undefined && body !== undefined && Buffer.byteLength(body) >= Number(length)) {
        socket.destroy();
        finish();
      }
    });
    socket.on('close', () => {
      if (received) finish();
    });
    socket.on('error', () => {
      if (received) finish();
    });
    socket.on('connect', async () => {
      socket.write(head);
      for (const chunk of chunks) {
        if (sentAtFirstByte !== -1 || socket.destroyed) break;
        const ok = socket.write(chunk);
        sent += chunk.length;
        if (!ok) await new Promise((r) => socket.once('drain', r));
        await new Promise((r) => setTimeout(r, pauseMs));
      }
    });
  });
}
