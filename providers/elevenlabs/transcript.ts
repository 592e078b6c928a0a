// ElevenLabs' speech-to-text answer in OpenAI's shapes. Its words list holds
// words, the spacing between them and audio events, each timed; json keeps
// the text, verbose_json gets segments grouped from the timed words, and
// text, srt and vtt are rendered by the gateway.
import { wordsToCues } from '../../core/kit.js';
import { languageName, transcriptBody } from '../../core/kit.js';
import type { TranscriptWord, VerboseTranscript } from '../../core/kit.js';
import { JsonPayload } from '../../core/kit.js';
import type { TranscriptionFormat } from '../../core/kit.js';

export interface ElevenLabsWord {
  text: string;
  start?: number | null;
  end?: number | null;
  type: 'word' | 'spacing' | 'audio_event';
  speaker_id?: string | null;
  channel_index?: number | null;
}

export interface ElevenLabsTranscript {
  language_code: string;
  language_probability?: number;
  text: string;
  words: ElevenLabsWord[];
}

const isTranscript = (v: unknown): v is ElevenLabsTranscript => {
  const t = v as Partial<ElevenLabsTranscript> | null;
  return typeof t?.text === 'string' && Array.isArray(t.words);
};

/**
 * The transcript in an answer, or undefined when there is none. With
 * use_multi_channel ElevenLabs answers one transcript per channel: they are
 * merged in time order, each channel its own speaker unless diarized.
 */
export function readTranscript(body: unknown): ElevenLabsTranscript | undefined {
  if (isTranscript(body)) return body;
  const channels = (body as { transcripts?: unknown } | null)?.transcripts;
  if (!Array.isArray(channels) || channels.length === 0 || !channels.every(isTranscript)) return undefined;
  const words = channels
    .flatMap((t, i) => t.words.map((w) => ({ ...w, speaker_id: w.speaker_id ?? `channel_${w.channel_index ?? i}` })))
    .sort((a, b) => (a.start ?? 0) - (b.start ?? 0));
  return { language_code: channels[0]!.language_code, text: channels.map((t) => t.text.trim()).join('\n'), words };
}

/** OpenAI names the language ("english"); ElevenLabs gives an ISO 639 code ("eng"). */
export { languageName };

const timed = (w: ElevenLabsWord): w is ElevenLabsWord & { start: number; end: number } => typeof w.start === 'number' && typeof w.end === 'number';

const toWord = (w: ElevenLabsWord & { start: number; end: number }): TranscriptWord => ({
  word: w.text,
  start: w.start,
  end: w.end,
  ...(w.speaker_id ? { speaker: w.speaker_id } : {}),
});

/** The vendor-neutral transcript; audio events such as "(laughter)" stay in the cues, as they do in the text. */
export function toVerbose(t: ElevenLabsTranscript): VerboseTranscript {
  const spoken = t.words.filter((w) => w.type !== 'spacing').filter(timed);
  const duration = t.words.filter(timed).reduce((max, w) => Math.max(max, w.end), 0);
  return {
    text: t.text,
    language: languageName(t.language_code),
    duration,
    segments: wordsToCues(spoken.map(toWord)),
    words: spoken.filter((w) => w.type === 'word').map(toWord),
  };
}

/** The answer body for a response format: a JsonPayload for json and verbose_json, else text. */
export function transcriptionBody(t: ElevenLabsTranscript, format: TranscriptionFormat): JsonPayload | string {
  if (format === 'json') return JsonPayload.of({ text: t.text });
  return transcriptBody(toVerbose(t), format);
}
