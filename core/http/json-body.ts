// Reads a JSON request body with a size cap and turns each of its failures
// into the 4xx a client can act on. The common body (UTF-8, no
// content-encoding) is read here, straight off the request; a compressed
// body or another charset goes through express's own parser, which inflates
// and decodes them.
import type { IncomingMessage, ServerResponse } from 'node:http';
import express from 'express';
import { GatewayError, badRequest, clientClosed, payloadTooLarge, unsupportedMediaType } from '../errors.js';

type Middleware = (req: IncomingMessage, res: ServerResponse, next: (err?: unknown) => void) => void;

const parsers = new Map<number, Middleware>();

/** The deepest nesting of objects and arrays a JSON body may have: deeper is a 400, never a stack overflow later. */
export const MAX_JSON_DEPTH = 32;
const OPEN_BRACE = 0x7b;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACE = 0x7d;
const CLOSE_BRACKET = 0x5d;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;

class TooDeep extends Error {
  readonly type = 'json.too.deep';
}

/** Scans the raw bytes (before parsing) for nesting past MAX_JSON_DEPTH; brackets inside strings do not count. */
function checkDepth(_req: unknown, _res: unknown, buf: Buffer): void {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < buf.length; i++) {
    const c = buf[i];
    if (inString) {
      if (c === BACKSLASH) i++;
      else if (c === QUOTE) inString = false;
    } else if (c === QUOTE) inString = true;
    else if (c === OPEN_BRACE || c === OPEN_BRACKET) {
      if (++depth > MAX_JSON_DEPTH) throw new TooDeep(`nested deeper than ${MAX_JSON_DEPTH} levels`);
    } else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) depth--;
  }
}

function parserFor(limitBytes: number): Middleware {
  let parser = parsers.get(limitBytes);
  if (!parser) {
    parser = express.json({ limit: limitBytes, strict: false, type: ['application/json', 'application/*+json'], verify: checkDepth }) as unknown as Middleware;
    parsers.set(limitBytes, parser);
  }
  return parser;
}

function mapParserError(err: { type?: string; message?: string }, limitBytes: number): GatewayError {
  if (err instanceof TooDeep || err.type === 'json.too.deep') return badRequest('json_too_deep', `The JSON body is nested deeper than the ${MAX_JSON_DEPTH} levels allowed; flatten it.`);
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

/** No content-encoding (or identity) and UTF-8 (or no charset): what this file reads itself. */
function plainUtf8(req: IncomingMessage, type: string): boolean {
  const encoding = req.headers['content-encoding'];
  if (encoding !== undefined && encoding.toLowerCase() !== 'identity') return false;
  const charset = /;\s*charset=("?)([^";\s]+)\1/i.exec(type)?.[2]?.toLowerCase();
  return charset === undefined || charset === 'utf-8' || charset === 'utf8';
}

/** As body-parser parses (strict: false): an empty body is {}, any JSON value is taken. */
function parseJson(buf: Buffer): unknown {
  if (buf.length === 0) return {};
  checkDepth(undefined, undefined, buf);
  const text = buf.toString('utf8');
  try {
    return JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch (err) {
    throw badRequest('invalid_json', `The body is not valid JSON: ${(err as Error).message}.`);
  }
}

/** The body's bytes, at most limitBytes (past them: 413, and the rest left unread for the handler to discard). */
function readPlain(req: IncomingMessage, limitBytes: number): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const stop = (): void => {
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onGone);
      req.off('close', onClose);
    };
    const onData = (chunk: Buffer): void => {
      size += chunk.length;
      if (size > limitBytes) {
        stop();
        req.pause();
        chunks.length = 0;
        reject(mapParserError({ type: 'entity.too.large' }, limitBytes));
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = (): void => {
      stop();
      try {
        resolve(parseJson(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size)));
      } catch (err) {
        reject(err instanceof TooDeep ? mapParserError(err, limitBytes) : err);
      }
    };
    const onGone = (): void => {
      stop();
      reject(clientClosed());
    };
    const onClose = (): void => {
      if (!req.complete) onGone();
    };
    req.on('data', onData);
    req.once('end', onEnd);
    req.once('error', onGone);
    req.once('close', onClose);
  });
}

export async function readJsonBody(req: IncomingMessage & { body?: unknown }, res: ServerResponse, limitBytes: number): Promise<unknown> {
  const type = req.headers['content-type'];
  if (!type || !/^application\/([\w.+-]+\+)?json\b/i.test(type)) {
    throw unsupportedMediaType('Send the body as JSON with Content-Type: application/json.');
  }
  // Announced too large: refused at once, before a byte of it is read.
  const announced = Number(req.headers['content-length']);
  if (Number.isFinite(announced) && announced > limitBytes) throw mapParserError({ type: 'entity.too.large' }, limitBytes);
  if (plainUtf8(req, type)) return readPlain(req, limitBytes);
  await new Promise<void>((resolve, reject) => {
    parserFor(limitBytes)(req, res, (err?: unknown) => (err ? reject(mapParserError(err as { type?: string }, limitBytes)) : resolve()));
  });
  return req.body;
}
