// What ffprobe and ffmpeg tell and make: an upload's container and length
// (a 400 naming the container when it cannot be decoded), its pauses, and a
// chunk of it re-encoded compactly (mono 16 kHz mp3, what speech models
// hear anyway) into memory.
import { open } from 'node:fs/promises';
import { GatewayError, badRequest } from '../errors.js';
import { parseSilences, type Silence } from './plan.js';
import { runTool, type MediaTools } from './tools.js';

/** Encoded chunk bit rate: 48 kbit/s. */
export const CHUNK_BYTES_PER_SECOND = 6000;
const CHUNK_ARGS = ['-vn', '-ac', '1', '-ar', '16000', '-c:a', 'libmp3lame', '-b:a', '48k', '-f', 'mp3'];

const MAGIC: Array<[string, (b: Buffer) => boolean]> = [
  ['WAV (RIFF)', (b) => b.subarray(0, 4).toString('latin1') === 'RIFF'],
  ['MP3 (ID3)', (b) => b.subarray(0, 3).toString('latin1') === 'ID3'],
  ['Ogg', (b) => b.subarray(0, 4).toString('latin1') === 'OggS'],
  ['FLAC', (b) => b.subarray(0, 4).toString('latin1') === 'fLaC'],
  ['MP4/M4A', (b) => b.subarray(4, 8).toString('latin1') === 'ftyp'],
  ['WebM/Matroska', (b) => b.readUInt32BE(0) === 0x1a45dfa3],
  ['MPEG audio', (b) => b[0] === 0xff && (b[1]! & 0xe0) === 0xe0],
];

/** What the upload looks like: by its first bytes, else by its name. */
async function containerSeen(file: string, filename: string): Promise<string> {
  const fd = await open(file, 'r');
  try {
    const head = Buffer.alloc(16);
    const { bytesRead } = await fd.read(head, 0, 16, 0);
    const b = head.subarray(0, bytesRead);
    if (b.length >= 8) for (const [name, test] of MAGIC) if (test(b)) return `${name} by its header`;
  } finally {
    await fd.close();
  }
  const ext = /\.([A-Za-z0-9]{1,8})$/.exec(filename)?.[1];
  return ext ? `.${ext.toLowerCase()} by its name, but not by its bytes` : 'no known audio container';
}

const lastLine = (stderr: string): string =>
  stderr
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)
    .pop()
    ?.slice(0, 200) ?? 'no output';

export interface Probed {
  duration: number;
  format: string;
}

export async function probe(tools: MediaTools, file: string, filename: string, signal: AbortSignal): Promise<Probed> {
  const r = await runTool(tools.ffprobe, ['-v', 'error', '-show_entries', 'format=duration,format_name', '-of', 'json', file], signal, 1024 * 1024);
  let duration = Number.NaN;
  let format = '';
  if (r.code === 0) {
    try {
      const parsed = JSON.parse(Buffer.concat(r.stdout).toString('utf8')) as { format?: { duration?: string; format_name?: string } };
      duration = Number(parsed.format?.duration);
      format = parsed.format?.format_name ?? '';
    } catch {
      // not JSON: treated as undecodable below
    }
  }
  if (!Number.isFinite(duration) || duration <= 0) {
    const seen = await containerSeen(file, filename);
    throw badRequest('undecodable_audio', `ffmpeg cannot decode the file (it looks like ${seen}; ffprobe said: ${lastLine(r.stderr)}). Send audio in a format such as mp3, wav, flac, ogg or m4a.`, 'file');
  }
  return { duration, format };
}

export async function detectSilences(tools: MediaTools, file: string, duration: number, signal: AbortSignal): Promise<Silence[]> {
  const r = await runTool(tools.ffmpeg, ['-hide_banner', '-nostats', '-i', file, '-vn', '-af', 'silencedetect=noise=-35dB:d=0.4', '-f', 'null', '-'], signal);
  if (r.code !== 0) throw badRequest('undecodable_audio', `ffmpeg cannot decode the whole file: ${lastLine(r.stderr)}.`, 'file');
  return parseSilences(r.stderr, duration);
}

/** [from, to) of the file as a compact mp3, in memory (at most maxBytes). */
export async function encodeChunk(tools: MediaTools, file: string, from: number, to: number, maxBytes: number, signal: AbortSignal): Promise<{ chunks: Buffer[]; size: number }> {
  const args = ['-hide_banner', '-nostats', '-v', 'error', '-ss', from.toFixed(3), '-t', (to - from).toFixed(3), '-i', file, ...CHUNK_ARGS, 'pipe:1'];
  const r = await runTool(tools.ffmpeg, args, signal, maxBytes);
  if (r.code !== 0 || r.stdoutBytes === 0 || r.stdoutBytes > maxBytes) {
    if (signal.aborted) throw signal.reason;
    throw new GatewayError({ status: 500, type: 'server_error', code: 'chunk_encoding_failed', message: `ffmpeg could not cut the audio from ${from.toFixed(1)} s to ${to.toFixed(1)} s: ${lastLine(r.stderr)}.` });
  }
  return { chunks: r.stdout, size: r.stdoutBytes };
}
