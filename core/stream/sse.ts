// Server-sent events, both ways: parsing an upstream's event stream (to
// relay it as it arrives), and the lines the gateway writes.

export interface SseMessage {
  event?: string;
  data: string;
}

/** Parses an SSE byte stream into messages, as they complete (WHATWG rules: data lines joined, comments skipped). */
export async function* parseSse(source: AsyncIterable<Buffer | string>): AsyncGenerator<SseMessage> {
  let buffer = '';
  let data: string[] = [];
  let event: string | undefined;
  const decoder = new TextDecoder();
  for await (const chunk of source) {
    buffer += typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true });
    let newline: number;
    while ((newline = buffer.search(/\r\n|\r|\n/)) !== -1) {
      const line = buffer.slice(0, newline);
      buffer = buffer.slice(newline + (buffer.startsWith('\r\n', newline) ? 2 : 1));
      if (line === '') {
        if (data.length > 0) yield { event, data: data.join('\n') };
        data = [];
        event = undefined;
        continue;
      }
      if (line.startsWith(':')) continue;
      const colon = line.indexOf(':');
      const field = colon === -1 ? line : line.slice(0, colon);
      const value = colon === -1 ? '' : line.slice(colon + 1).replace(/^ /, '');
      if (field === 'data') data.push(value);
      else if (field === 'event') event = value;
    }
  }
  if (data.length > 0) yield { event, data: data.join('\n') };
}

/** One event as the gateway writes it: `data: <json>`, named when given. */
export const sseEvent = (data: unknown, name?: string): string => `${name ? `event: ${name}\n` : ''}data: ${JSON.stringify(data)}\n\n`;

export const SSE_DONE = 'data: [DONE]\n\n';
