// The hot routes without express: a POST to one of the gateway routes' exact
// paths (/v1/audio/speech, /v1/audio/transcriptions, …) goes straight to its
// handler with node's own request and response. Gateway handlers use node's
// API only, so express's prototypes are not set on them (setting a prototype
// per request changes the objects' shapes under node's http code, and costs
// on every later property read). Anything else — other methods, paths with
// parameters, a different case or a trailing slash (which express also
// accepts), no Host — goes through express as before, so every answer stays
// the same; only the router's walk over every layer on each request is saved.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Express } from 'express';
import type { Logger } from '../logger.js';
import type { ExchangeMeta, Handler } from './handler.js';
import { requestIdFor } from './request-meta.js';

/** The server's request listener, with the express app behind it (for what walks express's routes: the OpenAPI test). */
export type RequestListener = ((req: IncomingMessage, res: ServerResponse) => void) & { readonly app: Express };

export interface FastRoutes {
  /** Registers a handler for an exact POST path; paths with parameters (:name) are left to express. */
  add(path: string, handle: Handler): void;
  /** The server's request listener: the exact paths first, express for the rest. */
  listener(app: Express, logger: Logger): RequestListener;
}

const NO_PARAMS: ExchangeMeta['params'] = Object.freeze({});
const NO_QUERY: ExchangeMeta['query'] = Object.freeze({});

export function fastRoutes(): FastRoutes {
  const posts = new Map<string, Handler>();
  return {
    add(path, handle) {
      if (!/[:*?(]/.test(path) && !posts.has(path)) posts.set(path, handle);
    },
    listener(app, logger) {
      const listener = (req: IncomingMessage, res: ServerResponse): void => {
        const url = req.url ?? '';
        const q = url.indexOf('?');
        const handle = req.method === 'POST' && req.headers.host !== undefined ? posts.get(q === -1 ? url : url.slice(0, q)) : undefined;
        if (!handle) {
          app(req, res);
          return;
        }
        // What express's first middleware does for every request: the request id, sent back.
        const requestId = requestIdFor(req.headers);
        res.setHeader('x-request-id', requestId);
        // The handler answers its own errors; this is the backstop express's would be.
        handle(req, res, { requestId, params: NO_PARAMS, query: NO_QUERY }).catch((err: unknown) => {
          logger.error({ requestId, err }, 'request failed unexpectedly');
          res.destroy();
        });
      };
      return Object.assign(listener, { app });
    },
  };
}
