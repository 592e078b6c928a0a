// The stream events of OpenAI's audio API, and how the gateway builds them
// for providers that cannot stream: a transcript becomes one delta and a
// done event; raw audio chunks become speech.audio.delta events.
import type { StreamEvent } from '../types.js';

/** transcript.text.delta + transcript.text.done from a whole transcript. */
export function transcriptEvents(text: string, usage?: unknown): StreamEvent[] {
  const done: StreamEvent = usage === undefined ? { type: 'transcript.text.done', text } : { type: 'transcript.text.done', text, usage };
  return [{ type: 'transcript.text.delta', delta: text }, done];
}

/**
 * speech.audio.delta for every audio chunk as it arrives (base64), then
 * speech.audio.done. Without token counts from the provider, usage says
 * what the gateway knows: characters in, audio bytes out.
 */
export async function* speechEventsFromAudio(audio: AsyncIterable<Buffer>, inputCharacters: number): AsyncGenerator<StreamEvent> {
  let bytes = 0;
  for await (const chunk of audio) {
    bytes += chunk.length;
    yield { type: 'speech.audio.delta', audio: chunk.toString('base64') };
  }
  yield { type: 'speech.audio.done', usage: { input_characters: inputCharacters, output_bytes: bytes } };
}

/** Relays an upstream's own OpenAI-shaped events (data: JSON), stopping at [DONE]. */
export async function* relayEvents(messages: AsyncIterable<{ data: string }>, onBad: (data: string) => Error): AsyncGenerator<StreamEvent> {
  for await (const message of messages) {
    if (message.data.startsWith('[DONE]')) return;
    let event: unknown;
    try {
      event = JSON.parse(message.data);
    } catch {
      throw onBad(message.data);
    }
    if (event === null || typeof event !== 'object' || typeof (event as { type?: unknown }).type !== 'string') throw onBad(message.data);
    yield event as StreamEvent;
  }
}
