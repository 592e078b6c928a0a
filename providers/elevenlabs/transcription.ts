// A gateway transcription request as ElevenLabs' POST /v1/speech-to-text:
// the multipart form (model_id, language_code, temperature, word timestamps,
// every unknown field as sent, then the file) and its query.
import { uploadFilename } from '../../core/kit.js';
import { unsupportedByTarget } from '../../core/kit.js';
import type { TranscriptionRequest } from '../../core/kit.js';
import { encodeMultipart, type EncodedForm, type FormPart } from '../../core/kit.js';

export interface TranscriptionCall {
  form: EncodedForm;
  query: URLSearchParams;
}

/** Formats the gateway builds from word timings: they need timestamps_granularity word or character. */
const TIMED_FORMATS = new Set(['verbose_json', 'srt', 'vtt']);

// Extra fields that would leave the gateway nothing to shape the answer from.
function checkExtra(req: TranscriptionRequest): void {
  const granularity = req.extra.timestamps_granularity;
  if (granularity === 'none' && TIMED_FORMATS.has(req.response_format)) {
    throw unsupportedByTarget(
      'unsupported_by_provider',
      `response_format "${req.response_format}" is built from word timings; drop timestamps_granularity=none or ask for json or text.`,
      'timestamps_granularity',
    );
  }
  if (req.extra.webhook === 'true') {
    throw unsupportedByTarget('unsupported_by_provider', 'The gateway answers with the transcript itself, so webhook=true cannot be used; drop it (or use the async route).', 'webhook');
  }
}

export function transcriptionCall(req: TranscriptionRequest): TranscriptionCall {
  if (req.task === 'translate') throw unsupportedByTarget('unsupported_by_provider', 'ElevenLabs does not translate audio; use a provider with translations (openai, azure, groq).', 'model');
  checkExtra(req);
  const { enable_logging: enableLogging, timestamps_granularity: granularity, ...extra } = req.extra;
  const query = new URLSearchParams();
  // A query parameter on ElevenLabs, not a form field.
  if (typeof enableLogging === 'string') query.set('enable_logging', enableLogging);

  const parts: FormPart[] = [{ name: 'model_id', value: req.model.model }];
  if (req.language !== undefined) parts.push({ name: 'language_code', value: req.language });
  if (req.temperature !== undefined) parts.push({ name: 'temperature', value: String(req.temperature) });
  if (req.diarize !== undefined) parts.push({ name: 'diarize', value: String(req.diarize) });
  // Word timings by default: segments, srt and vtt are built from them.
  parts.push({ name: 'timestamps_granularity', value: typeof granularity === 'string' ? granularity : 'word' });
  for (const [name, value] of Object.entries(extra)) {
    // ElevenLabs reads list fields (keyterms, entity_detection) as the bare name repeated.
    for (const v of Array.isArray(value) ? value : [value]) parts.push({ name, value: v });
  }
  parts.push({ name: 'file', file: req.file, filename: uploadFilename(req.file, req.file_format) });

  // prompt is not in capabilities.transcription.accepts.shared: the gateway reports it and never passes it here.
  return { form: encodeMultipart(parts), query };
}
