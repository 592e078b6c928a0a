// After refusing a request whose body was not read to its end (413, 503 for a
// full upload budget, 401 before the body, a malformed part), the gateway
// keeps reading and discarding the rest for a while, as nginx's lingering
// close does, so a client still writing its upload finishes and reads the
// answer instead of a broken pipe. Past the bounds the connection is cut.
import type { IncomingMessage, ServerResponse } from 'node:http';

export interface LingerBounds {
  maxBytes: number;
  maxMs: number;
}

export function lingerAfterAnswer(req: IncomingMessage, res: ServerResponse, bounds: LingerBounds): void {
  res.once('finish', () => {
    if (req.complete || req.destroyed) return;
    let drained = 0;
    const cut = () => {
      stop();
      req.socket.destroy();
    };
    const onData = (chunk: Buffer) => {
      drained += chunk.length;
      if (drained > bounds.maxBytes) cut();
    };
    const stop = () => {
      clearTimeout(timer);
      req.off('data', onData);
    };
    const timer = setTimeout(cut, bounds.maxMs);
    timer.unref();
    req.on('data', onData);
    req.once('end', stop);
    req.once('close', stop);
    req.resume();
  });
}
