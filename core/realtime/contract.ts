// The realtime part of the adapter contract: an adapter with a `realtime`
// capability opens one upstream live-transcription socket per session. The
// gateway speaks the OpenAI Realtime protocol (transcription sessions) to the
// client; an adapter relays it or translates it to its vendor's protocol and
// hands back OpenAI-shaped server events.
import type { JsonObject } from '../json-payload.js';
import type { ProviderCall } from '../provider.js';

/** A transcription session as the client configured it (query, session.update), vendor model name filled in. */
export interface RealtimeTranscriptionSession {
  /** The vendor's own model name (the part after provider/). */
  readonly model: string;
  /** PCM16 mono sample rate of the appended audio, in Hz. */
  readonly sampleRate: number;
  readonly language?: string;
  readonly prompt?: string;
  /** The client's turn_detection: null means the client commits (no server VAD); absent means the vendor's default VAD. */
  readonly turnDetection?: JsonObject | null;
  /** The client's `session.audio.input` object (GA shape), the model rewritten to the vendor's name: relayed as is by OpenAI-shaped upstreams. */
  readonly audioInput: JsonObject;
  /** The client's `session.include` (logprobs), relayed where the vendor knows it. */
  readonly include?: readonly string[];
}

/** What the gateway sends an adapter's upstream: client events it has checked and decoded. */
export type RealtimeClientEvent =
  | { readonly type: 'input_audio_buffer.append'; readonly audio: Buffer; readonly eventId?: string }
  | { readonly type: 'input_audio_buffer.commit'; readonly eventId?: string }
  | { readonly type: 'input_audio_buffer.clear'; readonly eventId?: string }
  | { readonly type: 'session.update'; readonly session: RealtimeTranscriptionSession; readonly eventId?: string };

/** Where an upstream delivers what its vendor says, as OpenAI Realtime server events. */
export interface RealtimeSink {
  /** One OpenAI-shaped server event (conversation.item.input_audio_transcription.delta, …). */
  event(event: JsonObject): void;
  /** The upstream failed or closed; `error` is what the client is told (a GatewayError's fields). */
  closed(info: { code: number; reason: string; error?: Error }): void;
}

/** One open upstream session. */
export interface RealtimeUpstream {
  send(event: RealtimeClientEvent): void;
  /** Bytes written but not yet sent upstream: the gateway stops reading the client past its bound. */
  readonly bufferedAmount: number;
  /** Stop and restart reading the upstream (the client is slower than the vendor). */
  pause(): void;
  resume(): void;
  /** Closes the upstream at once; the sink hears nothing more. */
  close(): void;
}

export interface RealtimeOpen<S> {
  readonly session: RealtimeTranscriptionSession;
  readonly call: ProviderCall<S>;
  readonly sink: RealtimeSink;
}

export interface RealtimeCapability<S = Readonly<Record<string, unknown>>> {
  /** Opens the vendor's socket; resolves once it is open, rejects with a GatewayError when it cannot be. */
  connect(open: RealtimeOpen<S>): Promise<RealtimeUpstream>;
  /** Sample rates the vendor takes (Hz); absent: any from 8000 to 48000. */
  readonly sampleRates?: readonly number[];
}
