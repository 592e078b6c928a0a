// Reads a JSON request body with a size cap, through express's own parser,
// and turns each of its failures into the 4xx a client can act on.
import type { IncomingMessage, ServerResponse } from 'node:http';
import express from 'express';
import { GatewayError, badRequest, clientClosed, payloadTooLarge, unsupportedMediaType } from '../errors.js';

type Middleware = (req: IncomingMessage, res: ServerResponse, next: (err?: unknown) => void) => void;

const parsers = new Map<number, Middleware>();

function parserFor(limitBytes: number): Middleware {
  let parser = parsers.get(limitBytes);
  if (!parser) {
    parser = express.json({ limit: limitBytes, strict: false, type: ['application/json', 'application/*+json'] }) as unknown as Middleware;
    parsers.set(limitBytes, parser);
  }
  return parser;
}

function mapParserError(err: { type?: string; message?: string }, limitBytes: number): GatewayError {
  switch (err.type) {
    case 'entity.too.large':
      return payloadTooLarge(`The JSON body is larger than the ${Math.round(limitBytes / 1024)} KB allowed (server.max_json_kb).`);
    case 'entity.parse.failed':
      return badRequest('invalid_json', `The body is not valid JSON: ${err.message ?? 'parse error'}.`);
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return unsupportedMediaType('Send the JSON body as UTF-8 without a content-encoding the gateway does not read.');
    case 'request.aborted':
      return clientClosed();
    default:
      return badRequest('invalid_body', `The body could not be read: ${err.message ?? 'unknown error'}.`);
  }
}

export async function readJsonBody(req: IncomingMessage & { body?: unknown }, res: ServerResponse, limitBytes: number): Promise<unknown> {
  const type = req.headers['content-type'];
  if (!type || !/^application\/([\w.+-]+\+)?json\b/i.test(type)) {
    throw unsupportedMediaType('Send the body as JSON with Content-Type: application/json.');
  }
  await new Promise<void>((resolve, reject) => {
    parserFor(limitBytes)(req, res, (err?: unknown) => (err ? reject(mapParserError(err as { type?: string }, limitBytes)) : resolve()));
  });
  return req.body;
}
