// A gateway speech request as Gemini's generateContent body: the text as the
// one user part, responseModalities ["AUDIO"], one prebuilt voice or (for a
// speaker list) multiSpeakerVoiceConfig; instructions lead the text, as
// Gemini's guide steers its TTS ("Say cheerfully: …").
import { unsupportedByTarget, type SpeechRequest } from '../../core/kit.js';

/** Gemini voices two speakers at most in one request. */
export const MAX_SPEAKERS = 2;

const voiceConfig = (voiceName: string) => ({ prebuiltVoiceConfig: { voiceName } });

export function speechBody(req: SpeechRequest): { body: Record<string, unknown>; ignored: string[] } {
  const speechConfig: Record<string, unknown> = {};
  if (Array.isArray(req.voice)) {
    if (req.voice.length > MAX_SPEAKERS) {
      throw unsupportedByTarget('unsupported_by_provider', `Gemini voices at most ${MAX_SPEAKERS} speakers in one request; this one lists ${req.voice.length}.`, 'voice');
    }
    speechConfig.multiSpeakerVoiceConfig = { speakerVoiceConfigs: req.voice.map((s) => ({ speaker: s.speaker, voiceConfig: voiceConfig(s.voice) })) };
  } else {
    speechConfig.voiceConfig = voiceConfig(req.voice);
  }
  if (req.language_code !== undefined) speechConfig.languageCode = req.language_code;
  const text = req.instructions ? `${req.instructions.trim().replace(/:$/, '')}: ${req.input}` : req.input;
  const ignored = (['speed'] as const).filter((f) => req[f] !== undefined);
  return {
    body: { contents: [{ role: 'user', parts: [{ text }] }], generationConfig: { responseModalities: ['AUDIO'], speechConfig } },
    ignored,
  };
}
