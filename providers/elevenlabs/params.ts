// ElevenLabs' own speech params: clients send them at the top level of the
// speech body, as on ElevenLabs; the gateway validates them, hands them to
// this adapter in providerOptions.elevenlabs, and reports them ignored by
// providers that do not take them.
import { paramsOf, type ParamsOf, type SpeechRequest } from '../../core/kit.js';

export const ELEVENLABS_ID = 'elevenlabs';

export const ELEVENLABS_SPEECH_PARAMS = {
  language_code: { schema: { type: 'string', minLength: 1, description: 'the language of the text (ISO 639-1), for models that take one' } },
  pronunciation_dictionary_locators: { schema: { type: 'array', items: { type: 'object' }, maxItems: 3, description: 'up to 3 {pronunciation_dictionary_id, version_id}' } },
  enable_logging: { schema: { type: 'boolean', description: 'false: zero retention mode (enterprise)' } },
  optimize_streaming_latency: { schema: { description: 'true/false, or a level from 0 to 4', oneOf: [{ type: 'boolean' }, { type: 'integer', minimum: 0, maximum: 4 }] } },
  // JSON (base64 audio and the character alignment) instead of audio: a provider without it refuses the request.
  with_timestamps: { schema: { type: 'boolean', description: 'answer JSON with the base64 audio and the character alignment' }, shapesAnswer: true },
} as const;

export type ElevenLabsSpeechParams = ParamsOf<typeof ELEVENLABS_SPEECH_PARAMS>;

export const speechParams = (req: SpeechRequest): ElevenLabsSpeechParams => paramsOf<ElevenLabsSpeechParams>(req, ELEVENLABS_ID);
