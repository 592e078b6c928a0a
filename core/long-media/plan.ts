// Where to cut a long recording: chunks no longer than the provider allows,
// each cut in the last pause before the limit (silencedetect's silences),
// a short overlap where no pause was found. Pure: seconds in, chunks out.

export interface Silence {
  start: number;
  end: number;
}

export interface ChunkPlan {
  index: number;
  /** The chunk's own stretch of the recording: [start, end) partitions the whole. */
  start: number;
  end: number;
  /** What is encoded and sent: from `from` (≤ start, the overlap) to `end`. */
  from: number;
}

/** Seconds re-sent across a cut made where there was no pause. */
export const OVERLAP_SECONDS = 1;

/**
 * Chunks of at most `maxSeconds` (overlap included). A cut is placed in the
 * middle of the last silence in the second half of the window; with none,
 * at the limit, and the next chunk starts `overlap` seconds earlier.
 */
export function planChunks(duration: number, silences: readonly Silence[], maxSeconds: number, overlap = OVERLAP_SECONDS): ChunkPlan[] {
  const chunks: ChunkPlan[] = [];
  const span = Math.max(1, maxSeconds - overlap);
  let start = 0;
  let from = 0;
  while (duration - from > maxSeconds) {
    const limit = from + maxSeconds;
    const earliest = start + span / 2;
    const pause = [...silences]
      .map((s) => (s.start + s.end) / 2)
      .filter((mid) => mid > earliest && mid <= limit)
      .pop();
    const cut = pause ?? start + span;
    chunks.push({ index: chunks.length, start, end: cut, from });
    start = cut;
    from = pause === undefined ? Math.max(0, cut - overlap) : cut;
  }
  chunks.push({ index: chunks.length, start, end: duration, from });
  return chunks;
}

/** Parses ffmpeg's silencedetect lines (silence_start: …, silence_end: …) into silences. */
export function parseSilences(stderr: string, duration: number): Silence[] {
  const out: Silence[] = [];
  let open: number | undefined;
  for (const m of stderr.matchAll(/silence_(start|end): (-?[\d.]+)/g)) {
    const at = Number(m[2]);
    if (m[1] === 'start') open = Math.max(0, at);
    else if (open !== undefined) {
      out.push({ start: open, end: at });
      open = undefined;
    }
  }
  if (open !== undefined) out.push({ start: open, end: duration });
  return out;
}
