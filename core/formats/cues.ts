// Groups words into readable cues (subtitle lines, or verbose_json segments):
// a new cue at a sentence end, a long pause, a speaker change, or when the
// cue grows past a comfortable length or duration.
import type { TranscriptSegment, TranscriptWord } from './transcript.js';

export interface CueLimits {
  maxChars: number;
  maxSeconds: number;
  /** A pause longer than this starts a new cue. */
  maxGapSeconds: number;
}

export const DEFAULT_CUE_LIMITS: CueLimits = { maxChars: 84, maxSeconds: 6, maxGapSeconds: 1 };

const SENTENCE_END = /[.!?。！？…]["'”’)\]]*$/u;
const NO_SPACE_BEFORE = /^[.,!?;:%)\]}»”’、。，！？；：…]/u;
const NO_SPACE_AFTER = /[(\[{«“‘¿¡]$/u;
// Scripts written without spaces between words.
const UNSPACED = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Thai}\p{Script=Lao}\p{Script=Khmer}\p{Script=Myanmar}]/u;

/** Joins words as the language writes them: spaces between words, none before punctuation or inside CJK text. */
export function joinWords(words: readonly string[]): string {
  let out = '';
  for (const raw of words) {
    const word = raw.trim();
    if (word === '') continue;
    const glue = out === '' || NO_SPACE_BEFORE.test(word) || NO_SPACE_AFTER.test(out) || (UNSPACED.test(out.at(-1)!) && UNSPACED.test(word[0]!)) ? '' : ' ';
    out += glue + word;
  }
  return out;
}

export function wordsToCues(words: readonly TranscriptWord[], limits: CueLimits = DEFAULT_CUE_LIMITS): TranscriptSegment[] {
  const cues: TranscriptSegment[] = [];
  let current: TranscriptWord[] = [];

  const flush = () => {
    if (current.length === 0) return;
    const text = joinWords(current.map((w) => w.word));
    if (text !== '') cues.push({ start: current[0]!.start, end: current.at(-1)!.end, text, speaker: current[0]!.speaker });
    current = [];
  };

  for (const word of words) {
    const last = current.at(-1);
    if (last) {
      const text = joinWords([...current.map((w) => w.word), word.word]);
      const breakHere =
        SENTENCE_END.test(last.word.trim()) ||
        word.speaker !== last.speaker ||
        word.start - last.end > limits.maxGapSeconds ||
        word.end - current[0]!.start > limits.maxSeconds ||
        text.length > limits.maxChars;
      if (breakHere) flush();
    }
    current.push(word);
  }
  flush();
  return cues;
}
