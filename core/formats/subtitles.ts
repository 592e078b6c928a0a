// Renders text, srt and vtt from a verbose transcript, for any adapter whose
// provider lacks those formats. Cues come from the segments when there are
// any, else from the words.
import { wordsToCues } from './cues.js';
import type { TranscriptSegment, VerboseTranscript } from './transcript.js';

/** HH:MM:SS{sep}mmm, rounding to the millisecond first so 59.9996 s becomes 00:01:00.000. */
export function timestamp(seconds: number, separator: ',' | '.'): string {
  const total = Number.isFinite(seconds) && seconds > 0 ? Math.round(seconds * 1000) : 0;
  const ms = total % 1000;
  const s = Math.floor(total / 1000) % 60;
  const m = Math.floor(total / 60_000) % 60;
  const h = Math.floor(total / 3_600_000);
  const pad = (n: number, width = 2) => String(n).padStart(width, '0');
  return `${pad(h)}:${pad(m)}:${pad(s)}${separator}${pad(ms, 3)}`;
}

/** Cue text may not hold blank lines (they end a cue); keep line breaks, drop the empty ones. */
const cueText = (text: string): string =>
  text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean)
    .join('\n');

function cuesOf(t: VerboseTranscript): TranscriptSegment[] {
  const fromSegments = (t.segments ?? []).map((s) => ({ ...s, text: cueText(s.text) })).filter((s) => s.text !== '');
  if (fromSegments.length > 0) return fromSegments;
  return wordsToCues(t.words ?? []).map((s) => ({ ...s, text: cueText(s.text) }));
}

const ordered = (c: TranscriptSegment): [number, number] => {
  const start = Math.max(0, c.start);
  return [start, Math.max(start, c.end)];
};

export function renderText(t: VerboseTranscript): string {
  return `${t.text.trim()}\n`;
}

export function renderSrt(t: VerboseTranscript): string {
  return cuesOf(t)
    .map((c, i) => {
      const [start, end] = ordered(c);
      return `${i + 1}\n${timestamp(start, ',')} --> ${timestamp(end, ',')}\n${c.text}\n\n`;
    })
    .join('');
}

// WebVTT cue text is markup: & and < must be escaped, and "-->" may not appear.
const escapeVtt = (text: string): string => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export function renderVtt(t: VerboseTranscript): string {
  const cues = cuesOf(t).map((c) => {
    const [start, end] = ordered(c);
    const text = escapeVtt(c.text);
    const voiced = c.speaker ? `<v ${escapeVtt(c.speaker)}>${text}` : text;
    return `${timestamp(start, '.')} --> ${timestamp(end, '.')}\n${voiced}\n\n`;
  });
  return `WEBVTT\n\n${cues.join('')}`;
}
