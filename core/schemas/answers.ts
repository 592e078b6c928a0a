// The answers, as JSON Schema, for the OpenAPI document: transcripts, jobs,
// and the error body every non-2xx answer has.

export const errorBodySchema = {
  type: 'object',
  required: ['event_id', 'type', 'is_bifrost_error', 'status_code', 'error', 'extra_fields'],
  properties: {
    event_id: { type: 'string', description: 'The request id (also in x-request-id).' },
    type: { type: 'string' },
    is_bifrost_error: { type: 'boolean', description: 'true when the gateway refused or failed; false when the provider answered with the error.' },
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
