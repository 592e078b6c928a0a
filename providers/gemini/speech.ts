// A gateway speech request as Gemini's generateContent body: the text as the
// one user part, responseModalities ["AUDIO"], one prebuilt voice or (for a
// speaker list) multiSpeakerVoiceConfig; instructions lead the text, as
// Gemini's guide steers its TTS ("Say cheerfully: …").
import { paramsOf, unsupportedByTarget, type ParamsOf, type SpeechRequest } from '../../core/kit.js';

/** Gemini voices two speakers at most in one request. */
export const MAX_SPEAKERS = 2;

const voiceConfig = (voiceName: string) => ({ prebuiltVoiceConfig: { voiceName } });

export const GEMINI_ID = 'gemini';

/** Gemini's own speech params, sent at the top level of the body (speechConfig.languageCode). */
export const GEMINI_SPEECH_PARAMS = {
  language_code: { schema: { type: 'string', minLength: 1, description: 'the language of the text (a BCP-47 code such as en-US)' } },
} as const;

export function speechBody(req: SpeechRequest): { body: Record<string, unknown> } {
  const own = paramsOf<ParamsOf<typeof GEMINI_SPEECH_PARAMS>>(req, GEMINI_ID);
  const speechConfig: Record<string, unknown> = {};
  if (Array.isArray(req.voice)) {
    if (req.voice.length > MAX_SPEAKERS) {
      throw unsupportedByTarget('unsupported_by_provider', `Gemini voices at most ${MAX_SPEAKERS} speakers in one request; this one lists ${req.voice.length}.`, 'voice');
    }
    speechConfig.multiSpeakerVoiceConfig = { speakerVoiceConfigs: req.voice.map((s) => ({ speaker: s.speaker, voiceConfig: voiceConfig(s.voice) })) };
  } else {
    speechConfig.voiceConfig = voiceConfig(req.voice);
  }
  if (own.language_code !== undefined) speechConfig.languageCode = own.language_code;
  const text = req.instructions ? `${req.instructions.trim().replace(/:$/, '')}: ${req.input}` : req.input;
  // speed is not in capabilities.speech.accepts.shared: the gateway reports it and never passes it here.
  return { body: { contents: [{ role: 'user', parts: [{ text }] }], generationConfig: { responseModalities: ['AUDIO'], speechConfig } } };
}
