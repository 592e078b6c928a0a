// Which upstream a realtime session goes to: its model and fallbacks as
// provider/model, and the session as the adapter of each sees it (the vendor's
// model name in place of the gateway's provider/model).
import { unsupportedByTarget } from '../errors.js';
import type { JsonObject } from '../json-payload.js';
import { parseModelRef } from '../model-ref.js';
import type { ProviderEntry, ProviderRegistry } from '../registry.js';
import type { ModelRef } from '../types.js';
import { modelRefToString } from '../types.js';
import type { RealtimeCapability, RealtimeTranscriptionSession } from './contract.js';
import type { SessionAsk } from './client-events.js';

export const DEFAULT_SAMPLE_RATE = 24000;

/** The primary model and its fallbacks, each checked against the configured providers (a 400 otherwise). */
export function resolveTargets(model: string, fallbacks: readonly string[] | undefined, providers: ProviderRegistry): ModelRef[] {
  return [parseModelRef(model, 'model', providers), ...(fallbacks ?? []).map((f) => parseModelRef(f, 'fallbacks', providers))];
}

export const targetNames = (targets: readonly ModelRef[]): string[] => targets.map(modelRefToString);

/** The session's settings so far, merged from the query and each session.update. */
export interface SessionSettings {
  sampleRate: number;
  language?: string;
  prompt?: string;
  turnDetection?: JsonObject | null;
  audioInput: JsonObject;
  include?: string[];
}

export function mergeSettings(current: SessionSettings, ask: SessionAsk): SessionSettings {
  return {
    sampleRate: ask.sampleRate ?? current.sampleRate,
    language: ask.language ?? current.language,
    prompt: ask.prompt ?? current.prompt,
    turnDetection: ask.turnDetection !== undefined ? ask.turnDetection : current.turnDetection,
    audioInput: { ...current.audioInput, ...ask.audioInput },
    include: ask.include ?? current.include,
  };
}

/** The adapter's realtime capability, or why this target cannot hold the session (another may). */
export function realtimeOf(entry: ProviderEntry | undefined, target: ModelRef, settings: SessionSettings): { entry: ProviderEntry; realtime: RealtimeCapability } {
  if (!entry) throw unsupportedByTarget('unknown_provider', `Provider "${target.provider}" is not configured.`, 'model');
  const realtime = entry.adapter.realtime;
  if (!realtime) {
    throw unsupportedByTarget('realtime_unsupported', `Provider "${target.provider}" (type ${entry.instance.type}) has no realtime transcription: name a provider whose type offers it (the README's realtime section lists them).`, 'model');
  }
  const rates = realtime.sampleRates;
  if (rates && !rates.includes(settings.sampleRate)) {
    throw unsupportedByTarget('unsupported_sample_rate', `Provider "${target.provider}" takes PCM16 at ${rates.join(', ')} Hz, not ${settings.sampleRate}: set session.audio.input.format.rate to one of them.`, 'session.audio.input.format.rate');
  }
  return { entry, realtime };
}

/** The session as one target's adapter sees it. */
export function sessionFor(target: ModelRef, settings: SessionSettings): RealtimeTranscriptionSession {
  const transcription = typeof settings.audioInput.transcription === 'object' && settings.audioInput.transcription !== null && !Array.isArray(settings.audioInput.transcription) ? settings.audioInput.transcription : {};
  const audioInput: JsonObject = { ...settings.audioInput, format: { type: 'audio/pcm', rate: settings.sampleRate }, transcription: { ...transcription, model: target.model } };
  return {
    model: target.model,
    sampleRate: settings.sampleRate,
    ...(settings.language === undefined ? {} : { language: settings.language }),
    ...(settings.prompt === undefined ? {} : { prompt: settings.prompt }),
    ...(settings.turnDetection === undefined ? {} : { turnDetection: settings.turnDetection }),
    audioInput,
    ...(settings.include === undefined ? {} : { include: settings.include }),
  };
}
