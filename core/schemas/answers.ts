// The answers, as JSON Schema, for the OpenAPI document: transcripts, jobs,
// and the error body every non-2xx answer has.
import { GATEWAY_ERROR_FIELD } from '../bifrost-names.js';

export const errorBodySchema = {
  type: 'object',
  required: ['event_id', 'type', GATEWAY_ERROR_FIELD, 'status_code', 'error', 'extra_fields'],
  properties: {
    event_id: { type: 'string', description: 'The request id (also in x-request-id).' },
    type: { type: 'string' },
    [GATEWAY_ERROR_FIELD]: { type: 'boolean', description: 'true when the gateway refused or failed; false when the provider answered with the error.' },
    status_code: { type: 'integer' },
    error: {
      type: 'object',
      required: ['type', 'code', 'message', 'event_id'],
      properties: { type: { type: 'string' }, code: { type: 'string' }, message: { type: 'string' }, param: { type: 'string' }, event_id: { type: 'string' } },
    },
    extra_fields: {
      type: 'object',
      properties: { provider: { type: 'string' }, model_requested: { type: 'string' }, request_type: { type: 'string' } },
      additionalProperties: true,
    },
  },
} as const;

export const extraFieldsSchema = {
  type: 'object',
  properties: {
    request_type: { enum: ['transcription', 'speech'] },
    provider: { type: 'string', description: 'The provider that served the answer.' },
    model_requested: { type: 'string', description: 'The model that served the answer.' },
    model_deployment: { type: 'string' },
    latency: { type: 'integer', description: 'Milliseconds in the provider call.' },
    attempts: { type: 'array', items: { type: 'object' } },
    fallback_index: { type: 'integer' },
    cache_debug: { type: 'object' },
    ignored_params: { type: 'array', items: { type: 'string' } },
    cost: {
      type: 'object',
      description: 'What the request used and its price, at the provider and model that served it (a header of the same name on audio and text answers).',
      required: ['usd', 'priced'],
      properties: {
        usd: { type: 'number', description: '0 when priced is false.' },
        audio_seconds: { type: 'number' },
        characters: { type: 'integer' },
        input_tokens: { type: 'integer' },
        output_tokens: { type: 'integer' },
        priced: { type: 'boolean', description: 'False: the model has no price (providers.<name>.prices.<model>); usd is unknown, not free.' },
      },
    },
  },
  additionalProperties: true,
} as const;

export const transcriptSchema = {
  type: 'object',
  required: ['text'],
  properties: {
    text: { type: 'string' },
    task: { type: 'string' },
    language: { type: 'string' },
    duration: { type: 'number' },
    segments: { type: 'array', items: { type: 'object' } },
    words: { type: 'array', items: { type: 'object', properties: { word: { type: 'string' }, start: { type: 'number' }, end: { type: 'number' } } } },
    usage: { type: 'object' },
    extra_fields: extraFieldsSchema,
  },
  additionalProperties: true,
} as const;
