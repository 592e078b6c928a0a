// Writes a stream of events to the client as SSE: each event as it comes,
// waiting for the client when its socket is full (a slow reader slows the
// upstream down instead of filling the gateway's memory), [DONE] at the end.
// A failure after the first event ends the stream with an `error` event in
// the error shape; a client that leaves stops the upstream at once.
import type { ServerResponse } from 'node:http';
import { internalError, isGatewayError, type GatewayError } from '../errors.js';
import { SSE_DONE, sseEvent } from '../stream/sse.js';
import type { StreamEvent } from '../types.js';
import { errorBody, type ErrorScope } from './error-body.js';

/** Resolves when the client can take more, or has gone. */
const writable = (res: ServerResponse): Promise<void> =>
  new Promise((resolve) => {
    const done = () => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.on('drain', done);
    res.on('close', done);
  });

/** Returns the error that cut the stream short, if one did. */
export async function writeEventStream(res: ServerResponse, events: AsyncIterable<StreamEvent> | Iterable<StreamEvent>, scope: ErrorScope): Promise<GatewayError | undefined> {
  try {
    for await (const event of events) {
      // Leaving the loop returns the iterator, which closes the upstream call.
      if (res.destroyed) return undefined;
      if (!res.write(sseEvent(event))) await writable(res);
    }
    if (!res.destroyed) res.end(SSE_DONE);
    return undefined;
  } catch (thrown) {
    const err = isGatewayError(thrown) ? thrown : internalError(thrown);
    if (!res.destroyed) res.end(sseEvent({ ...errorBody(err, scope), type: 'error' }, 'error'));
    return err;
  }
}
