// The speech request's shared fields, as JSON Schema: validated on every
// request and published in the OpenAPI document, beside the params adapters
// declare (capabilities.speech.accepts.own, see core/params/request-schema.ts).
import { SPEECH_FORMATS } from '../types.js';

export const speechBodySchema = {
  type: 'object',
  required: ['model', 'input', 'voice'],
  properties: {
    model: { type: 'string', minLength: 1, description: 'provider/model, e.g. openai/tts-1' },
    input: { type: 'string', minLength: 1, description: 'Text to convert to speech' },
    voice: {
      description: 'a voice name or id, or a list of {speaker, voice} objects',
      oneOf: [
        { type: 'string', minLength: 1 },
        {
          type: 'array',
          minItems: 1,
          items: {
            type: 'object',
            required: ['speaker', 'voice'],
            properties: { speaker: { type: 'string', minLength: 1 }, voice: { type: 'string', minLength: 1 } },
            additionalProperties: false,
          },
        },
      ],
    },
    fallbacks: { type: 'array', items: { type: 'string', minLength: 1 } },
    stream_format: { enum: ['sse', 'audio'] },
    instructions: { type: 'string' },
    response_format: { enum: [...SPEECH_FORMATS], default: 'mp3' },
    speed: { type: 'number', minimum: 0.25, maximum: 4 },
  },
  additionalProperties: true,
} as const;
