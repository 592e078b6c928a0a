// A vendor-neutral transcript in every response format: OpenAI's json and
// verbose_json shapes (speakers kept where the provider gave them), and the
// text, srt and vtt renderings. For adapters whose provider answers in its
// own shape.
import { JsonPayload } from '../json-payload.js';
import type { TranscriptionFormat } from '../types.js';
import { wordsToCues } from './cues.js';
import { renderSrt, renderText, renderVtt } from './subtitles.js';
import type { VerboseTranscript } from './transcript.js';

const speakerOf = (speaker: string | undefined) => (speaker ? { speaker } : {});

/** OpenAI's verbose_json: task, language, duration, text, segments (grouped from words when absent) and words. */
export function verboseJson(v: VerboseTranscript, task: 'transcribe' | 'translate' = 'transcribe'): JsonPayload {
  const segments = v.segments ?? wordsToCues(v.words ?? []);
  return JsonPayload.of({
    task,
    language: v.language ?? 'unknown',
    duration: v.duration ?? 0,
    text: v.text,
    segments: segments.map((s, id) => ({ id, start: s.start, end: s.end, text: s.text, ...speakerOf(s.speaker) })),
    words: (v.words ?? []).map(({ word, start, end, speaker }) => ({ word, start, end, ...speakerOf(speaker) })),
  });
}

/** The answer body for a response format: a JsonPayload for json and verbose_json, else text. */
export function transcriptBody(v: VerboseTranscript, format: TranscriptionFormat, task: 'transcribe' | 'translate' = 'transcribe'): JsonPayload | string {
  switch (format) {
    case 'json':
      return JsonPayload.of({ text: v.text });
    case 'verbose_json':
      return verboseJson(v, task);
    case 'text':
      return renderText(v);
    case 'srt':
      return renderSrt(v);
    case 'vtt':
      return renderVtt(v);
  }
}
