// Results as cache entries and back. Text answers are stored as the text the
// provider sent; audio is captured by reference while it streams to the
// client, and stored only if it ended whole and within the size cap.
import { Readable, Transform, type TransformCallback } from 'node:stream';
import { JsonPayload } from '../../core/kit.js';
import type { ProviderResult, ServedBy, SpeechFormat, TranscriptionFormat } from '../../core/kit.js';

export type CacheEntry =
  | { kind: 'transcription'; format: TranscriptionFormat; json: boolean; body: string; servedBy: ServedBy }
  | { kind: 'speech'; format: SpeechFormat; contentType: string; audio: string; servedBy: ServedBy }
  | { kind: 'speech_json'; format: SpeechFormat; body: string; servedBy: ServedBy };

const AUDIO_CHUNK = 64 * 1024;

/** An entry for a result that is already whole (transcripts, JSON speech). */
export function textEntry(result: ProviderResult): CacheEntry | undefined {
  if (result.type === 'transcription') {
    const json = result.body instanceof JsonPayload;
    return { kind: 'transcription', format: result.format, json, body: result.body.toString(), servedBy: result.servedBy };
  }
  if (result.type === 'speech_json') return { kind: 'speech_json', format: result.format, body: result.body.toString(), servedBy: result.servedBy };
  return undefined;
}

export const entrySize = (entry: CacheEntry): number => (entry.kind === 'speech' ? entry.audio.length : Buffer.byteLength(entry.body));

/** Turns a stored entry back into the result it was, byte for byte. */
export function resultOf(entry: CacheEntry, latencyMs: number): ProviderResult {
  const servedBy = { ...entry.servedBy, latencyMs };
  switch (entry.kind) {
    case 'transcription':
      return { type: 'transcription', format: entry.format, body: entry.json ? JsonPayload.parse(entry.body) : entry.body, servedBy };
    case 'speech_json':
      return { type: 'speech_json', format: entry.format, body: JsonPayload.parse(entry.body), servedBy };
    case 'speech': {
      const bytes = Buffer.from(entry.audio, 'base64');
      const chunks: Buffer[] = [];
      for (let i = 0; i < bytes.length; i += AUDIO_CHUNK) chunks.push(bytes.subarray(i, i + AUDIO_CHUNK));
      return { type: 'speech', format: entry.format, contentType: entry.contentType, audio: Readable.from(chunks, { objectMode: false }), servedBy };
    }
  }
}

/**
 * Passes audio through untouched while keeping references to its chunks;
 * calls `whole` with them once the stream ended normally within `limit`.
 */
export class AudioCapture extends Transform {
  private readonly chunks: Buffer[] = [];
  private size = 0;

  constructor(
    private readonly limit: number,
    private readonly whole: (chunks: Buffer[], size: number) => void,
  ) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    if (this.size <= this.limit) {
      this.size += chunk.length;
      if (this.size <= this.limit) this.chunks.push(chunk);
      else this.chunks.length = 0; // too big to cache: stop holding it
    }
    done(null, chunk);
  }

  override _flush(done: TransformCallback): void {
    if (this.size <= this.limit) this.whole(this.chunks, this.size);
    done();
  }
}
