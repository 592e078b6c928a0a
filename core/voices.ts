// One voice name on every provider: a speech request's `voice` resolved for
// the provider of this attempt, from config `voices:` (by instance name, then
// by type), else the adapter's defaults. A provider with a closed voice list
// refuses a voice outside it here, with a 400 naming its voices, before any call.
import { badRequest } from './errors.js';
import type { ProviderEntry } from './registry.js';
import type { SpeakerVoice, SpeechRequest } from './types.js';

/** Config `voices:`: a voice name → provider instance name or type → that provider's voice. */
export type VoiceMap = Readonly<Record<string, Readonly<Record<string, string>>>>;

const MAX_LISTED = 60;

function resolveOne(voice: string, entry: ProviderEntry, map: VoiceMap): string {
  const { instance, adapter } = entry;
  const voices = adapter.voices;
  if (voices?.ownName?.(instance, voice)) return voice;
  const mapped = map[voice]?.[instance.name] ?? map[voice]?.[instance.type] ?? voices?.defaults?.[voice] ?? voice;
  if (!voices?.accepts || voices.accepts(instance, mapped)) return mapped;
  const known = voices.list?.(instance) ?? [];
  const ids = known.map((v) => v.id);
  const listed = ids.length > MAX_LISTED ? `${ids.slice(0, MAX_LISTED).join(', ')}, … (GET /v1/audio/voices?provider=${instance.name} lists all)` : ids.join(', ');
  throw badRequest(
    'unknown_voice',
    `Provider "${instance.name}" has no voice "${voice}"; its voices are ${listed}. Send one of them, or map "${voice}" for ${instance.name} under voices: in the config.`,
    'voice',
  );
}

/** The request with its voice (or each speaker's voice) resolved for this provider. */
export function resolveVoices(req: SpeechRequest, entry: ProviderEntry, map: VoiceMap): SpeechRequest {
  const voice: string | SpeakerVoice[] = Array.isArray(req.voice)
    ? req.voice.map((s) => ({ speaker: s.speaker, voice: resolveOne(s.voice, entry, map) }))
    : resolveOne(req.voice, entry, map);
  return { ...req, voice };
}
