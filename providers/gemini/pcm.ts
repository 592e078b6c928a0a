// Gemini speaks 24 kHz 16-bit mono PCM. pcm is served as it is; wav gets a
// correct RIFF header (so the PCM is gathered first: the header holds its
// length); mp3, opus, aac and flac are transcoded by ffmpeg, streaming, when
// ffmpeg is on the PATH.
import { spawn } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import path from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import type { SpeechFormat } from '../../core/kit.js';

export const PCM_RATE = 24_000;
const CHANNELS = 1;
const BITS = 16;

export function wavHeader(dataBytes: number): Buffer {
  const h = Buffer.alloc(44);
  h.write('RIFF', 0, 'ascii');
  h.writeUInt32LE(36 + dataBytes, 4);
  h.write('WAVE', 8, 'ascii');
  h.write('fmt ', 12, 'ascii');
  h.writeUInt32LE(16, 16);
  h.writeUInt16LE(1, 20); // PCM
  h.writeUInt16LE(CHANNELS, 22);
  h.writeUInt32LE(PCM_RATE, 24);
  h.writeUInt32LE((PCM_RATE * CHANNELS * BITS) / 8, 28);
  h.writeUInt16LE((CHANNELS * BITS) / 8, 32);
  h.writeUInt16LE(BITS, 34);
  h.write('data', 36, 'ascii');
  h.writeUInt32LE(dataBytes, 40);
  return h;
}

/** The WAV file: the whole PCM behind a header that states its length. */
export async function* wavOf(pcm: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of pcm) {
    chunks.push(chunk);
    size += chunk.length;
  }
  yield wavHeader(size);
  yield* chunks;
}

/** ffmpeg's output options for each transcoded format. */
const FFMPEG_OUT: Readonly<Partial<Record<SpeechFormat, readonly string[]>>> = {
  mp3: ['-c:a', 'libmp3lame', '-b:a', '128k', '-f', 'mp3'],
  opus: ['-c:a', 'libopus', '-b:a', '64k', '-f', 'ogg'],
  aac: ['-c:a', 'aac', '-b:a', '128k', '-f', 'adts'],
  flac: ['-c:a', 'flac', '-f', 'flac'],
};

export const NATIVE_FORMATS: readonly SpeechFormat[] = ['pcm', 'wav'];

/** The ffmpeg executable on PATH, looked up on each call (installing it needs no restart). */
export function findFfmpeg(envPath = process.env.PATH ?? ''): string | undefined {
  for (const dir of envPath.split(path.delimiter)) {
    if (!dir) continue;
    const candidate = path.join(dir, 'ffmpeg');
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}

/**
 * PCM in, the format out, as ffmpeg makes it. An ffmpeg that fails makes
 * the output stream fail; a consumer that goes away stops ffmpeg.
 */
export function transcode(ffmpeg: string, pcm: AsyncIterable<Buffer>, format: SpeechFormat): Readable {
  const args = ['-hide_banner', '-loglevel', 'error', '-f', 's16le', '-ar', String(PCM_RATE), '-ac', String(CHANNELS), '-i', 'pipe:0', ...(FFMPEG_OUT[format] ?? []), 'pipe:1'];
  const child = spawn(ffmpeg, args, { stdio: ['pipe', 'pipe', 'pipe'] });
  const out = new PassThrough();
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-500)));
  child.stdout.pipe(out, { end: false });
  child.once('error', (err) => out.destroy(err));
  child.once('close', (code) => {
    if (code === 0) out.end();
    else out.destroy(new Error(`ffmpeg exited with ${code}: ${stderr.trim()}`));
  });
  out.once('close', () => {
    if (child.exitCode === null) child.kill('SIGKILL');
  });
  child.stdin.on('error', () => undefined); // a dead ffmpeg is reported by its exit
  void (async () => {
    try {
      for await (const chunk of pcm) if (!child.stdin.write(chunk)) await new Promise((r) => child.stdin.once('drain', r));
      child.stdin.end();
    } catch (err) {
      out.destroy(err as Error);
      child.kill('SIGKILL');
    }
  })();
  return out;
}

/** Wraps an async iterable of buffers as a Readable with back-pressure. */
export const readableOf = (chunks: AsyncIterable<Buffer>): Readable => Readable.from(chunks, { objectMode: false });
