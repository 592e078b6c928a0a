// Deadlines for reading a request body: all of it within body_timeout_s,
// and no pause longer than idle_timeout_s. A slow-loris upload, or one a
// client abandoned half-way without closing, gets a 408 in the error shape
// instead of holding a socket and upload budget forever.
import type { IncomingMessage } from 'node:http';
import { GatewayError } from '../errors.js';

export interface BodyDeadlines {
  totalMs: number;
  idleMs: number;
}

const requestTimeout = (message: string): GatewayError =>
  new GatewayError({ status: 408, type: 'invalid_request_error', code: 'request_timeout', message, headers: { connection: 'close' } });

/** Resolves as `read` does, unless a deadline passes first. */
export async function withinDeadlines<T>(req: IncomingMessage, deadlines: BodyDeadlines, read: Promise<T>): Promise<T> {
  let total: NodeJS.Timeout | undefined;
  let onIdle: (() => void) | undefined;
  const expired = new Promise<never>((_, reject) => {
    total = setTimeout(() => reject(requestTimeout(`The request body did not arrive whole within ${deadlines.totalMs / 1000} s (server.body_timeout_s).`)), deadlines.totalMs);
    // The socket's own inactivity timer: no bytes for idleMs while the body is being read. Node
    // destroys a timed-out socket unless the request listens for 'timeout', so listen there: the 408 gets written.
    onIdle = () => reject(requestTimeout(`The request body stopped arriving for ${deadlines.idleMs / 1000} s (server.idle_timeout_s).`));
    req.once('timeout', onIdle);
    req.socket.setTimeout(deadlines.idleMs);
  });
  try {
    return await Promise.race([read, expired]);
  } finally {
    clearTimeout(total);
    req.socket.setTimeout(0);
    if (onIdle) req.off('timeout', onIdle);
  }
}
