// The cache key: a sha256 over every request field that changes the answer
// (the audio's own sha256 for transcriptions). Fallbacks are left out: they
// change who may answer, not what the answer to this request is.
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import type { AudioFile, GatewayRequest } from '../../core/kit.js';

const HASH_SLICE_BYTES = 4 * 1024 * 1024;
const audioHashes = new WeakMap<AudioFile, Promise<string>>();

/** sha256 of the upload, in slices that yield to the event loop, so a 25 MB file never stalls other requests. */
export function hashAudio(file: AudioFile): Promise<string> {
  let pending = audioHashes.get(file);
  if (!pending) {
    pending = (async () => {
      const hash = createHash('sha256');
      // A long upload spooled to disk is hashed from its file, streamed.
      if (file.spool) {
        for await (const chunk of createReadStream(file.spool.path)) hash.update(chunk as Buffer);
        return hash.digest('hex');
      }
      let since = 0;
      for (const chunk of file.chunks) {
        hash.update(chunk);
        since += chunk.length;
        if (since >= HASH_SLICE_BYTES) {
          since = 0;
          await new Promise((resolve) => setImmediate(resolve));
        }
      }
      return hash.digest('hex');
    })();
    audioHashes.set(file, pending);
  }
  return pending;
}

/** JSON with object keys sorted at every level, so equal requests hash equally. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

export async function cacheId(request: GatewayRequest): Promise<string> {
  const { fallbacks: _fallbacks, model, ...rest } = request;
  const fields: Record<string, unknown> = { ...rest, model: `${model.provider}/${model.model}`, v: 1 };
  if (request.type === 'transcription') {
    fields.file = { sha256: await hashAudio(request.file), size: request.file.size };
    if (request.timestamp_granularities) fields.timestamp_granularities = [...new Set(request.timestamp_granularities)].sort();
  }
  return createHash('sha256').update(canonicalJson(fields)).digest('hex');
}
