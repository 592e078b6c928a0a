// What the HTTP parser refuses before any route runs (headers too large or
// too slow, a malformed request line) answered in the error shape too,
// instead of Node's bare status line.
import type { Server } from 'node:http';
import type { Socket } from 'node:net';
import { randomUUID } from 'node:crypto';
import { GatewayError } from '../errors.js';
import { errorBody } from './error-body.js';

function errorFor(code: string | undefined): GatewayError {
  switch (code) {
    case 'HPE_HEADER_OVERFLOW':
      return new GatewayError({ status: 431, type: 'invalid_request_error', code: 'headers_too_large', message: 'The request headers are too large.' });
    case 'ERR_HTTP_REQUEST_TIMEOUT':
    case 'ERR_HTTP_HEADERS_TIMEOUT':
      return new GatewayError({ status: 408, type: 'invalid_request_error', code: 'request_timeout', message: 'The request did not arrive in time (server.headers_timeout_s).' });
    default:
      return new GatewayError({ status: 400, type: 'invalid_request_error', code: 'malformed_request', message: 'The request is not valid HTTP.' });
  }
}

const REASONS: Record<number, string> = { 400: 'Bad Request', 408: 'Request Timeout', 431: 'Request Header Fields Too Large' };

export function answerClientErrors(server: Server): void {
  server.on('clientError', (err: NodeJS.ErrnoException, socket: Socket) => {
    // A reset or a half-written request from a client that is already gone: nothing to answer.
    if (err.code === 'ECONNRESET' || !socket.writable) {
      socket.destroy();
      return;
    }
    const gatewayError = errorFor(err.code);
    const body = JSON.stringify(errorBody(gatewayError, { requestId: randomUUID() }));
    socket.end(
      `HTTP/1.1 ${gatewayError.status} ${REASONS[gatewayError.status]}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  });
}
