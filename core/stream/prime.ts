// Waits for the first piece of a stream before the gateway commits to it:
// a provider that fails before its first byte is a failed attempt (retries
// and fallbacks still apply); after it, the stream is the client's.
import { Readable } from 'node:stream';
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

/** The same audio, as a stream that has already proved it delivers (back-pressure kept). */
export async function primeAudio(audio: Readable, mapError: ErrorMapper): Promise<Readable> {
  const it = audio[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  return Readable.from(resume(await first(it, mapError), it, mapError), { objectMode: false });
}
