// Speech input longer than its provider takes: cut at paragraph, sentence
// and word boundaries, each chunk synthesized with the same voice and
// settings through the rest of the chain, in order, a few ahead of the one
// being sent (bounded look-ahead, started once the first is ready so the
// first is as quick as a one-part input), and streamed as soon as the first
// is ready. mp3, aac, wav and pcm are joined as bytes; opus and flac are made
// by ffmpeg from the joined wav (a 400 naming what works without it).
import { spawn } from 'node:child_process';
import { Readable } from 'node:stream';
import type { GatewayContext } from '../context.js';
import type { Terminal } from '../chain.js';
import { badRequest } from '../errors.js';
import { SPEECH_CONTENT_TYPES } from '../audio-formats.js';
import { speechEventsFromAudio } from '../stream/events.js';
import type { ServedBy, SpeechFormat, SpeechRequest } from '../types.js';
import { JOINABLE, joinPart, type JoinableFormat } from './join-audio.js';
import { chunkProgress } from './progress.js';
import { splitText } from './split-text.js';
import { chunkFailed, runChunk, type ChunkOutcome } from './sub-request.js';
import type { MediaTools } from './tools.js';

/** Chunks synthesized ahead of the one being streamed. */
export const LOOK_AHEAD = 2;

const isJoinable = (f: SpeechFormat): f is JoinableFormat => (JOINABLE as readonly string[]).includes(f);

export interface SpeechPlan {
  /** What each chunk is asked for. */
  chunkFormat: JoinableFormat;
  /** ffmpeg re-encodes the joined audio to the asked format. */
  transcode: boolean;
}

/** How the asked format is made from chunks; a 400 when it cannot be without ffmpeg. */
export function speechPlan(format: SpeechFormat, offered: readonly SpeechFormat[], tools: MediaTools | undefined, maxChars: number): SpeechPlan {
  if (isJoinable(format)) return { chunkFormat: format, transcode: false };
  if (!tools) {
    throw badRequest(
      'format_needs_ffmpeg',
      `The input is longer than the ${maxChars} characters the provider takes at once, so it is spoken in parts and joined; ${format} can only be joined with ffmpeg, which this gateway does not have. Use response_format ${JOINABLE.join(', ')}.`,
      'response_format',
    );
  }
  return { chunkFormat: offered.includes('wav') ? 'wav' : 'mp3', transcode: true };
}

const FFMPEG_OUT: Partial<Record<SpeechFormat, string[]>> = {
  opus: ['-c:a', 'libopus', '-b:a', '64k', '-f', 'ogg'],
  flac: ['-c:a', 'flac', '-f', 'flac'],
};

function transcode(tools: MediaTools, input: Readable, format: SpeechFormat, signal: AbortSignal): Readable {
  const child = spawn(tools.ffmpeg, ['-hide_banner', '-v', 'error', '-i', 'pipe:0', ...(FFMPEG_OUT[format] ?? []), 'pipe:1'], { stdio: ['pipe', 'pipe', 'ignore'], signal });
  child.on('error', () => undefined);
  child.stdin.on('error', () => undefined);
  input.on('error', (err) => child.stdout.destroy(err));
  input.pipe(child.stdin);
  child.stdout.once('close', () => input.destroy());
  return child.stdout;
}

export async function speakLong(ctx: GatewayContext, req: SpeechRequest, plan: SpeechPlan, maxChars: number, tools: MediaTools | undefined, rest: Terminal): Promise<void> {
  const parts = splitText(req.input, maxChars);
  const abort = new AbortController();
  const stop = () => abort.abort(ctx.signal.reason);
  ctx.signal.addEventListener('abort', stop, { once: true });
  const report = chunkProgress.get(ctx);
  const chunkReq = (input: string): SpeechRequest => ({ ...req, input, response_format: plan.chunkFormat, stream_format: undefined });
  const started: Array<Promise<ChunkOutcome> | undefined> = [];
  const what = (i: number) => `Part ${i + 1} of ${parts.length} of the input`;
  const start = (i: number): void => {
    if (i >= parts.length || started[i] || abort.signal.aborted) return;
    const p = runChunk(ctx, chunkReq(parts[i]!), abort.signal, rest).catch((thrown: unknown) => {
      if (!abort.signal.aborted) abort.abort(chunkFailed(thrown, what(i)));
      throw abort.signal.reason;
    });
    p.catch(() => undefined); // observed when its turn comes
    started[i] = p;
  };
  // The first part alone, so it is as quick as a one-part input; it must be ready before the
  // answer starts (failing there is a proper error answer). The look-ahead starts once it is.
  start(0);
  let first: ChunkOutcome;
  try {
    first = await started[0]!;
  } catch (err) {
    ctx.signal.removeEventListener('abort', stop);
    throw err;
  }
  for (let i = 1; i <= LOOK_AHEAD; i++) start(i);
  const servedBy: ServedBy = first.result.servedBy;
  ctx.target = { provider: servedBy.provider, model: servedBy.model, keyIndex: 0 };
  ctx.extraFields.chunks = parts.length;

  async function* joined(): AsyncGenerator<Buffer> {
    try {
      for (let i = 0; i < parts.length; i++) {
        start(i + LOOK_AHEAD);
        const out = i === 0 ? first : await started[i]!;
        if (out.result.type !== 'speech') throw chunkFailed(new Error(`the provider answered ${out.result.type}, not audio`), what(i));
        yield* joinPart(plan.chunkFormat, out.result.audio, i === 0);
        report?.({ chunks_done: i + 1, chunks_total: parts.length });
      }
    } finally {
      ctx.signal.removeEventListener('abort', stop);
      if (!abort.signal.aborted) abort.abort(new Error('the joined answer ended'));
      for (const p of started) p?.then((o) => o.result.type === 'speech' && o.result.audio.destroy(), () => undefined);
    }
  }

  let audio: Readable = Readable.from(joined());
  if (plan.transcode && tools) audio = transcode(tools, audio, req.response_format, ctx.signal);
  if (req.stream_format === 'sse') {
    ctx.result = { type: 'stream', requestType: 'speech', events: speechEventsFromAudio(audio, req.input.length), servedBy };
    return;
  }
  ctx.result = { type: 'speech', format: req.response_format, contentType: SPEECH_CONTENT_TYPES[req.response_format], audio, servedBy };
}
