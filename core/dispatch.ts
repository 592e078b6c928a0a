// The innermost step of the chain: calls the adapter of `ctx.target` and
// records what served the result. Capability and key checks happen here so
// every adapter gets a request it can serve and a key it can use.
import type { GatewayContext } from './context.js';
import { GatewayError, badRequest, notFound } from './errors.js';
import type { Logger } from './logger.js';
import type { ProviderCall, ProviderKey } from './provider.js';
import type { ProviderEntry, ProviderRegistry } from './registry.js';
import type { Terminal } from './chain.js';
import { isProviderRequest, type GatewayRequest, type ProviderResult } from './types.js';

const NO_KEY: ProviderKey = Object.freeze({ value: '', options: Object.freeze({}) });

/** A provider with keys configured but all empty cannot be called: say which variable to set. */
function keyFor(entry: ProviderEntry, index: number): ProviderKey {
  const { instance } = entry;
  if (instance.keys.length === 0) {
    if (instance.missingKey === undefined) return NO_KEY; // a keyless server, e.g. a local whisper
    throw new GatewayError({
      status: 503,
      type: 'unavailable_error',
      code: 'provider_key_missing',
      message: `Provider "${instance.name}" has no API key: set ${instance.missingKey} for the gateway and restart it.`,
    });
  }
  return instance.keys[index % instance.keys.length]!;
}

const unsupported = (what: string, param?: string): GatewayError =>
  new GatewayError({ status: 400, type: 'invalid_request_error', code: 'unsupported_by_provider', message: what, param });

/**
 * Why a target cannot serve a request, before any call: no such provider, a
 * capability it lacks, or no usable key. Undefined when it can.
 */
export function unservableReason(registry: ProviderRegistry, req: GatewayRequest): GatewayError | undefined {
  const entry = registry.get(req.model.provider);
  if (!entry) return badRequest('unknown_provider', `Provider "${req.model.provider}" is not configured.`, 'model');
  try {
    checkCapabilities(entry, req);
    keyFor(entry, 0);
  } catch (err) {
    return err as GatewayError;
  }
  return undefined;
}

function checkCapabilities(entry: ProviderEntry, req: GatewayRequest): void {
  const { adapter, instance } = entry;
  const name = instance.name;
  if (req.type === 'transcription') {
    const caps = adapter.capabilities.transcription;
    if (!caps || !adapter.transcribe) throw unsupported(`Provider "${name}" does not offer transcription.`, 'model');
    if (!caps.formats.includes(req.response_format)) {
      throw unsupported(`Provider "${name}" cannot answer response_format "${req.response_format}"; it offers ${caps.formats.join(', ')}.`, 'response_format');
    }
    if (req.stream && !caps.streaming) throw unsupported(`Provider "${name}" cannot stream transcriptions; leave stream unset.`, 'stream');
    return;
  }
  const caps = adapter.capabilities.speech;
  if (!caps || !adapter.speak) throw unsupported(`Provider "${name}" does not offer speech.`, 'model');
  if (!caps.formats.includes(req.response_format)) {
    throw unsupported(`Provider "${name}" cannot produce response_format "${req.response_format}"; it offers ${caps.formats.join(', ')}.`, 'response_format');
  }
  if (Array.isArray(req.voice) && !caps.multiSpeaker) {
    throw unsupported(`Provider "${name}" cannot voice several speakers; send one voice name.`, 'voice');
  }
  if (req.with_timestamps && !caps.timestamps) {
    throw unsupported(`Provider "${name}" cannot return character timestamps; drop with_timestamps or use a provider that can (ElevenLabs).`, 'with_timestamps');
  }
  if (req.stream_format === 'sse' && !caps.streaming) throw unsupported(`Provider "${name}" cannot stream speech as SSE; leave stream_format unset.`, 'stream_format');
}

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
      key: keyFor(entry, target.keyIndex),
      signal: ctx.signal,
      logger: logger.child({ requestId: ctx.id, provider: entry.instance.name }),
      http: entry.http,
      requestId: ctx.id,
    };
    const started = performance.now();
    const out = req.type === 'transcription' ? await entry.adapter.transcribe!(req, call) : await entry.adapter.speak!(req, call);
    const { deployment, ignoredParams, ...result } = out;
    if (ignoredParams?.length) ctx.extraFields.ignored_params = ignoredParams;
    const servedBy = { provider: target.provider, model: target.model, latencyMs: Math.round(performance.now() - started), deployment };
    ctx.result = { ...result, servedBy } as ProviderResult;
  };
}
