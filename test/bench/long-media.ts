// The long-media bench: one 500 MB WAV upload (tones and silences, made as
// it is sent, never held by this process) transcribed through the default
// chain against a fake with OpenAI's 25 MB limit, with the gateway's peak
// RSS sampled (target: under 300 MB; ffmpeg's own processes are apart); and
// the time to first byte of a 20,000-character speech input (five parts)
// against a one-part input of 4,000 characters.
import http from 'node:http';
import { toneWavBlocks } from '../helpers/tone-wav.js';
import { peakRssBytes, RssSampler, type Child } from './processes.js';

export interface LongUploadResult {
  uploadBytes: number;
  status: number;
  chunks: number;
  durationS?: number;
  peakRssBytes: number;
  hwmRssBytes?: number;
  rssBeforeBytes: number;
  wallMs: number;
}

const MB = 1024 * 1024;

export async function longUploadRun(gateway: { proc: Child; url: string }, uploadMb: number): Promise<LongUploadResult> {
  const boundary = 'voxgate-bench-long-upload';
  const total = uploadMb * MB;
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="model"\r\n\r\nopenai/whisper-1\r\n` +
      `--${boundary}\r\nContent-Disposition: form-data; name="response_format"\r\n\r\nverbose_json\r\n` +
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="long.wav"\r\nContent-Type: audio/wav\r\n\r\n`,
  );
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  const wavBytes = 44 + Math.floor((total - 44) / 2) * 2;
  const sampler = new RssSampler(gateway.proc.pid, 100);
  const rssBefore = sampler.start().peak;
  const started = performance.now();
  const { status, body } = await new Promise<{ status: number; body: string }>((resolve, reject) => {
    const req = http.request(new URL('/v1/audio/transcriptions', gateway.url), {
      method: 'POST',
      headers: { 'content-type': `multipart/form-data; boundary=${boundary}`, 'content-length': head.length + wavBytes + tail.length },
    });
    req.on('response', (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (text += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
    });
    req.on('error', reject);
    const blocks = toneWavBlocks(total);
    const pump = (): void => {
      for (;;) {
        const next = blocks.next();
        if (next.done) {
          req.end(tail);
          return;
        }
        if (!req.write(next.value)) {
          req.once('drain', pump);
          return;
        }
      }
    };
    req.write(head);
    pump();
  });
  const wallMs = performance.now() - started;
  const peak = sampler.stop();
  let chunks = 0;
  let durationS: number | undefined;
  try {
    const parsed = JSON.parse(body) as { duration?: number; extra_fields?: { chunks?: unknown[] } };
    chunks = parsed.extra_fields?.chunks?.length ?? 0;
    durationS = parsed.duration;
  } catch {
    // an error body: the status says it
  }
  return { uploadBytes: head.length + wavBytes + tail.length, status, chunks, durationS, peakRssBytes: peak, hwmRssBytes: peakRssBytes(gateway.proc.pid), rssBeforeBytes: rssBefore, wallMs };
}

export interface TtfbResult {
  label: string;
  characters: number;
  parts: number;
  /** Median over the runs, ms. */
  ttfbMs: number;
  totalMs: number;
  runs: number;
}

/** A document of sentences in paragraphs, `chars` long. */
export function documentOf(chars: number): string {
  const paragraphs: string[] = [];
  let text = '';
  for (let i = 0; text.length < chars; ) {
    paragraphs.push(Array.from({ length: 7 }, () => `Sentence number ${i++} of this chapter says something worth hearing aloud.`).join(' '));
    text = paragraphs.join('\n\n');
  }
  return text.slice(0, chars).replace(/\s+\S*$/, '.');
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

export async function ttfbRun(url: string, label: string, characters: number, runs = 5): Promise<TtfbResult> {
  const input = documentOf(characters);
  const ttfb: number[] = [];
  const totals: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    const res = await fetch(`${url}/v1/audio/speech`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ model: 'openai/tts-1', input, voice: 'alloy' }) });
    const reader = res.body!.getReader();
    let first: number | undefined;
    for (;;) {
      const { done, value } = await reader.read();
      if (value && value.length > 0) first ??= performance.now() - started;
      if (done) break;
    }
    if (res.status !== 200) throw new Error(`speech of ${characters} characters answered ${res.status}`);
    ttfb.push(first ?? Number.NaN);
    totals.push(performance.now() - started);
  }
  return { label, characters: input.length, parts: Math.ceil(input.length / 4096), ttfbMs: median(ttfb), totalMs: median(totals), runs };
}
