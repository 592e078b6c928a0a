// What the HTTP parser refuses before any route runs (headers too large or
// too slow, a malformed request line) answered in the error shape too,
// instead of Node's bare status line.
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
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

const expectationFailed = (): GatewayError =>
  new GatewayError({ status: 417, type: 'invalid_request_error', code: 'expectation_failed', message: 'The gateway understands only "Expect: 100-continue"; drop the Expect header or send that.' });

export const missingHost = (): GatewayError =>
  new GatewayError({ status: 400, type: 'invalid_request_error', code: 'missing_host', message: 'The request has no Host header, which HTTP/1.1 requires; send one.' });

/**
 * Answers Node would give bare, given in the error shape: an Expect other
 * than 100-continue (417). The request is never read: the connection closes.
 */
export function answerExpectations(server: Server): void {
  server.on('checkExpectation', (req: IncomingMessage, res: ServerResponse) => {
    const body = JSON.stringify(errorBody(expectationFailed(), { requestId: randomUUID() }));
    res.writeHead(417, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body), connection: 'close' });
    res.end(body);
    req.resume();
  });
}
