// The innermost step of the chain: calls the adapter of `ctx.target`, shapes
// its answer into what the client asked for (streamed or not), and records
// what served it.
import type { GatewayContext } from './context.js';
import { badRequest, notFound } from './errors.js';
import type { Logger } from './logger.js';
import type { ProviderCall } from './provider.js';
import type { ProviderRegistry } from './registry.js';
import { checkCapabilities, keyFor } from './capabilities.js';
import { clientKeyFor } from './client-key.js';
import { adapterRequest, shapeForClient } from './stream/shape.js';
import { mapNetworkError } from './upstream/network-errors.js';
import type { Terminal } from './chain.js';
import { isProviderRequest, type GatewayRequest, type ProviderResult } from './types.js';

export function createDispatcher(registry: ProviderRegistry, logger: Logger): Terminal {
  return async (ctx: GatewayContext): Promise<void> => {
    const { target, request } = ctx;
    // An action the plugin owning its route did not answer (that plugin is not in the chain).
    if (!isProviderRequest(request)) throw notFound('route_not_found', `Nothing answers ${ctx.route.name}: the plugin that serves it is not in the chain.`);
    const entry = registry.get(target.provider);
    if (!entry) throw badRequest('unknown_provider', `Provider "${target.provider}" is not configured.`, 'model');
    // The adapter sees the request aimed at this attempt's provider and model.
    const req: GatewayRequest = { ...request, model: { provider: target.provider, model: target.model } };
    checkCapabilities(entry, req);
    const call: ProviderCall = {
      provider: entry.instance,
      // Bring-your-own-key first, where the provider takes client keys.
      key: clientKeyFor(entry, ctx) ?? keyFor(entry, target.keyIndex),
      signal: ctx.signal,
      logger: logger.child({ requestId: ctx.id, provider: entry.instance.name }),
      http: entry.http,
      requestId: ctx.id,
    };
    const started = performance.now();
    const asked = adapterRequest(req, entry.adapter.capabilities);
    const out = asked.type === 'transcription' ? await entry.adapter.transcribe!(asked, call) : await entry.adapter.speak!(asked, call);
    const { deployment, ignoredParams, ...result } = out;
    if (ignoredParams?.length) ctx.extraFields.ignored_params = ignoredParams;
    // Streams are primed here, inside the attempt: failing before the first byte is still a failed attempt.
    const shaped = await shapeForClient(req, result, (thrown) => mapNetworkError(thrown, entry.instance.name, entry.instance.timeoutMs / 1000, ctx.signal));
    const servedBy = { provider: target.provider, model: target.model, latencyMs: Math.round(performance.now() - started), deployment };
    ctx.result = { ...shaped, servedBy } as ProviderResult;
  };
}
