// How long an upload plays, read from its container (music-metadata: mp3,
// wav, ogg, flac, m4a, webm, …): what metering bills when the provider does
// not say, and what a limit in audio seconds counts before the call. Read once
// per upload (remembered on the AudioFile), from its chunks as they are (no
// copy) or from its spooled file.
import { Readable } from 'node:stream';
import { parseFile, parseStream } from 'music-metadata';
import type { AudioFile } from './types.js';

const measured = new WeakMap<AudioFile, Promise<number | undefined>>();

async function measure(file: AudioFile): Promise<number | undefined> {
  const options = { duration: true, skipCovers: true };
  try {
    const meta = file.spool
      ? await parseFile(file.spool.path, options)
      : await parseStream(Readable.from(file.chunks, { objectMode: false }), { mimeType: file.contentType, size: file.size, path: file.filename }, options);
    const seconds = meta.format.duration;
    return typeof seconds === 'number' && Number.isFinite(seconds) && seconds > 0 ? seconds : undefined;
  } catch {
    // Not audio music-metadata knows (or cut short): the duration is unknown, not zero.
    return undefined;
  }
}

/** The upload's duration in seconds, or undefined when its container does not tell. */
export function audioSeconds(file: AudioFile): Promise<number | undefined> {
  let seconds = measured.get(file);
  if (!seconds) measured.set(file, (seconds = measure(file)));
  return seconds;
}
