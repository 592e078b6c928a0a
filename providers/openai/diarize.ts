// Speakers on OpenAI: its diarizing models (gpt-4o-transcribe-diarize) answer
// response_format diarized_json, segments with a speaker each; the gateway
// asks for that in place of verbose_json, srt and vtt and renders them with
// the speakers. OpenAI's other models cannot diarize (a 400 before the call);
// an OpenAI-compatible server gets `diarize` as a form field, as Voxtral reads it.
import { unsupportedByTarget, transcriptBody, upstreamBadAnswer, type AdapterResult, type ProviderCall, type StreamResult, type TranscriptionRequest, type TranscriptionResult, type TranscriptSegment } from '../../core/kit.js';

export const isDiarizingModel = (model: string): boolean => model.includes('diarize');

const TIMED = new Set(['verbose_json', 'srt', 'vtt']);

/** The request as OpenAI is asked it: diarized_json for the timed formats of a diarizing model. */
export function diarizedAsk(req: TranscriptionRequest, openAIItself: boolean): TranscriptionRequest {
  const diarizing = isDiarizingModel(req.model.model);
  if (req.diarize && openAIItself && !diarizing) {
    throw unsupportedByTarget('unsupported_by_provider', `OpenAI's ${req.model.model} cannot label speakers; use gpt-4o-transcribe-diarize, or drop diarize.`, 'diarize');
  }
  if (!diarizing) return req;
  // The model diarizes by itself: diarize is no OpenAI field. Long audio needs a chunking strategy.
  const extra = { chunking_strategy: 'auto', ...req.extra };
  const { diarize: _diarize, ...rest } = req;
  return TIMED.has(req.response_format) ? { ...rest, extra, response_format: 'verbose_json', timestamp_granularities: undefined } : { ...rest, extra };
}

/** True when the answer is diarized_json that the gateway renders into the client's format. */
export const rendersDiarized = (req: TranscriptionRequest): boolean => isDiarizingModel(req.model.model) && TIMED.has(req.response_format);

/** The form's response_format: diarized_json in place of verbose_json, srt and vtt. */
export const wireFormat = (req: TranscriptionRequest): string => (rendersDiarized(req) ? 'diarized_json' : req.response_format);

const isSegment = (s: unknown): s is { start: number; end: number; text: string; speaker?: string } => {
  const seg = s as { start?: unknown; end?: unknown; text?: unknown } | null;
  return typeof seg?.start === 'number' && typeof seg.end === 'number' && typeof seg.text === 'string';
};

/** diarized_json → the client's format, speakers kept. */
export function fromDiarized(call: ProviderCall, answer: AdapterResult<TranscriptionResult> | AdapterResult<StreamResult>, req: TranscriptionRequest): AdapterResult<TranscriptionResult> {
  if (answer.type !== 'transcription' || typeof answer.body === 'string') throw upstreamBadAnswer(call.provider.name, 'diarized_json is not a JSON object');
  const { text, segments, duration } = answer.body.value;
  if (typeof text !== 'string' || !Array.isArray(segments) || !segments.every(isSegment)) throw upstreamBadAnswer(call.provider.name, 'diarized_json has no text and segments');
  const cues: TranscriptSegment[] = segments.map((s) => ({ start: s.start, end: s.end, text: s.text.trim(), ...(s.speaker ? { speaker: s.speaker } : {}) }));
  const transcript = { text, duration: typeof duration === 'number' ? duration : cues.at(-1)?.end, segments: cues };
  return { type: 'transcription', format: req.response_format, body: transcriptBody(transcript, req.response_format), ...(answer.usage ? { usage: answer.usage } : {}) };
}
