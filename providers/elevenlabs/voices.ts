// ElevenLabs' voices, from its GET /v1/voices (the account's premade,
// cloned and library voices), as GET /v1/audio/voices lists them. Any voice
// id may be sent, so nothing is refused before the call; names in the
// instance's own `voices:` settings take precedence over the config's map.
import { throwProviderError, upstreamBadAnswer, type AdapterVoices, type VoiceInfo } from '../../core/kit.js';
import { elevenLabsErrorDetail } from './errors.js';
import { baseUrl, type ElevenLabsCall, type ElevenLabsSettings } from './settings.js';

interface ElevenLabsVoice {
  voice_id: string;
  name?: string;
  labels?: { gender?: string };
  preview_url?: string | null;
  verified_languages?: Array<{ language?: string }>;
}

export function voiceInfo(v: ElevenLabsVoice): VoiceInfo {
  const languages = [...new Set((v.verified_languages ?? []).map((l) => l.language).filter((l): l is string => typeof l === 'string'))];
  return {
    id: v.voice_id,
    name: v.name ?? v.voice_id,
    ...(languages.length > 0 ? { languages } : {}),
    ...(v.labels?.gender ? { gender: v.labels.gender } : {}),
    ...(v.preview_url ? { preview_url: v.preview_url } : {}),
  };
}

async function fetchVoices(call: ElevenLabsCall): Promise<VoiceInfo[]> {
  const headers: Record<string, string> = {};
  if (call.key.value) headers['xi-api-key'] = call.key.value;
  const res = await call.http.send({ method: 'GET', url: `${baseUrl(call)}/v1/voices`, headers, signal: call.signal });
  if (res.status >= 400) return throwProviderError(call, res, elevenLabsErrorDetail);
  let voices: unknown;
  try {
    voices = (JSON.parse(await call.http.readText(res, call.signal)) as { voices?: unknown }).voices;
  } catch {
    voices = undefined;
  }
  if (!Array.isArray(voices)) throw upstreamBadAnswer(call.provider.name, 'the voice list has no voices array');
  return (voices as ElevenLabsVoice[]).filter((v) => typeof v?.voice_id === 'string').map(voiceInfo);
}

export const elevenLabsVoices: AdapterVoices<ElevenLabsSettings> = {
  ownName: (instance, voice) => instance.settings.voices?.[voice] !== undefined,
  fetch: fetchVoices,
};
