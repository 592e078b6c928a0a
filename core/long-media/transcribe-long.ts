// A transcription too large for its provider: the upload (spooled, or
// written to the spool for ffmpeg) is probed, its pauses found, cut into
// chunks under the limit, and the chunks transcribed `concurrency` at a time
// through the rest of the chain; the answers are stitched into the format
// asked for. extra_fields.chunks says what each chunk was and what served it.
import type { GatewayContext } from '../context.js';
import type { Terminal } from '../chain.js';
import { JsonPayload } from '../json-payload.js';
import { renderSrt, renderText, renderVtt } from '../formats/subtitles.js';
import { transcriptEvents } from '../stream/events.js';
import type { TranscriptionRequest, TranscriptionFormat } from '../types.js';
import type { VerboseTranscript } from '../formats/transcript.js';
import { CHUNK_BYTES_PER_SECOND, detectSilences, encodeChunk, probe } from './media.js';
import { OVERLAP_SECONDS, planChunks, type ChunkPlan } from './plan.js';
import { chunkProgress } from './progress.js';
import type { LongMedia } from './runtime.js';
import { stitch, type ChunkTranscript, type Stitched } from './stitch.js';
import { chunkFailed, runChunk } from './sub-request.js';
import type { MediaTools } from './tools.js';

export interface AudioLimits {
  maxBytes?: number;
  maxSeconds?: number;
}

interface ChunkRecord {
  index: number;
  start: number;
  end: number;
  provider: string;
  model: string;
  attempts: number;
  latency_ms: number;
}

/** The file on disk for ffmpeg: the spool file, or the in-memory upload written to the spool folder. */
async function onDisk(long: LongMedia, req: TranscriptionRequest): Promise<{ file: string; done: () => Promise<void> }> {
  if (req.file.spool) {
    const release = req.file.spool.retain();
    return { file: req.file.spool.path, done: async () => release() };
  }
  const temp = await long.spool.writeTemp(req.file.chunks);
  return { file: temp.path, done: temp.done };
}

const clock = (s: number): string => `${Math.floor(s / 60)}:${String(Math.floor(s % 60)).padStart(2, '0')}`;

export async function transcribeLong(ctx: GatewayContext, req: TranscriptionRequest, tools: MediaTools, long: LongMedia, limits: AudioLimits, rest: Terminal, verbose: boolean): Promise<void> {
  const abort = new AbortController();
  const stop = () => abort.abort(ctx.signal.reason);
  ctx.signal.addEventListener('abort', stop, { once: true });
  const { file, done } = await onDisk(long, req);
  try {
    const { duration } = await probe(tools, file, req.file.filename, abort.signal);
    const silences = await detectSilences(tools, file, duration, abort.signal);
    // Each chunk well under the byte limit (90 %), the duration limit and chunk_seconds.
    const bySize = limits.maxBytes ? (limits.maxBytes * 0.9) / CHUNK_BYTES_PER_SECOND : Infinity;
    const maxSeconds = Math.max(10, Math.min(long.settings.chunk_seconds, limits.maxSeconds ?? Infinity, bySize));
    const plan = planChunks(duration, silences, maxSeconds, verbose ? OVERLAP_SECONDS : 0);
    const report = chunkProgress.get(ctx);
    report?.({ chunks_done: 0, chunks_total: plan.length });

    const answers: ChunkTranscript[] = [];
    const records: ChunkRecord[] = [];
    let next = 0;
    let finished = 0;
    const maxBytes = limits.maxBytes ?? 1024 * 1024 * 1024;
    const worker = async (): Promise<void> => {
      while (next < plan.length && !abort.signal.aborted) {
        const chunk = plan[next++]!;
        const what = `Chunk ${chunk.index + 1} of ${plan.length} (${clock(chunk.start)}–${clock(chunk.end)})`;
        try {
          const audio = await encodeChunk(tools, file, chunk.from, chunk.end, maxBytes, abort.signal);
          const chunkReq = chunkRequest(req, chunk, audio, verbose);
          const out = await runChunk(ctx, chunkReq, abort.signal, rest);
          if (out.result.type !== 'transcription') throw new Error(`a chunk answered ${out.result.type}`);
          const body = out.result.body instanceof JsonPayload ? out.result.body.value : out.result.body;
          answers.push({ plan: chunk, body });
          const { provider, model, latencyMs } = out.result.servedBy;
          records.push({ index: chunk.index, start: chunk.start, end: chunk.end, provider, model, attempts: out.attempts, latency_ms: latencyMs });
          finished += 1;
          report?.({ chunks_done: finished, chunks_total: plan.length });
        } catch (thrown) {
          if (!abort.signal.aborted) abort.abort(chunkFailed(thrown, what));
          throw abort.signal.reason;
        }
      }
    };
    const workers = Array.from({ length: Math.min(long.settings.concurrency, plan.length) }, worker);
    const settled = await Promise.allSettled(workers);
    if (abort.signal.aborted) throw abort.signal.reason;
    const failed = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
    if (failed) throw failed.reason;

    records.sort((a, b) => a.index - b.index);
    const stitched = stitch(answers, duration);
    ctx.extraFields.chunks = records.map(({ index: _index, ...r }) => r);
    const first = records[0]!;
    const servedBy = { provider: first.provider, model: first.model, latencyMs: records.reduce((sum, r) => Math.max(sum, r.latency_ms), 0) };
    ctx.target = { provider: first.provider, model: first.model, keyIndex: 0 };
    if (req.stream) {
      ctx.result = { type: 'stream', requestType: 'transcription', events: transcriptEvents(stitched.text, stitched.usage), servedBy };
      return;
    }
    ctx.result = { type: 'transcription', format: req.response_format, body: render(stitched, req.response_format, req.timestamp_granularities, req.task ?? 'transcribe'), servedBy };
  } finally {
    ctx.signal.removeEventListener('abort', stop);
    await done();
  }
}

function chunkRequest(req: TranscriptionRequest, chunk: ChunkPlan, audio: { chunks: Buffer[]; size: number }, verbose: boolean): TranscriptionRequest {
  const granularities = new Set(req.timestamp_granularities ?? []);
  granularities.add('segment');
  return {
    ...req,
    file: { chunks: audio.chunks, size: audio.size, filename: `chunk-${chunk.index + 1}.mp3`, contentType: 'audio/mpeg' },
    file_format: 'mp3',
    stream: false,
    response_format: verbose ? 'verbose_json' : 'json',
    timestamp_granularities: verbose ? [...granularities] : req.timestamp_granularities,
  };
}

/** The stitched transcript in the format the client asked for. */
function render(t: Stitched, format: TranscriptionFormat, granularities: TranscriptionRequest['timestamp_granularities'], task: 'transcribe' | 'translate'): JsonPayload | string {
  const verbose: VerboseTranscript = {
    text: t.text,
    language: t.language,
    duration: t.duration,
    segments: t.segments?.map((s) => ({ start: s.start, end: s.end, text: String(s.text ?? '') })),
    words: t.words?.map((w) => ({ start: w.start, end: w.end, word: String(w.word ?? '') })),
  };
  switch (format) {
    case 'text':
      return renderText(verbose);
    case 'srt':
      return renderSrt(verbose);
    case 'vtt':
      return renderVtt(verbose);
    case 'json':
      return JsonPayload.of(t.usage ? { text: t.text, usage: t.usage } : { text: t.text });
    case 'verbose_json': {
      const wantWords = granularities?.includes('word');
      const wantSegments = !granularities || granularities.length === 0 || granularities.includes('segment');
      const body: Record<string, unknown> = { task, language: t.language, duration: t.duration, text: t.text };
      if (wantWords && t.words) body.words = t.words;
      if (wantSegments && t.segments) body.segments = t.segments;
      if (t.usage) body.usage = t.usage;
      return JsonPayload.of(body);
    }
  }
}
