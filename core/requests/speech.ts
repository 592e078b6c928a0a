// A JSON body → a typed SpeechRequest. JSON types must already be right (no
// coercion): "speed": "fast" is a 400, not a guess. Adapters' own params go to
// providerOptions; other unknown keys are kept in `extra`.
import { pathOf } from '../config/errors.js';
import { badRequest } from '../errors.js';
import { parseModelRef, resolveRequestModel, type ProviderNames } from '../model-ref.js';
import type { ModelRef } from '../types.js';
import { speechBodySchema } from '../schemas/speech.js';
import type { SpeechFormat, SpeechRequest } from '../types.js';
import { problemsOf } from '../validation.js';
import { ParamCatalog } from '../params/catalog.js';
import { requestValidator } from '../params/request-schema.js';
import { requestProblem } from './problems.js';

const KNOWN = new Set(Object.keys(speechBodySchema.properties));
const NO_PARAMS = new ParamCatalog();

export function buildSpeechRequest(
  body: unknown,
  providers: ProviderNames,
  routeDefault?: (given: string | undefined) => ModelRef,
  params: ParamCatalog = NO_PARAMS,
): SpeechRequest {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw badRequest('invalid_body', 'The body must be a JSON object such as {"model": "openai/tts-1", "input": "Hello", "voice": "alloy"}.');
  }
  const data = { ...(body as Record<string, unknown>) };
  // Routes that address models their own way (a vendor's deployments) may leave model out.
  const problems = problemsOf(requestValidator('speech', params, routeDefault !== undefined), data);
  if (problems.length > 0) throw requestProblem(problems);

  const unknown: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(data)) if (!KNOWN.has(name)) unknown[name] = value;
  const { providerOptions, rest: extra } = params.move('speech', unknown);

  return {
    type: 'speech',
    model: resolveRequestModel(data.model as string | undefined, providers, routeDefault),
    fallbacks: ((data.fallbacks as string[] | undefined) ?? []).map((f, i) => parseModelRef(f, pathOf(['fallbacks', i]), providers)),
    input: data.input as string,
    voice: data.voice as SpeechRequest['voice'],
    response_format: data.response_format as SpeechFormat,
    stream_format: data.stream_format as SpeechRequest['stream_format'],
    instructions: data.instructions as string | undefined,
    speed: data.speed as number | undefined,
    providerOptions,
    extra,
  };
}

