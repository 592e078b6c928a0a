// Between the client's request and what the adapter can do: a provider
// without native streaming is asked for a whole answer, and the gateway
// streams it to the client anyway; streams are primed (first piece seen)
// before the attempt counts as a success.
import { JsonPayload } from '../json-payload.js';
import type { AdapterCapabilities } from '../provider.js';
import type { GatewayRequest, ProviderResult } from '../types.js';
import { transcriptEvents, speechEventsFromAudio } from './events.js';
import { primeAudio, primeEvents, type ErrorMapper } from './prime.js';

type Unserved<R> = R extends ProviderResult ? Omit<R, 'servedBy'> : never;

/** The request as this adapter should see it: streaming asked only of providers that stream. */
export function adapterRequest(req: GatewayRequest, caps: AdapterCapabilities): GatewayRequest {
  if (req.type === 'transcription' && req.stream && !caps.transcription?.streaming) return { ...req, stream: false, response_format: 'json' };
  if (req.type === 'speech' && req.stream_format === 'sse' && !caps.speech?.streaming) return { ...req, stream_format: undefined };
  return req;
}

function transcriptOf(body: JsonPayload | string): { text: string; usage?: unknown } {
  if (typeof body === 'string') return { text: body.trim() };
  const text = body.value.text;
  return { text: typeof text === 'string' ? text : '', usage: body.value.usage };
}

/** The adapter's answer in the form the client asked for; `mapError` names what breaks a stream. */
export async function shapeForClient(req: GatewayRequest, out: Unserved<ProviderResult>, mapError: ErrorMapper): Promise<Unserved<ProviderResult>> {
  if (out.type === 'stream') return { ...out, events: await primeEvents(out.events, mapError) };
  if (req.type === 'transcription' && req.stream && out.type === 'transcription') {
    const { text, usage } = transcriptOf(out.body);
    return { type: 'stream', requestType: 'transcription', events: transcriptEvents(text, usage) };
  }
  if (out.type === 'speech') {
    if (req.type === 'speech' && req.stream_format === 'sse') {
      return { type: 'stream', requestType: 'speech', events: await primeEvents(speechEventsFromAudio(out.audio, req.input.length), mapError) };
    }
    return { ...out, audio: await primeAudio(out.audio, mapError) };
  }
  return out;
}
