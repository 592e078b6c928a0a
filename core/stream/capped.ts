// Bounded reads of a body that should be small or is kept whole (an upstream
// error text, a job's audio): each chunk as it arrives, and past the limit
// the body is destroyed and the caller's error thrown, never an unbounded
// buffer. One helper for the gateway's HTTP client and async-job's results.
type Body = AsyncIterable<Buffer> & { destroy(): void };

/** `body`'s chunks, refusing (destroying it, throwing `tooLarge()`) once more than `limit` bytes arrived. */
export async function* cappedChunks(body: Body, limit: number, tooLarge: () => Error): AsyncGenerator<Buffer> {
  let size = 0;
  for await (const chunk of body) {
    size += chunk.length;
    if (size > limit) {
      body.destroy();
      throw tooLarge();
    }
    yield chunk;
  }
}

/** The whole body as one buffer, at most `limit` bytes. */
export async function readCapped(body: Body, limit: number, tooLarge: () => Error): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of cappedChunks(body, limit, tooLarge)) {
    chunks.push(chunk);
    size += chunk.length;
  }
  return chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size);
}
