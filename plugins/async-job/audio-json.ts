// A finished speech job as JSON with its audio as base64, written as a
// stream: the prefix, the audio encoded block by block, the suffix. The
// audio stays bytes in the store; no base64 string of the whole result (nor
// a JSON text holding one) is ever built, so polling large results cannot
// fill the heap.
import { Readable } from 'node:stream';

/** Base64 of `chunks` in pieces; bytes are carried between pieces so each encodes a multiple of 3. */
function* base64Pieces(chunks: readonly Buffer[]): Generator<Buffer> {
  let carry = Buffer.alloc(0);
  for (const chunk of chunks) {
    const bytes = carry.length ? Buffer.concat([carry, chunk]) : chunk;
    const whole = bytes.length - (bytes.length % 3);
    if (whole > 0) yield Buffer.from(bytes.subarray(0, whole).toString('base64'), 'latin1');
    carry = Buffer.from(bytes.subarray(whole));
  }
  if (carry.length) yield Buffer.from(carry.toString('base64'), 'latin1');
}

/**
 * `view` as JSON with `result` = {audio: <base64 of chunks>, ...result}; `view`
 * must not hold a `result` of its own, and `result` must have at least one key.
 */
export function jobJsonWithAudio(view: object, result: object, chunks: readonly Buffer[]): Readable {
  const head = JSON.stringify(view);
  const rest = JSON.stringify(result);
  function* pieces(): Generator<Buffer> {
    yield Buffer.from(`${head.slice(0, -1)}${head.length > 2 ? ',' : ''}"result":{"audio":"`);
    yield* base64Pieces(chunks);
    yield Buffer.from(`",${rest.slice(1)}}`);
  }
  return Readable.from(pieces(), { objectMode: false });
}
