// The transcription request, as JSON Schema: validated on every request (the
// multipart fields, coerced from text) and published in the OpenAPI document.
import { TRANSCRIPTION_FORMATS } from '../types.js';

export const transcriptionFieldsSchema = {
  type: 'object',
  required: ['model'],
  properties: {
    model: { type: 'string', minLength: 1, description: 'provider/model, e.g. openai/whisper-1' },
    fallbacks: { type: 'array', items: { type: 'string', minLength: 1 }, description: 'provider/model strings tried in order when the model fails' },
    stream: { type: 'boolean', default: false },
    language: { type: 'string', minLength: 1, description: 'Language of the audio (ISO 639-1)' },
    prompt: { type: 'string' },
    response_format: { enum: [...TRANSCRIPTION_FORMATS], default: 'json' },
    temperature: { type: 'number', minimum: 0, maximum: 1 },
    timestamp_granularities: { type: 'array', items: { enum: ['word', 'segment'] }, uniqueItems: true },
    diarize: { type: 'boolean', description: 'label who speaks: words[].speaker and segments[].speaker in verbose_json, speakers in srt and vtt' },
    file_format: { type: 'string', pattern: '^[A-Za-z0-9]{1,10}$', description: 'the audio container (mp3, wav, …) when the file name lacks it' },
  },
  additionalProperties: { type: ['string', 'array'], items: { type: 'string' } },
} as const;

/** Fields sent as arrays: repeated, with a [] suffix, or once. */
export const TRANSCRIPTION_ARRAY_FIELDS: ReadonlySet<string> = new Set(['fallbacks', 'timestamp_granularities']);
