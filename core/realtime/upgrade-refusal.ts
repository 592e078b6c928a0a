// A refused upgrade is an HTTP answer on the raw socket, in the error shape:
// the client sees 401, 403, 429 … before any socket opens (and before any
// upstream connection is made).
import { STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import type { GatewayError } from '../errors.js';
import { errorBody } from '../http/error-body.js';

const SAFE_HEADER = /^[a-z0-9-]+$/;

export function refuseUpgrade(socket: Duplex, err: GatewayError, requestId: string, headers: Readonly<Record<string, string>> = {}): void {
  const body = JSON.stringify(errorBody(err, { requestId, requestType: 'transcription' }));
  const extra = Object.entries({ ...headers, ...err.headers }).filter(([name, value]) => SAFE_HEADER.test(name) && !/[\r\n]/.test(value));
  const head = [
    `HTTP/1.1 ${err.status} ${STATUS_CODES[err.status] ?? 'Error'}`,
    'content-type: application/json',
    `content-length: ${Buffer.byteLength(body)}`,
    `x-request-id: ${requestId}`,
    'connection: close',
    ...extra.map(([name, value]) => `${name}: ${value}`),
  ];
  if (!socket.writable) return void socket.destroy();
  socket.end(`${head.join('\r\n')}\r\n\r\n${body}`);
}
