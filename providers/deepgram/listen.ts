// A gateway transcription as Deepgram's pre-recorded POST /v1/listen: the
// options as query parameters (the audio itself is the raw body), and the
// answer (results.channels[0].alternatives[0], utterances) in every format.
import { unsupportedByTarget, transcriptBody, type JsonPayload, type TranscriptionRequest, type TranscriptSegment, type TranscriptWord, type VerboseTranscript } from '../../core/kit.js';

/** Formats built from timings: utterances give their segments. */
const TIMED = new Set(['verbose_json', 'srt', 'vtt']);

export interface ListenCall {
  query: URLSearchParams;
}

export function listenCall(req: TranscriptionRequest): ListenCall {
  if (req.task === 'translate') throw unsupportedByTarget('unsupported_by_provider', 'Deepgram does not translate audio; use a provider with translations (openai, azure, groq).', 'model');
  const query = new URLSearchParams({ model: req.model.model, smart_format: 'true', punctuate: 'true' });
  if (req.language !== undefined) query.set('language', req.language);
  if (req.diarize !== undefined) query.set('diarize', String(req.diarize));
  if (TIMED.has(req.response_format)) query.set('utterances', 'true');
  // Deepgram's own options (keyterm, redact, numerals, …) are query parameters too: passed on as sent.
  for (const [name, value] of Object.entries(req.extra)) {
    if (name === 'utterances' || name === 'smart_format' || name === 'punctuate') query.set(name, String(value));
    else for (const v of Array.isArray(value) ? value : [value]) query.append(name, v);
  }
  // prompt and temperature are not in capabilities.transcription.accepts.shared: the gateway reports them.
  return { query };
}

interface DeepgramWord {
  word: string;
  punctuated_word?: string;
  start: number;
  end: number;
  speaker?: number;
}

interface DeepgramUtterance {
  start: number;
  end: number;
  transcript: string;
  speaker?: number;
}

export interface DeepgramAnswer {
  metadata?: { duration?: number };
  results: {
    channels: Array<{ detected_language?: string; alternatives: Array<{ transcript: string; words?: DeepgramWord[] }> }>;
    utterances?: DeepgramUtterance[];
  };
}

const speaker = (n: number | undefined) => (typeof n === 'number' ? { speaker: `speaker_${n}` } : {});

/** The answer's transcript, or undefined when it has none. */
export function readListen(body: unknown): VerboseTranscript | undefined {
  const answer = body as Partial<DeepgramAnswer> | null;
  const channel = answer?.results?.channels?.[0];
  const best = channel?.alternatives?.[0];
  if (typeof best?.transcript !== 'string') return undefined;
  const words: TranscriptWord[] = (best.words ?? []).map((w) => ({ word: w.punctuated_word ?? w.word, start: w.start, end: w.end, ...speaker(w.speaker) }));
  const utterances = answer?.results?.utterances;
  const segments: TranscriptSegment[] | undefined = utterances?.map((u) => ({ start: u.start, end: u.end, text: u.transcript, ...speaker(u.speaker) }));
  return {
    text: best.transcript,
    language: channel?.detected_language,
    duration: answer?.metadata?.duration ?? words.at(-1)?.end,
    segments: segments && segments.length > 0 ? segments : undefined,
    words,
  };
}

export const listenBody = (t: VerboseTranscript, req: TranscriptionRequest): JsonPayload | string => transcriptBody(t, req.response_format);

/** metadata.duration: the audio seconds Deepgram bills, as its usage. */
export function billedSeconds(body: unknown): { usage?: { audioSeconds: number } } {
  const duration = (body as Partial<DeepgramAnswer> | null)?.metadata?.duration;
  return typeof duration === 'number' && Number.isFinite(duration) && duration >= 0 ? { usage: { audioSeconds: duration } } : {};
}
