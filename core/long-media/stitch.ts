// The transcripts of a recording's chunks made one: segment and word times
// moved by their chunk's offset, what the overlaps heard twice kept once
// (each piece belongs to the chunk whose own stretch holds its middle), ids
// renumbered, the text joined, the duration the whole recording's. Pure.
import type { ChunkPlan } from './plan.js';

export interface ChunkTranscript {
  plan: ChunkPlan;
  /** The provider's JSON answer (verbose_json or json), or its text. */
  body: Record<string, unknown> | string;
}

type Timed = Record<string, unknown> & { start: number; end: number };

const timedList = (value: unknown): Timed[] =>
  Array.isArray(value)
    ? value.filter((v): v is Timed => v !== null && typeof v === 'object' && typeof (v as Timed).start === 'number' && typeof (v as Timed).end === 'number')
    : [];

/** Pieces of one chunk, on the recording's clock, that belong to it. */
function owned(list: Timed[], plan: ChunkPlan, last: boolean): Timed[] {
  return list
    .map((p) => ({ ...p, start: round(p.start + plan.from), end: round(p.end + plan.from) }))
    .filter((p) => {
      const mid = (p.start + p.end) / 2;
      return mid >= plan.start && (mid < plan.end || (last && mid <= plan.end + 1));
    });
}

const round = (s: number): number => Math.round(s * 1000) / 1000;

/**
 * Keeps times monotonic across the cuts: no piece starts before the one
 * ahead of it ended (a chunk's encoded audio may run a few milliseconds past
 * its cut, and an overlap's pieces may reach back across it).
 */
function monotonic(list: Timed[]): Timed[] {
  let floor = 0;
  return list.map((p) => {
    const start = Math.max(p.start, floor);
    const end = Math.max(p.end, start);
    floor = end;
    return { ...p, start, end };
  });
}

const textOf = (body: ChunkTranscript['body']): string => (typeof body === 'string' ? body : typeof body.text === 'string' ? body.text : '').trim();

export interface Stitched {
  text: string;
  duration: number;
  language?: string;
  segments?: Timed[];
  words?: Timed[];
  usage?: { type: 'duration'; seconds: number };
}

export function stitch(chunks: readonly ChunkTranscript[], duration: number): Stitched {
  const ordered = [...chunks].sort((a, b) => a.plan.index - b.plan.index);
  const segments: Timed[] = [];
  const words: Timed[] = [];
  let anySegments = false;
  let anyWords = false;
  let usageSeconds = 0;
  let usageKnown = ordered.length > 0;
  let language: string | undefined;
  for (const [i, chunk] of ordered.entries()) {
    const last = i === ordered.length - 1;
    const body = typeof chunk.body === 'string' ? {} : chunk.body;
    if (Array.isArray(body.segments)) anySegments = true;
    if (Array.isArray(body.words)) anyWords = true;
    segments.push(...owned(timedList(body.segments), chunk.plan, last));
    words.push(...owned(timedList(body.words), chunk.plan, last));
    language ??= typeof body.language === 'string' ? body.language : undefined;
    const usage = body.usage as { type?: unknown; seconds?: unknown } | undefined;
    if (usage?.type === 'duration' && typeof usage.seconds === 'number') usageSeconds += usage.seconds;
    else usageKnown = false;
  }
  const stitchedSegments: Timed[] = monotonic(segments).map((s, id) => ({ ...s, id, seek: Math.round(s.start * 100) }));
  const stitchedWords = monotonic(words);
  const text = anySegments
    ? stitchedSegments.map((s) => String(s.text ?? '').trim()).filter(Boolean).join(' ')
    : anyWords
      ? stitchedWords.map((w) => String(w.word ?? '').trim()).filter(Boolean).join(' ')
      : ordered.map((c) => textOf(c.body)).filter(Boolean).join(' ');
  return {
    text,
    duration: round(duration),
    language,
    segments: anySegments ? stitchedSegments : undefined,
    words: anyWords ? stitchedWords : undefined,
    usage: usageKnown ? { type: 'duration', seconds: Math.ceil(usageSeconds) } : undefined,
  };
}
