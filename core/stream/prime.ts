// Waits for the first piece of a stream before the gateway commits to it:
// a provider that fails before its first byte is a failed attempt (retries
// and fallbacks still apply); after it, the stream is the client's.
import type { Readable } from 'node:stream';
import type { GatewayError } from '../errors.js';

/** Turns what a stream throws (a reset, a timeout) into the GatewayError the client should see. */
export type ErrorMapper = (thrown: unknown) => GatewayError;

async function first<T>(it: AsyncIterator<T>, mapError: ErrorMapper): Promise<IteratorResult<T>> {
  try {
    return await it.next();
  } catch (thrown) {
    throw mapError(thrown);
  }
}

async function* resume<T>(head: IteratorResult<T>, rest: AsyncIterator<T>, mapError: ErrorMapper): AsyncGenerator<T> {
  try {
    if (head.done) return;
    yield head.value;
    for (let next = await rest.next(); !next.done; next = await rest.next()) yield next.value;
  } catch (thrown) {
    throw mapError(thrown);
  } finally {
    // The client left (or a step failed): let the source close its upstream call.
    await rest.return?.();
  }
}

/** Events from an adapter; a plain array (already whole) needs no priming. */
export async function primeEvents<T>(source: AsyncIterable<T> | Iterable<T>, mapError: ErrorMapper): Promise<AsyncIterable<T> | Iterable<T>> {
  if (!(Symbol.asyncIterator in source)) return source;
  const it = source[Symbol.asyncIterator]();
  return resume(await first(it, mapError), it, mapError);
}

/**
 * Resolves with the audio stream itself once its first bytes (or its end)
 * have arrived, untouched: nothing is read out of it, so it is later piped
 * to the client without a wrapper. A failure before then rejects, mapped.
 * (Failures after it surface from the pipe to the client.)
 */
export function primeAudio(audio: Readable, mapError: ErrorMapper): Promise<Readable> {
  return new Promise((resolve, reject) => {
    const settle = (err?: unknown) => {
      audio.off('readable', onReadable);
      audio.off('error', onError);
      if (err === undefined) resolve(audio);
      else reject(mapError(err));
    };
    const onReadable = () => settle();
    const onError = (err: unknown) => settle(err ?? new Error('the audio stream failed'));
    audio.on('readable', onReadable);
    audio.on('error', onError);
  });
}
