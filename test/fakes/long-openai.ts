// A fake OpenAI with OpenAI's real limits, for long media: a body over
// 25 MB is refused with 413 and OpenAI's error JSON, speech input over 4,096
// characters with 400; transcripts carry timestamps relative to the chunk
// received (its duration read with ffprobe, a segment every 5 s), and speech
// is a real mp3 (made by ffmpeg, ID3 and Xing headers included) lasting
// 2.5 ms per input character, so joined answers can be checked with ffprobe.
import { spawn } from 'node:child_process';
import type { ServerResponse } from 'node:http';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { FakeOpenAI, openAIError } from './openai.js';
import { sendChunked, sendJson, type Recorded } from './fake-server.js';

export const OPENAI_MAX_BODY = 25 * 1024 * 1024;
export const OPENAI_MAX_INPUT = 4096;
const SEGMENT_SECONDS = 5;
export const SECONDS_PER_CHAR = 0.0025;

function run(bin: string, args: string[], input?: Buffer): Promise<{ code: number | null; out: Buffer; err: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(bin, args, { stdio: ['pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    let err = '';
    child.stdout.on('data', (c: Buffer) => out.push(c));
    child.stderr.on('data', (c: Buffer) => (err += c.toString()));
    child.stdin.on('error', () => undefined);
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, out: Buffer.concat(out), err }));
    child.stdin.end(input);
  });
}

/** The duration of audio bytes, as ffprobe reads it from a file. */
export async function probeSeconds(bytes: Buffer): Promise<number> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'fake-openai-'));
  try {
    const file = path.join(dir, 'audio');
    await writeFile(file, bytes);
    const r = await run('ffprobe', ['-v', 'error', '-show_entries', 'format=duration', '-of', 'csv=p=0', file]);
    return r.code === 0 ? Number(r.out.toString().trim()) : Number.NaN;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

export class LongFakeOpenAI extends FakeOpenAI {
  /** Durations ffprobe read from each transcription chunk received. */
  readonly chunkSeconds: number[] = [];
  /** Seconds of mp3 sent for each speech call (ffprobe's reading), in order. */
  readonly speechSeconds: number[] = [];

  static override async start(): Promise<LongFakeOpenAI> {
    return new LongFakeOpenAI().listen();
  }

  protected override async transcribe(rec: Recorded, res: ServerResponse, task: 'transcribe' | 'translate' = 'transcribe'): Promise<void> {
    if (rec.raw.length > OPENAI_MAX_BODY) {
      return sendJson(res, 413, openAIError(`Maximum content size limit (${OPENAI_MAX_BODY}) exceeded (${rec.raw.length} bytes read)`, null, null, 'server_error'));
    }
    const file = rec.files.find((f) => f.field === 'file');
    if (!file) return super.transcribe(rec, res, task);
    const duration = await probeSeconds(file.bytes);
    if (!Number.isFinite(duration)) return sendJson(res, 400, openAIError('Audio file might be corrupted or unsupported', 'invalid_value', 'file'));
    this.chunkSeconds.push(duration);
    const format = rec.fields.response_format?.[0] ?? 'json';
    const segments: Array<Record<string, unknown>> = [];
    for (let start = 0, id = 0; start < duration; start += SEGMENT_SECONDS, id++) {
      const end = Math.min(duration, start + SEGMENT_SECONDS);
      segments.push({ id, seek: Math.round(start * 100), start, end, text: ` words ${id}`, tokens: [1], temperature: 0, avg_logprob: -0.2, compression_ratio: 1, no_speech_prob: 0 });
    }
    const text = segments.map((s) => String(s.text).trim()).join(' ');
    if (format === 'json') return sendJson(res, 200, { text, usage: { type: 'duration', seconds: Math.ceil(duration) } });
    if (format !== 'verbose_json') return super.transcribe(rec, res, task);
    const granularities = rec.fields['timestamp_granularities[]'] ?? ['segment'];
    const body: Record<string, unknown> = { task, language: 'english', duration, text, usage: { type: 'duration', seconds: Math.ceil(duration) } };
    if (granularities.includes('segment')) body.segments = segments;
    if (granularities.includes('word')) body.words = segments.flatMap((s) => [{ word: 'words', start: s.start, end: ((s.start as number) + (s.end as number)) / 2 }]);
    return sendJson(res, 200, body);
  }

  protected override async speak(rec: Recorded, res: ServerResponse): Promise<void> {
    const body = rec.json as Record<string, unknown> | undefined;
    const input = typeof body?.input === 'string' ? body.input : '';
    if (input.length > OPENAI_MAX_INPUT) {
      return sendJson(res, 400, openAIError(`[{'type': 'string_too_long', 'loc': ('body', 'input'), 'msg': 'String should have at most ${OPENAI_MAX_INPUT} characters'}]`, 'string_too_long', 'input'));
    }
    const format = (body?.response_format as string | undefined) ?? 'mp3';
    const encoders: Record<string, string[]> = { mp3: ['-c:a', 'libmp3lame', '-b:a', '64k', '-write_xing', '1', '-f', 'mp3'], wav: ['-c:a', 'pcm_s16le', '-f', 'wav'] };
    if (!encoders[format] || body?.stream_format === 'sse') return super.speak(rec, res);
    const seconds = Math.max(0.5, input.length * SECONDS_PER_CHAR);
    const r = await run('ffmpeg', ['-v', 'error', '-f', 'lavfi', '-i', `sine=frequency=440:sample_rate=24000:duration=${seconds.toFixed(3)}`, '-ac', '1', ...encoders[format]!, 'pipe:1']);
    this.speechSeconds.push(await probeSeconds(r.out));
    await sendChunked(res, 200, format === 'mp3' ? 'audio/mpeg' : 'audio/wav', r.out, this.chunkDelayMs);
  }
}
