// GET /v1/models (and /openai/v1/models): every provider/model the gateway
// can serve, in OpenAI's list shape, so an SDK's models.list() works. The
// plugins' onRequest hooks run first: behind auth when auth is on.
import type { Request, Response, Router } from 'express';
import type { HeadHooks } from '../chain.js';
import { createHead, type RouteInfo } from '../context.js';
import type { ProviderRegistry } from '../registry.js';
import { credentialsOf, flatHeaders } from './request-meta.js';

export const MODELS_PATHS = ['/v1/models', '/openai/v1/models'] as const;

export interface ModelEntry {
  id: string;
  object: 'model';
  created: number;
  owned_by: string;
}

/** Each instance's adapter-known models and those its config lists, as provider/model ids. */
export function modelList(providers: ProviderRegistry): ModelEntry[] {
  const seen = new Set<string>();
  const data: ModelEntry[] = [];
  for (const { instance, adapter } of providers.entries()) {
    const configured = (instance.settings.models as readonly string[] | undefined) ?? [];
    for (const model of [...(adapter.listModels?.(instance) ?? []), ...configured]) {
      const id = `${instance.name}/${model}`;
      if (seen.has(id)) continue;
      seen.add(id);
      data.push({ id, object: 'model', created: 0, owned_by: instance.name });
    }
  }
  return data;
}

// RouteInfo wants a request type; the list concerns both, and no hook reads it for this route.
const ROUTE: RouteInfo = Object.freeze({ name: 'models', requestType: 'transcription', mode: 'action' });

export function mountModels(app: Router, deps: { providers: ProviderRegistry; headHooks: HeadHooks }): void {
  const body = JSON.stringify({ object: 'list', data: modelList(deps.providers) });
  const answer = async (req: Request, res: Response): Promise<void> => {
    res.locals.routeName = 'models';
    // Auth refuses a bad or missing credential here, as on every route.
    await deps.headHooks(
      createHead({
        id: String(res.locals.requestId),
        route: ROUTE,
        headers: flatHeaders(req.headers),
        credentials: credentialsOf(req.headers),
        clientAddress: req.ip ?? req.socket.remoteAddress ?? 'unknown',
        startedAt: performance.now(),
      }),
    );
    res.setHeader('content-type', 'application/json; charset=utf-8');
    res.end(body);
  };
  for (const path of MODELS_PATHS) app.get(path, answer);
}
