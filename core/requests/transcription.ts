// Multipart fields → a typed TranscriptionRequest. Fields arrive as text, so
// the schema coerces ("0.2" → 0.2); array fields may come repeated, with a
// [] suffix, or as one JSON array. Adapters' own params go to
// providerOptions; other unknown fields are kept and passed on.
import { pathOf } from '../config/errors.js';
import { badRequest } from '../errors.js';
import { parseModelRef, resolveRequestModel, type ProviderNames } from '../model-ref.js';
import type { ModelRef } from '../types.js';
import { TRANSCRIPTION_ARRAY_FIELDS, transcriptionFieldsSchema } from '../schemas/transcription.js';
import type { AudioFile, PassthroughFields, TranscriptionFormat, TranscriptionRequest } from '../types.js';
import { problemsOf } from '../validation.js';
import { ParamCatalog } from '../params/catalog.js';
import { requestValidator } from '../params/request-schema.js';
import { requestProblem } from './problems.js';

const KNOWN = new Set(Object.keys(transcriptionFieldsSchema.properties));
const NO_PARAMS = new ParamCatalog();

function arrayValue(values: string[]): string[] {
  const only = values.length === 1 ? values[0]!.trim() : '';
  if (only.startsWith('[')) {
    try {
      const parsed: unknown = JSON.parse(only);
      if (Array.isArray(parsed) && parsed.every((v) => typeof v === 'string')) return parsed;
    } catch {
      // not JSON: the literal text is the one value
    }
  }
  return values;
}

/** Collapses repeated and name[] fields; a scalar field given twice is refused. */
function collect(fields: Map<string, string[]>, lists: ReadonlySet<string>): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [rawName, values] of fields) {
    const name = rawName.endsWith('[]') ? rawName.slice(0, -2) : rawName;
    if (rawName.endsWith('[]') || TRANSCRIPTION_ARRAY_FIELDS.has(name) || lists.has(name)) {
      const prior = out[name];
      out[name] = [...(Array.isArray(prior) ? prior : prior === undefined ? [] : [prior]), ...arrayValue(values)];
    } else if (values.length > 1 || out[name] !== undefined) {
      throw badRequest('duplicate_field', `The field "${name}" is given more than once; send it once.`, name);
    } else {
      out[name] = values[0]!;
    }
  }
  return out;
}

export function buildTranscriptionRequest(
  fields: Map<string, string[]>,
  file: AudioFile | undefined,
  providers: ProviderNames,
  routeDefault?: (given: string | undefined) => ModelRef,
  task?: TranscriptionRequest['task'],
  params: ParamCatalog = NO_PARAMS,
): TranscriptionRequest {
  const data: Record<string, unknown> = collect(fields, params.listParams('transcription'));
  if (data.file !== undefined) {
    throw badRequest('invalid_file', 'The "file" part must be a file upload (with a filename), not a text field: curl -F file=@audio.mp3', 'file');
  }
  // Routes that address models their own way (a vendor's deployments) may leave model out.
  const problems = problemsOf(requestValidator('transcription', params, routeDefault !== undefined), data);
  if (problems.length > 0) throw requestProblem(problems);
  if (!file) throw badRequest('missing_file', 'The audio file is missing: send it as the multipart part "file".', 'file');
  if (file.size === 0) throw badRequest('empty_file', 'The audio file is empty.', 'file');

  if (task === 'translate') {
    // OpenAI's translations take no language (the answer is English), timings or stream.
    for (const field of ['language', 'timestamp_granularities', 'stream', 'diarize'] as const) {
      if (data[field] !== undefined && data[field] !== false) throw badRequest('invalid_request', `Translations take no ${field}: the answer is English text; drop ${field} (or use /v1/audio/transcriptions).`, field);
    }
  }
  if (data.stream === true && data.response_format !== 'json' && data.response_format !== 'text') {
    throw badRequest('invalid_request', 'stream=true streams the transcript text (transcript.text.delta events): use response_format json or text, or leave stream unset.', 'response_format');
  }

  const unknown: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(data)) if (!KNOWN.has(name)) unknown[name] = value;
  const { providerOptions, rest } = params.move('transcription', unknown);
  // What no adapter declares stays as sent: text, or lists of text (the schema's additionalProperties).
  const extra: PassthroughFields = {};
  for (const [name, value] of Object.entries(rest)) extra[name] = value as string | string[];

  const model = resolveRequestModel(data.model as string | undefined, providers, routeDefault);
  const fallbacks = ((data.fallbacks as string[] | undefined) ?? []).map((f, i) => parseModelRef(f, pathOf(['fallbacks', i]), providers));
  return {
    type: 'transcription',
    model,
    fallbacks,
    file,
    response_format: data.response_format as TranscriptionFormat,
    stream: data.stream === true,
    language: data.language as string | undefined,
    prompt: data.prompt as string | undefined,
    temperature: data.temperature as number | undefined,
    timestamp_granularities: data.timestamp_granularities as TranscriptionRequest['timestamp_granularities'],
    diarize: data.diarize as boolean | undefined,
    ...(task ? { task } : {}),
    file_format: data.file_format as string | undefined,
    providerOptions,
    extra,
  };
}
