// GET /health (the process answers), GET /ready (it can serve: the store
// answers and providers are loaded; 503 in the error shape otherwise),
// GET /metrics (Prometheus text) and GET /openapi.json.
import type { Request, Response, Router } from 'express';
import type { Registry } from 'prom-client';
import { serviceUnavailable } from '../errors.js';
import type { ProviderRegistry } from '../registry.js';
import type { Store } from '../store/store.js';

const STORE_PING_MS = 1000;

async function storeAnswers(store: Store): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), STORE_PING_MS)));
  try {
    return await Promise.race([store.ping().then(() => true, () => false), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

export interface ProbeDeps {
  store: Store;
  providers: ProviderRegistry;
  metrics?: Registry;
  /** True once shutdown began: /ready answers 503 so load balancers stop sending, while the listener stays open. */
  draining?: () => boolean;
  /** The OpenAPI document, built once at start-up. */
  openapi: Record<string, unknown>;
  /** What /ready adds about optional features (long audio on or off, and why). */
  details?: () => Record<string, unknown>;
}

export function mountProbes(app: Router, deps: ProbeDeps): void {
  app.get('/health', (_req: Request, res: Response) => {
    res.locals.routeName = 'health';
    res.locals.routeKind = 'probe';
    res.json({ status: 'ok' });
  });

  app.get('/ready', async (_req: Request, res: Response) => {
    res.locals.routeName = 'health';
    res.locals.routeKind = 'probe';
    if (deps.draining?.()) throw serviceUnavailable('shutting_down', 'This gateway instance is shutting down; send requests to another instance.', 5);
    const providers = deps.providers.names();
    if (providers.length === 0) throw serviceUnavailable('not_ready', 'No provider is configured: add one under providers: and restart.', 5);
    if (!(await storeAnswers(deps.store))) {
      throw serviceUnavailable('not_ready', `The ${deps.store.kind} store does not answer; requests that need it (jobs, limits, cache) will fail until it does.`, 5);
    }
    res.json({ status: 'ready', store: deps.store.kind, providers, details: deps.details?.() });
  });

  const openapi = JSON.stringify(deps.openapi);
  app.get('/openapi.json', (_req: Request, res: Response) => {
    res.locals.routeName = 'metrics';
    res.locals.routeKind = 'probe';
    res.setHeader('content-type', 'application/json; charset=utf-8');
    res.end(openapi);
  });

  const { metrics } = deps;
  if (metrics) {
    app.get('/metrics', async (_req: Request, res: Response) => {
      res.locals.routeName = 'metrics';
      res.locals.routeKind = 'probe';
      res.setHeader('content-type', metrics.contentType);
      res.end(await metrics.metrics());
    });
  }
}
