// The audio in a generateContent answer, decoded as it arrives. The answer
// is one JSON object whose candidates[0].content.parts[].inlineData.data is
// the base64 PCM; rather than wait for the whole object, the scanner finds
// that string and decodes it four characters at a time, so the first audio
// reaches the client while Gemini is still sending. What follows the data
// is read (bounded) and dropped.
import type { Readable } from 'node:stream';

const START = /"inlineData"\s*:\s*\{[^}]*?"data"\s*:\s*"/;
/** How much JSON may precede the data (candidates, mimeType, …) before the answer is taken to hold none. */
const MAX_PREAMBLE = 256 * 1024;

export class NoAudioError extends Error {
  constructor(readonly preamble: string) {
    super('the answer holds no inlineData audio');
  }
}

/** Yields the PCM bytes of the first inlineData part; throws NoAudioError when there is none. */
export async function* inlineAudio(body: Readable): AsyncGenerator<Buffer> {
  let head = '';
  let pending = '';
  let inData = false;
  let done = false;
  for await (const chunk of body as AsyncIterable<Buffer>) {
    if (done) continue; // the rest of the object: read, not kept
    let text = chunk.toString('latin1');
    if (!inData) {
      head += text;
      const match = START.exec(head);
      if (!match) {
        if (head.length > MAX_PREAMBLE) throw new NoAudioError(head.slice(0, 2000));
        continue;
      }
      inData = true;
      text = head.slice(match.index + match[0].length);
      head = '';
    }
    const end = text.indexOf('"');
    const part = (end === -1 ? text : text.slice(0, end)).replace(/\\\//g, '/').replace(/\\n|\s/g, '');
    pending += part;
    const whole = pending.length - (pending.length % 4);
    if (end !== -1) {
      done = true;
      if (pending.length > 0) yield Buffer.from(pending, 'base64');
      pending = '';
    } else if (whole > 0) {
      yield Buffer.from(pending.slice(0, whole), 'base64');
      pending = pending.slice(whole);
    }
  }
  if (!inData) throw new NoAudioError(head.slice(0, 2000));
  if (!done) throw new Error('the answer ended inside the audio data');
}
