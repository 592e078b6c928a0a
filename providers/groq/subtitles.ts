// srt and vtt for a provider that answers only json, text and verbose_json:
// ask for verbose_json with segments, render the subtitles from them.
import { renderSrt, renderVtt, upstreamBadAnswer, type AdapterResult, type ProviderCall, type StreamResult, type TranscriptionRequest, type TranscriptionResult, type TranscriptSegment } from '../../core/kit.js';

const SUBTITLES = new Set(['srt', 'vtt']);

/** The request as the provider can answer it: verbose_json with segments in place of srt and vtt. */
export const verboseAsked = (req: TranscriptionRequest): TranscriptionRequest =>
  SUBTITLES.has(req.response_format) ? { ...req, response_format: 'verbose_json', timestamp_granularities: ['segment'] } : req;

const isSegment = (s: unknown): s is TranscriptSegment => {
  const seg = s as Partial<TranscriptSegment> | null;
  return typeof seg?.start === 'number' && typeof seg.end === 'number' && typeof seg.text === 'string';
};

export function renderedFromVerbose(call: ProviderCall, answer: AdapterResult<TranscriptionResult> | AdapterResult<StreamResult>, req: TranscriptionRequest): AdapterResult<TranscriptionResult> {
  if (answer.type !== 'transcription' || typeof answer.body === 'string') throw upstreamBadAnswer(call.provider.name, 'verbose_json is not a JSON object');
  const { text, segments } = answer.body.value;
  if (typeof text !== 'string' || !Array.isArray(segments) || !segments.every(isSegment)) throw upstreamBadAnswer(call.provider.name, 'verbose_json has no text and segments');
  const transcript = { text, segments: segments.map((s) => ({ start: s.start, end: s.end, text: s.text.trim() })) };
  return { type: 'transcription', format: req.response_format, body: req.response_format === 'srt' ? renderSrt(transcript) : renderVtt(transcript), ...(answer.usage ? { usage: answer.usage } : {}) };
}
