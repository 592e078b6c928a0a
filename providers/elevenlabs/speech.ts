// A gateway speech request as the ElevenLabs call that serves it: one voice
// → /v1/text-to-speech/{voice_id}/stream, several speakers →
// /v1/text-to-dialogue/stream; `/with-timestamps` instead when the client
// asks for timings.
import { badRequest } from '../../core/kit.js';
import type { SpeechRequest } from '../../core/kit.js';
import { dialogueInputs } from './dialogue.js';
import { outputFormatFor, voiceId, type ElevenLabsSettings } from './settings.js';
import { speechParams } from './params.js';

export interface SpeechCall {
  /** Path below the base URL, voice id already escaped. */
  path: string;
  query: URLSearchParams;
  body: Record<string, unknown>;
  /** Fields this call cannot use though the adapter takes them elsewhere (text-to-dialogue): reported, never sent. */
  ignored: string[];
}

/** ElevenLabs' 0–4 scale; `true` asks for 3, the strongest level that keeps text normalisation (4 drops it). */
export function latencyLevel(value: boolean | number): number {
  if (typeof value === 'number') return value;
  return value ? 3 : 0;
}

/** The voice id as one path segment: escaped, and never "." or ".." (URLs resolve those, in any spelling). */
function voicePath(id: string): string {
  if (id === '.' || id === '..') throw badRequest('invalid_voice', `"${id}" is not a voice; send an ElevenLabs voice id or a name from providers.<name>.voices.`, 'voice');
  return encodeURIComponent(id);
}

const asObject = (value: unknown): Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};

export function speechCall(req: SpeechRequest, settings: ElevenLabsSettings): SpeechCall {
  // Unknown keys go in the JSON body, as sent (seed, previous_text, voice_settings, …);
  // output_format is a query parameter, so it is taken out and checked.
  const { output_format: requestedFormat, ...extra } = req.extra;
  const own = speechParams(req);
  const query = new URLSearchParams({ output_format: outputFormatFor(req.response_format, settings, requestedFormat) });
  if (own.enable_logging !== undefined) query.set('enable_logging', String(own.enable_logging));
  // instructions is not in capabilities.speech.accepts.shared: the gateway reports it and never passes it here.
  const ignored: string[] = [];

  const body: Record<string, unknown> = { ...extra, model_id: req.model.model };
  if (own.language_code !== undefined) body.language_code = own.language_code;
  if (own.pronunciation_dictionary_locators !== undefined) body.pronunciation_dictionary_locators = own.pronunciation_dictionary_locators;
  // Audio comes from the /stream endpoints, sent as it is made (a faster first byte); timed speech is one JSON answer.
  const suffix = own.with_timestamps ? '/with-timestamps' : '/stream';

  if (Array.isArray(req.voice)) {
    // text-to-dialogue takes neither voice_settings nor optimize_streaming_latency.
    if (req.speed !== undefined) ignored.push('speed');
    if (own.optimize_streaming_latency !== undefined) ignored.push('optimize_streaming_latency');
    body.inputs = dialogueInputs(req.input, req.voice, (v) => voiceId(settings, v));
    return { path: `/v1/text-to-dialogue${suffix}`, query, body, ignored };
  }

  if (own.optimize_streaming_latency !== undefined) query.set('optimize_streaming_latency', String(latencyLevel(own.optimize_streaming_latency)));
  body.text = req.input;
  if (req.speed !== undefined) body.voice_settings = { ...asObject(extra.voice_settings), speed: req.speed };
  return { path: `/v1/text-to-speech/${voicePath(voiceId(settings, req.voice))}${suffix}`, query, body, ignored };
}
