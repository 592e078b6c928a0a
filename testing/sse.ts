// Reading server-sent events from a fetch Response, as a client would.
import { parseSse, type SseMessage } from '../core/stream/sse.js';

export type ParsedEvent = SseMessage & { json?: Record<string, unknown> };

const withJson = (m: SseMessage): ParsedEvent => {
  try {
    return { ...m, json: JSON.parse(m.data) as Record<string, unknown> };
  } catch {
    return m;
  }
};

/** Every event of the stream, to its end. */
export async function readEvents(res: Response): Promise<ParsedEvent[]> {
  const out: ParsedEvent[] = [];
  for await (const message of parseSse(res.body as unknown as AsyncIterable<Buffer>)) out.push(withJson(message));
  return out;
}

/** An iterator over the stream's events, for reading one at a time. */
export function eventsOf(res: Response): AsyncGenerator<ParsedEvent> {
  return (async function* () {
    for await (const message of parseSse(res.body as unknown as AsyncIterable<Buffer>)) yield withJson(message);
  })();
}
