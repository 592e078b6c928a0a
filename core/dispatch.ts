// The innermost step of the chain: calls the adapter of `ctx.target`, shapes
// its answer into what the client asked for (streamed or not), and records
// what served it.
import type { GatewayContext } from './context.js';
import { badRequest, isGatewayError, notFound } from './errors.js';
import type { Logger } from './logger.js';
import type { ProviderCall } from './provider.js';
import type { ProviderRegistry } from './registry.js';
import { checkCapabilities, keyFor } from './capabilities.js';
import { resolveVoices, type VoiceMap } from './voices.js';
import { clientKeyFor } from './client-key.js';
import { adapterRequest, shapeForClient } from './stream/shape.js';
import { mapNetworkError } from './upstream/network-errors.js';
import { attemptDeadline } from './upstream/deadline.js';
import { scrubDeep, scrubError } from './upstream/scrub.js';
import { ignoredParams, warningNames, withoutIgnored, type ParamWarning } from './params/ignored.js';
import { IGNORED_PARAMS } from './extra-fields.js';
import type { ReportedUsage, StreamEvent } from './types.js';
import type { Terminal } from './chain.js';
import { isProviderRequest, type GatewayRequest, type ProviderResult } from './types.js';

/** Every configured provider key: no answer, log, record or metric may carry one. */
const configuredSecrets = (registry: ProviderRegistry): string[] => registry.entries().flatMap((e) => e.instance.keys.map((k) => k.value));

/**
 * A provider's events on their way to the client: error events scrubbed of
 * secrets, a failure mid-stream scrubbed too, and the attempt's deadline
 * stopped once the stream ends (or is abandoned).
 */
async function* guardedEvents(events: AsyncIterable<StreamEvent>, secrets: readonly string[], done: () => void): AsyncGenerator<StreamEvent> {
  try {
    for await (const event of events) yield /error/i.test(event.type) ? (scrubDeep(event, secrets) as StreamEvent) : event;
  } catch (thrown) {
    throw isGatewayError(thrown) ? scrubError(thrown, secrets) : thrown;
  } finally {
    done();
  }
}

export function createDispatcher(registry: ProviderRegistry, logger: Logger, voiceMap: VoiceMap = {}): Terminal {
  const configured = configuredSecrets(registry);
  return async (ctx: GatewayContext): Promise<void> => {
    const { target, request } = ctx;
    // An action the plugin owning its route did not answer (that plugin is not in the chain).
    if (!isProviderRequest(request)) throw notFound('route_not_found', `Nothing answers ${ctx.route.name}: the plugin that serves it is not in the chain.`);
    const entry = registry.get(target.provider);
    if (!entry) throw badRequest('unknown_provider', `Provider "${target.provider}" is not configured.`, 'model');
    // The adapter sees the request aimed at this attempt's provider and model.
    const aimed: GatewayRequest = { ...request, model: { provider: target.provider, model: target.model } };
    checkCapabilities(entry, aimed, registry.params);
    // One voice name on every provider: resolved for this one (a voice it lacks is refused here, before any call).
    const req = aimed.type === 'speech' ? resolveVoices(aimed, entry, voiceMap) : aimed;
    const deadline = attemptDeadline(ctx.signal, entry.instance.name, entry.instance.timeoutMs);
    // Bring-your-own-key first, where the provider takes client keys; it is scrubbed like the configured ones.
    const clientKey = clientKeyFor(entry, ctx);
    const secrets = clientKey ? [...configured, clientKey.value] : configured;
    let callLogger: Logger | undefined;
    const call: ProviderCall = {
      provider: entry.instance,
      key: clientKey ?? keyFor(entry, target.keyIndex),
      signal: deadline.signal,
      // Made when an adapter first logs: most calls never do, and a child logger costs its bindings' serialisation.
      get logger() {
        return (callLogger ??= logger.child({ requestId: ctx.id, provider: entry.instance.name }));
      },
      http: entry.http,
      requestId: ctx.id,
    };
    const started = performance.now();
    let shaped: Awaited<ReturnType<typeof shapeForClient>>;
    let deployment: string | undefined;
    let usage: ReportedUsage | undefined;
    try {
      // What the target's adapter does not declare is reported, and its shared fields are not passed on.
      const ignored = ignoredParams(entry.adapter, req, registry.params);
      const asked = withoutIgnored(adapterRequest(req, entry.adapter.capabilities), ignored);
      const out = asked.type === 'transcription' ? await entry.adapter.transcribe!(asked, call) : await entry.adapter.speak!(asked, call);
      const { deployment: used, ignoredParams: unused, usage: reported, ...result } = out;
      deployment = used;
      usage = reported;
      const warnings: ParamWarning[] = [...ignored, ...(unused ?? []).map((param): ParamWarning => ({ type: 'ignored_param', param, reason: 'not_applicable' }))];
      // Streams are primed here, inside the attempt: failing before the first byte is still a failed attempt.
      shaped = await shapeForClient(req, result, (thrown) => mapNetworkError(thrown, entry.instance.name, entry.instance.timeoutMs / 1000, deadline.signal));
      // Reported once the attempt has succeeded: a failed one's list would describe a target that did not answer.
      if (warnings.length > 0) IGNORED_PARAMS.set(ctx, warningNames(warnings));
    } catch (thrown) {
      deadline.done();
      throw isGatewayError(thrown) ? scrubError(thrown, secrets) : thrown;
    }
    // The deadline runs until the answer has reached the client whole.
    if (shaped.type === 'speech') shaped.audio.once('close', deadline.done);
    else if (shaped.type === 'stream' && Symbol.asyncIterator in shaped.events) shaped = { ...shaped, events: guardedEvents(shaped.events, secrets, deadline.done) };
    else deadline.done();
    const servedBy = { provider: target.provider, model: target.model, latencyMs: Math.round(performance.now() - started), deployment, ...(usage ? { usage } : {}) };
    ctx.result = { ...shaped, servedBy } as ProviderResult;
  };
}
