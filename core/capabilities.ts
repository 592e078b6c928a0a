// What a provider can serve, checked before any call: the adapter's declared
// capabilities, and a key to call it with. Every adapter gets a request it
// can serve; the async plugin uses the same checks to refuse at submit time.
import { GatewayError, badRequest, unsupportedByTarget } from './errors.js';
import type { ProviderKey } from './provider.js';
import type { ProviderEntry, ProviderRegistry } from './registry.js';
import type { GatewayRequest } from './types.js';
import { clientKeyFor } from './client-key.js';
import type { RequestHead } from './context.js';
import type { ParamCatalog } from './params/catalog.js';
import { refusedParam } from './params/ignored.js';

const NO_KEY: ProviderKey = Object.freeze({ value: '', options: Object.freeze({}) });

/** A provider with keys configured but all empty cannot be called: say which variable to set. */
export function keyFor(entry: ProviderEntry, index: number): ProviderKey {
  const { instance } = entry;
  if (instance.keys.length === 0) {
    if (instance.missingKey === undefined) return NO_KEY; // a keyless server, e.g. a local whisper
    throw new GatewayError({
      status: 503,
      type: 'unavailable_error',
      code: 'provider_key_missing',
      scope: 'target',
      message: `Provider "${instance.name}" has no API key: set ${instance.missingKey} for the gateway and restart it.`,
    });
  }
  return instance.keys[index % instance.keys.length]!;
}

const unsupported = (what: string, param?: string): GatewayError => unsupportedByTarget('unsupported_by_provider', what, param);

/**
 * Why a target cannot serve a request, before any call: no such provider, a
 * capability it lacks, or no usable key. Undefined when it can.
 */
export function unservableReason(registry: ProviderRegistry, req: GatewayRequest, head?: Pick<RequestHead, 'state'>): GatewayError | undefined {
  const entry = registry.get(req.model.provider);
  if (!entry) return badRequest('unknown_provider', `Provider "${req.model.provider}" is not configured.`, 'model');
  try {
    checkCapabilities(entry, req, registry.params);
    if (!head || !clientKeyFor(entry, head)) keyFor(entry, 0);
  } catch (err) {
    return err as GatewayError;
  }
  return undefined;
}

export function checkCapabilities(entry: ProviderEntry, req: GatewayRequest, params: ParamCatalog): void {
  offers(entry, req);
  // Last, as the capability checks above it were: a param that changes the answer, which this target does not take.
  const refused = refusedParam(entry.adapter, entry.instance.name, req, params);
  if (refused) throw refused;
}

function offers(entry: ProviderEntry, req: GatewayRequest): void {
  const { adapter, instance } = entry;
  const name = instance.name;
  if (req.type === 'transcription') {
    const caps = adapter.capabilities.transcription;
    if (!caps || !adapter.transcribe) throw unsupported(`Provider "${name}" does not offer transcription.`, 'model');
    if (!caps.formats.includes(req.response_format)) {
      throw unsupported(`Provider "${name}" cannot answer response_format "${req.response_format}"; it offers ${caps.formats.join(', ')}.`, 'response_format');
    }
    if (req.task === 'translate' && !caps.translation) throw unsupported(`Provider "${name}" does not translate audio; use a provider that offers translations.`, 'model');
    if (req.diarize && !caps.diarize) throw unsupported(`Provider "${name}" cannot label speakers; drop diarize or use a provider that can.`, 'diarize');
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
}
