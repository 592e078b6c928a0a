// GET /v1/audio/voices[?provider=<instance>]: every voice the gateway's
// speech providers offer, as { data: [{ id, name, provider, languages?,
// gender?, preview_url? }] }. Static lists where the vendor has no voices
// API; the vendor's own list where it has one, fetched with the instance's
// key and cached for ten minutes. The plugins' onRequest hooks run first.
import type { Request, Response, Router } from 'express';
import type { HeadHooks } from '../chain.js';
import { keyFor } from '../capabilities.js';
import { createHead, type RouteInfo } from '../context.js';
import { badRequest, isGatewayError } from '../errors.js';
import type { Logger } from '../logger.js';
import type { VoiceInfo } from '../provider.js';
import type { ProviderEntry, ProviderRegistry } from '../registry.js';
import { credentialsOf, flatHeaders } from './request-meta.js';

export const VOICES_PATH = '/v1/audio/voices';
const CACHE_MS = 10 * 60 * 1000;

export interface VoiceEntry extends VoiceInfo {
  provider: string;
}

const ROUTE: RouteInfo = Object.freeze({ name: 'voices', requestType: 'speech', mode: 'action' });

export class VoiceLists {
  private readonly cached = new Map<string, { until: number; voices: Promise<VoiceInfo[]> }>();

  constructor(
    private readonly providers: ProviderRegistry,
    private readonly logger: Logger,
  ) {}

  /** One provider's voices: fetched (and cached) where the adapter can, else its static list. */
  async of(entry: ProviderEntry, requestId: string): Promise<VoiceEntry[]> {
    const { instance, adapter } = entry;
    const voices = adapter.voices;
    if (!adapter.speak || !voices) return [];
    let list: VoiceInfo[];
    if (voices.fetch) {
      const hit = this.cached.get(instance.name);
      if (hit && hit.until > Date.now()) list = await hit.voices;
      else {
        const pending = voices.fetch({
          provider: instance,
          key: keyFor(entry, 0),
          signal: AbortSignal.timeout(instance.timeoutMs),
          logger: this.logger.child({ requestId, provider: instance.name }),
          http: entry.http,
          requestId,
        });
        this.cached.set(instance.name, { until: Date.now() + CACHE_MS, voices: pending });
        // A failure is not cached: the next listing asks again.
        pending.catch(() => this.cached.delete(instance.name));
        list = await pending;
      }
    } else {
      list = [...(voices.list?.(instance) ?? [])];
    }
    return list.map((v) => ({ ...v, provider: instance.name }));
  }

  /** Every provider's voices; one whose vendor list cannot be had is left out (and logged), not a failure of the whole list. */
  async all(requestId: string): Promise<VoiceEntry[]> {
    const lists = await Promise.all(
      this.providers.entries().map((entry) =>
        this.of(entry, requestId).catch((err: unknown) => {
          this.logger.warn({ requestId, provider: entry.instance.name, status: isGatewayError(err) ? err.status : undefined, code: isGatewayError(err) ? err.code : undefined }, 'voice list unavailable');
          return [];
        }),
      ),
    );
    return lists.flat();
  }
}

export function mountVoices(app: Router, deps: { providers: ProviderRegistry; headHooks: HeadHooks; logger: Logger }): void {
  const lists = new VoiceLists(deps.providers, deps.logger);
  app.get(VOICES_PATH, async (req: Request, res: Response): Promise<void> => {
    res.locals.routeName = 'voices';
    const requestId = String(res.locals.requestId);
    await deps.headHooks(
      createHead({
        id: requestId,
        route: ROUTE,
        headers: flatHeaders(req.headers),
        credentials: credentialsOf(req.headers),
        clientAddress: req.ip ?? req.socket.remoteAddress ?? 'unknown',
        startedAt: performance.now(),
      }),
    );
    const filter = req.query.provider;
    let data: VoiceEntry[];
    if (filter === undefined) data = await lists.all(requestId);
    else {
      const entry = typeof filter === 'string' ? deps.providers.get(filter) : undefined;
      if (!entry) throw badRequest('unknown_provider', `provider must name one configured provider (${deps.providers.names().join(', ')}); got ${JSON.stringify(filter)}.`, 'provider');
      data = await lists.of(entry, requestId);
    }
    const body = JSON.stringify({ data });
    res.setHeader('content-type', 'application/json; charset=utf-8');
    res.end(body);
  });
}
