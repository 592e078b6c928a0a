// The express application: request ids, the gateway routes, /health, and
// the error body for everything else (unknown routes, wrong methods, bad URLs).
import express, { type NextFunction, type Request, type Response } from 'express';
import { GatewayError, badRequest, internalError, isGatewayError, notFound } from '../errors.js';
import type { Logger } from '../logger.js';
import { actionHandler, fromExpress, gatewayHandler, lingerBounds, type HandlerDeps } from './handler.js';
import { lingerAfterAnswer } from './linger.js';
import { hasUnreadBody, httpOutcome, requestIdFor } from './request-meta.js';
import { exchangeRecord } from '../lifecycle.js';
import { missingHost } from './client-errors.js';
import { sendError } from './respond.js';
import type { FrozenRoutes } from './route-table.js';
import { mountProbes } from './probes.js';
import { mountModels } from './models.js';
import { fastRoutes, type RequestListener } from './fast-routes.js';
import { mountVoices } from './voices.js';
import { buildOpenApi, type DocumentExtras } from '../openapi/document.js';
import type { Registry } from 'prom-client';
import type { Store } from '../store/store.js';
import { longMediaStatus } from '../long-media/runtime.js';

const methodNotAllowed = (method: string, path: string, allowed: string): GatewayError =>
  new GatewayError({
    status: 405,
    type: 'invalid_request_error',
    code: 'method_not_allowed',
    message: `${method} is not allowed on ${path}; use ${allowed}.`,
    headers: { allow: allowed },
  });

/**
 * Requests outside the gateway routes (health, unknown paths, wrong methods)
 * are reported to the lifecycle hooks too, so every request gets its log line.
 */
function reportOthers(deps: HandlerDeps) {
  return (req: Request, res: Response, next: NextFunction) => {
    const started = performance.now();
    res.once('close', () => {
      if (res.locals.reported) return;
      deps.lifecycle.responded(
        exchangeRecord({
          requestId: String(res.locals.requestId),
          route: String(res.locals.routeName ?? 'unmatched'),
          routeKind: res.locals.routeKind === 'probe' ? 'probe' : 'api',
          ...httpOutcome(req, res),
          startedAt: started,
          bytesIn: Number(req.headers['content-length'] ?? 0) || 0,
          bytesOut: Number(res.getHeader('content-length') ?? 0) || 0,
          error: res.locals.error as GatewayError | undefined,
        }),
      );
    });
    next();
  };
}

/** Files served as they are, same-origin only: no framing, no scripts from elsewhere. */
function staticFiles(dir: string): express.Handler {
  const serve = express.static(dir, { index: 'index.html', fallthrough: true, maxAge: 0, dotfiles: 'ignore' });
  return (req, res, next) => {
    res.setHeader('content-security-policy', "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; frame-ancestors 'none'");
    res.setHeader('x-content-type-options', 'nosniff');
    res.setHeader('referrer-policy', 'no-referrer');
    serve(req, res, next);
  };
}

/** The server's request listener: the gateway routes' exact POST paths straight to their handlers (fast-routes.ts), express for the rest. */
export function createApp(
  routes: FrozenRoutes,
  deps: HandlerDeps & { logger: Logger; store: Store; metrics: Registry; version: string; documentExtras?: DocumentExtras },
): RequestListener {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.set('trust proxy', deps.config.server.trust_proxy);

  app.use((req: Request, res: Response, next: NextFunction) => {
    const id = requestIdFor(req.headers);
    res.locals.requestId = id;
    res.setHeader('x-request-id', id);
    // HTTP/1.1 requires Host; Node's own refusal would be a bare 400. Reported like any other refusal.
    if (req.headers.host === undefined && req.httpVersionMajor === 1 && req.httpVersionMinor >= 1) return reportOthers(deps)(req, res, () => next(missingHost()));
    next();
  });

  // Gateway and action routes first: they report their own exchanges, and are the hot path.
  // Action routes before POST routes: /v1/async/audio/speech/:job_id must not be taken for a method mismatch on a POST route.
  const allowed = new Map<string, string[]>();
  for (const route of routes.actions) {
    const handle = fromExpress(actionHandler(route, deps));
    for (const path of route.paths) {
      if (route.method === 'GET') app.get(path, handle);
      else if (route.method === 'POST') app.post(path, handle);
      else if (route.method === 'PATCH') app.patch(path, handle);
      else app.delete(path, handle);
      allowed.set(path, [...(allowed.get(path) ?? []), route.method]);
    }
  }
  const fast = fastRoutes();
  for (const route of routes.gateway) {
    const handle = gatewayHandler(route, deps);
    for (const path of route.paths) {
      app.post(path, fromExpress(handle));
      fast.add(path, handle);
      allowed.set(path, [...(allowed.get(path) ?? []), 'POST']);
    }
  }
  // A plugin's static files (the dashboard): not requests worth a log line each.
  for (const route of routes.statics) app.use(route.path, staticFiles(route.dir));
  app.use(reportOthers(deps));
  const withMetrics = deps.config.server.metrics;
  const openapi = buildOpenApi(routes, deps.version, withMetrics, { ...deps.documentExtras, params: deps.providers.params });
  mountModels(app, deps);
  mountVoices(app, deps);
  mountProbes(app, { store: deps.store, providers: deps.providers, draining: () => deps.lifecycle.draining, metrics: withMetrics ? deps.metrics : undefined, openapi, details: () => longMediaStatus(deps.longMedia) });

  for (const [path, methods] of allowed) {
    app.all(path, (req: Request) => {
      throw methodNotAllowed(req.method, req.path, methods.join(', '));
    });
  }

  app.use((req: Request) => {
    throw notFound('route_not_found', `There is no route ${req.method} ${req.path}. The gateway serves POST /v1/audio/transcriptions and POST /v1/audio/speech (see the README).`);
  });

  // Express's last stop: anything thrown outside a gateway route (or by express itself).
  app.use((thrown: unknown, req: Request, res: Response, _next: NextFunction) => {
    let err: GatewayError;
    if (isGatewayError(thrown)) err = thrown;
    else if ((thrown as { status?: number }).status === 400) err = badRequest('invalid_url', 'The request URL is malformed.');
    else {
      err = internalError(thrown);
      deps.logger.error({ requestId: res.locals.requestId, err: thrown }, 'request failed unexpectedly');
    }
    res.locals.error = err;
    res.locals.routeName ??= err.status === 404 ? 'not_found' : err.status === 405 ? 'method_not_allowed' : 'unmatched';
    if (hasUnreadBody(req)) lingerAfterAnswer(req, res, lingerBounds(deps.config));
    sendError(res, err, { requestId: String(res.locals.requestId ?? '') });
  });

  return fast.listener(app, deps.logger);
}
