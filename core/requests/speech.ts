// A JSON body → a typed SpeechRequest. JSON types must already be right (no
// coercion): "speed": "fast" is a 400, not a guess. Unknown keys are kept.
import { badRequest } from '../errors.js';
import { parseModelRef, resolveRequestModel, type ProviderNames } from '../model-ref.js';
import type { ModelRef } from '../types.js';
import { speechBodySchema } from '../schemas/speech.js';
import type { SpeechFormat, SpeechRequest } from '../types.js';
import { createAjv, problemsOf } from '../validation.js';
import { requestProblem } from './problems.js';

const ajv = createAjv();
const validate = ajv.compile(speechBodySchema);
// Routes that address models their own way (a vendor's deployments) may leave model out.
const validateModelOptional = ajv.compile({ ...speechBodySchema, required: speechBodySchema.required.filter((r) => r !== 'model') });

const KNOWN = new Set(Object.keys(speechBodySchema.properties));

export function buildSpeechRequest(body: unknown, providers: ProviderNames, routeDefault?: (given: string | undefined) => ModelRef): SpeechRequest {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw badRequest('invalid_body', 'The body must be a JSON object such as {"model": "openai/tts-1", "input": "Hello", "voice": "alloy"}.');
  }
  const data = { ...(body as Record<string, unknown>) };
  const problems = problemsOf(routeDefault ? validateModelOptional : validate, data);
  if (problems.length > 0) throw requestProblem(problems);

  const extra: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(data)) if (!KNOWN.has(name)) extra[name] = value;

  return {
    type: 'speech',
    model: resolveRequestModel(data.model as string | undefined, providers, routeDefault),
    fallbacks: ((data.fallbacks as string[] | undefined) ?? []).map((f, i) => parseModelRef(f, `fallbacks[${i}]`, providers)),
    input: data.input as string,
    voice: data.voice as SpeechRequest['voice'],
    response_format: data.response_format as SpeechFormat,
    stream_format: data.stream_format as SpeechRequest['stream_format'],
    instructions: data.instructions as string | undefined,
    speed: data.speed as number | undefined,
    language_code: data.language_code as string | undefined,
    pronunciation_dictionary_locators: data.pronunciation_dictionary_locators as SpeechRequest['pronunciation_dictionary_locators'],
    enable_logging: data.enable_logging as boolean | undefined,
    optimize_streaming_latency: data.optimize_streaming_latency as SpeechRequest['optimize_streaming_latency'],
    with_timestamps: data.with_timestamps as boolean | undefined,
    extra,
  };
}

