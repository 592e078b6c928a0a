// Mistral's transcription wire format: the multipart form (model, file,
// language, temperature, diarize, context_bias, timestamp_granularities,
// other fields as sent) and its JSON answer as a vendor-neutral transcript.
import { unsupportedByTarget, encodeMultipart, languageName, uploadFilename, type EncodedForm, type FormPart, type TranscriptionRequest, type TranscriptSegment, type VendorErrorDetail, type VerboseTranscript } from '../../core/kit.js';

/** Formats built from timings: Mistral gives segments only when asked. */
const TIMED = new Set(['verbose_json', 'srt', 'vtt']);

export function mistralForm(req: TranscriptionRequest): { form: EncodedForm } {
  if (req.task === 'translate') throw unsupportedByTarget('unsupported_by_provider', 'Mistral does not translate audio; use a provider with translations (openai, azure, groq).', 'model');
  const parts: FormPart[] = [{ name: 'model', value: req.model.model }];
  if (req.language !== undefined) parts.push({ name: 'language', value: req.language });
  if (req.temperature !== undefined) parts.push({ name: 'temperature', value: String(req.temperature) });
  if (req.diarize !== undefined) parts.push({ name: 'diarize', value: String(req.diarize) });
  const granularities = new Set(req.timestamp_granularities ?? []);
  if (TIMED.has(req.response_format)) granularities.add('segment');
  for (const g of granularities) parts.push({ name: 'timestamp_granularities', value: g });
  // Voxtral's own fields (context_bias, …) as sent; list fields repeat the bare name.
  for (const [name, value] of Object.entries(req.extra)) for (const v of Array.isArray(value) ? value : [value]) parts.push({ name, value: v });
  parts.push({ name: 'file', file: req.file, filename: uploadFilename(req.file, req.file_format) });
  // prompt is not in capabilities.transcription.accepts.shared: the gateway reports it and never passes it here.
  return { form: encodeMultipart(parts) };
}

interface MistralSegment {
  text: string;
  start: number;
  end: number;
  speaker_id?: string | null;
}

/** {model, text, language, segments: [{text, start, end, speaker_id}], usage} → the neutral transcript. */
export function mistralTranscript(body: Record<string, unknown>): VerboseTranscript | undefined {
  if (typeof body.text !== 'string') return undefined;
  const raw = Array.isArray(body.segments) ? (body.segments as MistralSegment[]) : [];
  const segments: TranscriptSegment[] = raw
    .filter((s) => typeof s?.start === 'number' && typeof s.end === 'number' && typeof s.text === 'string')
    .map((s) => ({ start: s.start, end: s.end, text: s.text.trim(), ...(s.speaker_id ? { speaker: s.speaker_id } : {}) }));
  const usage = body.usage as { prompt_audio_seconds?: number } | undefined;
  return {
    text: body.text.trim(),
    language: typeof body.language === 'string' ? languageName(body.language) : undefined,
    duration: usage?.prompt_audio_seconds ?? segments.at(-1)?.end,
    segments: segments.length > 0 ? segments : undefined,
  };
}

/** usage.prompt_audio_seconds: the audio seconds Mistral bills. */
export function mistralUsage(body: Record<string, unknown>): { audioSeconds: number } | undefined {
  const seconds = (body.usage as { prompt_audio_seconds?: unknown } | undefined)?.prompt_audio_seconds;
  return typeof seconds === 'number' && Number.isFinite(seconds) && seconds >= 0 ? { audioSeconds: seconds } : undefined;
}

/** {"object": "error", "message", "type", "param", "code"}, or FastAPI's {"detail": …} for validation. */
export function mistralErrorDetail(body: unknown): VendorErrorDetail | undefined {
  const b = body as Record<string, unknown> | null;
  if (!b || typeof b !== 'object') return undefined;
  if (typeof b.message === 'string') return { message: b.message, type: b.type as string | undefined, code: b.code as string | undefined, param: b.param as string | undefined };
  if (typeof b.detail === 'string') return { message: b.detail };
  if (Array.isArray(b.detail)) return { message: (b.detail as Array<{ msg?: string; loc?: unknown[] }>).map((d) => `${(d.loc ?? []).slice(1).join('.')}: ${d.msg ?? 'invalid'}`).join('; '), code: 'validation_error' };
  return undefined;
}
