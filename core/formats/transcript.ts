// The vendor-neutral verbose transcript that adapters hand to the renderers
// when their provider lacks a format (text, srt, vtt, or OpenAI's verbose_json).

export interface TranscriptWord {
  word: string;
  /** Seconds from the start of the audio. */
  start: number;
  end: number;
  /** Diarization label, when the provider gives one. */
  speaker?: string;
}

export interface TranscriptSegment {
  start: number;
  end: number;
  text: string;
  speaker?: string;
}

export interface VerboseTranscript {
  text: string;
  language?: string;
  duration?: number;
  segments?: TranscriptSegment[];
  words?: TranscriptWord[];
}
