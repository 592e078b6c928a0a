// The hot routes without express's router: a POST to one of the gateway
// routes' exact paths (/v1/audio/speech, /v1/audio/transcriptions, …) goes
// straight to its handler, with the request and response set up as express
// sets them up (its prototypes, req.params, res.locals, the request id).
// Anything else — other methods, paths with parameters, a different case or a
// trailing slash (which express also accepts), no Host — goes through express
// as before, so every answer stays the same; only the router's walk over
// every layer on each request is saved.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Express, Request, Response } from 'express';
import type { Logger } from '../logger.js';
import { requestIdFor } from './request-meta.js';

type Handler = (req: Request, res: Response) => Promise<void>;

/** The server's request listener, with the express app behind it (for what walks express's routes: the OpenAPI test). */
export type RequestListener = ((req: IncomingMessage, res: ServerResponse) => void) & { readonly app: Express };

export interface FastRoutes {
  /** Registers a handler for an exact POST path; paths with parameters (:name) are left to express. */
  add(path: string, handle: Handler): void;
  /** The server's request listener: the exact paths first, express for the rest. */
  listener(app: Express, logger: Logger): RequestListener;
}

export function fastRoutes(): FastRoutes {
  const posts = new Map<string, Handler>();
  return {
    add(path, handle) {
      if (!/[:*?(]/.test(path) && !posts.has(path)) posts.set(path, handle);
    },
    listener(app, logger) {
      const appRequest = app.request;
      const appResponse = app.response;
      const listener = (req: IncomingMessage, res: ServerResponse): void => {
        const url = req.url ?? '';
        const q = url.indexOf('?');
        const handle = req.method === 'POST' && req.headers.host !== undefined ? posts.get(q === -1 ? url : url.slice(0, q)) : undefined;
        if (!handle) {
          app(req, res);
          return;
        }
        // What express's app.handle and its first layers do for a matched route.
        const request = Object.setPrototypeOf(req, appRequest) as Request;
        const response = Object.setPrototypeOf(res, appResponse) as Response;
        request.res = response;
        response.req = request;
        response.locals = Object.create(null) as Response['locals'];
        request.params = {};
        const id = requestIdFor(req.headers);
        response.locals.requestId = id;
        res.setHeader('x-request-id', id);
        // The handler answers its own errors; this is the backstop express's would be.
        handle(request, response).catch((err: unknown) => {
          logger.error({ requestId: id, err }, 'request failed unexpectedly');
          res.destroy();
        });
      };
      return Object.assign(listener, { app });
    },
  };
}
