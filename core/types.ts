// The typed requests and results that flow between the transport, the plugin
// chain and the provider adapters. Nothing here knows a vendor.
import type { Readable } from 'node:stream';
import type { JsonPayload } from './json-payload.js';
import type { ProviderOptions } from './params/declared.js';

export const TRANSCRIPTION_FORMATS = ['json', 'text', 'srt', 'verbose_json', 'vtt'] as const;
export type TranscriptionFormat = (typeof TRANSCRIPTION_FORMATS)[number];

export const SPEECH_FORMATS = ['mp3', 'opus', 'aac', 'flac', 'wav', 'pcm'] as const;
export type SpeechFormat = (typeof SPEECH_FORMATS)[number];

export type RequestType = 'transcription' | 'speech';

/** A `provider/model` reference, split once at the first slash. */
export interface ModelRef {
  provider: string;
  model: string;
}

export const modelRefToString = (ref: ModelRef): string => `${ref.provider}/${ref.model}`;

/**
 * An uploaded audio file, held as the chunks it arrived in. The chunks are
 * never concatenated: upstream bodies, hashes and retries all walk the same
 * buffers, so the bytes are copied into memory exactly once.
 */
export interface AudioFile {
  /** Empty when the upload is spooled to disk (`spool`). */
  readonly chunks: readonly Buffer[];
  readonly size: number;
  readonly filename: string;
  readonly contentType: string;
  /**
   * Set when the upload was larger than the in-memory limit and was written
   * to a temporary file instead; only the long-media step reads it (it cuts
   * the file into in-memory chunks), so adapters always see `chunks`.
   */
  readonly spool?: SpooledAudio;
}

/** A temporary file holding an upload, removed once its last holder lets go. */
export interface SpooledAudio {
  readonly path: string;
  /** Another holder (an async job outliving its request); call the returned function when done. */
  retain(): () => void;
}

/** Fields the gateway did not model, passed on to providers that take them. */
export type PassthroughFields = Record<string, string | string[]>;

export interface TranscriptionRequest {
  readonly type: 'transcription';
  model: ModelRef;
  fallbacks: ModelRef[];
  file: AudioFile;
  response_format: TranscriptionFormat;
  stream: boolean;
  language?: string;
  prompt?: string;
  temperature?: number;
  timestamp_granularities?: Array<'word' | 'segment'>;
  /** Label who speaks (words[].speaker and segments[].speaker), on providers that can. */
  diarize?: boolean;
  /** Absent: a transcript in the audio's own language; translate: English text (POST /v1/audio/translations). */
  task?: 'translate';
  /** The audio container (mp3, wav, …) when the file name does not say it. */
  file_format?: string;
  /** Adapters' own params by adapter id: sent at the top level of the body, moved here (capabilities.transcription.accepts.own). */
  providerOptions: ProviderOptions;
  extra: PassthroughFields;
}

export interface SpeakerVoice {
  speaker: string;
  voice: string;
}

export interface SpeechRequest {
  readonly type: 'speech';
  model: ModelRef;
  fallbacks: ModelRef[];
  input: string;
  voice: string | SpeakerVoice[];
  response_format: SpeechFormat;
  stream_format?: 'sse' | 'audio';
  instructions?: string;
  speed?: number;
  /** Adapters' own params by adapter id: sent at the top level of the body, moved here (capabilities.speech.accepts.own). */
  providerOptions: ProviderOptions;
  extra: Record<string, unknown>;
}

export type GatewayRequest = TranscriptionRequest | SpeechRequest;

/**
 * A request to a plugin's own route (an async job lookup): no provider is
 * called. It runs through the plugins ahead of the one that answers it, so
 * auth and limits apply as on every route.
 */
export interface ActionRequest {
  readonly type: 'action';
  /** The route's name, e.g. "async_transcription_get". */
  readonly action: string;
  /** Path parameters, e.g. { job_id }. */
  readonly params: Readonly<Record<string, string>>;
  /** The URL's query parameters (a repeated one as a list), e.g. the filters of GET /admin/logs. */
  readonly query: Readonly<Record<string, string | string[]>>;
  /** A POST or PATCH route's parsed JSON body; undefined when the request sent none. */
  readonly body?: unknown;
}

export type ChainRequest = GatewayRequest | ActionRequest;

export const isProviderRequest = (request: ChainRequest): request is GatewayRequest => request.type !== 'action';

/**
 * What the provider said the call consumed, where its answer says it (OpenAI's
 * usage object, a verbose transcript's duration). Metering plugins prefer it
 * to their own measurement of the upload.
 */
export interface ReportedUsage {
  /** Input audio, in seconds (fractional). */
  audioSeconds?: number;
  inputTokens?: number;
  outputTokens?: number;
}

/** What served a result: reported to the client in `extra_fields`. */
export interface ServedBy {
  provider: string;
  model: string;
  /** Milliseconds spent in the provider call that produced the result. */
  latencyMs: number;
  deployment?: string;
  /** The provider's own account of what the call consumed, when its answer gives one. */
  usage?: ReportedUsage;
}

export interface TranscriptionResult {
  readonly type: 'transcription';
  format: TranscriptionFormat;
  /** JSON formats carry a JsonPayload; text, srt and vtt carry the text. */
  body: JsonPayload | string;
  servedBy: ServedBy;
}

export interface SpeechAudioResult {
  readonly type: 'speech';
  format: SpeechFormat;
  contentType: string;
  /** Streamed straight to the client; never buffered whole by the gateway. */
  audio: Readable;
  servedBy: ServedBy;
}

/** Speech answered as JSON (e.g. base64 audio with character alignment). */
export interface SpeechJsonResult {
  readonly type: 'speech_json';
  format: SpeechFormat;
  body: JsonPayload;
  servedBy: ServedBy;
}

/** One server-sent event, in OpenAI's shapes: transcript.text.delta/done, speech.audio.delta/done. */
export interface StreamEvent {
  readonly type: string;
  readonly [field: string]: unknown;
}

/**
 * An answer streamed as server-sent events. The gateway has already seen the
 * first event (so a failure before it was a failed attempt); later failures
 * end the stream with an error event.
 */
export interface StreamResult {
  readonly type: 'stream';
  requestType: RequestType;
  events: AsyncIterable<StreamEvent> | Iterable<StreamEvent>;
  servedBy: ServedBy;
}

/** Any other JSON answer a plugin gives (an async job, a health report). */
export interface JsonResult {
  readonly type: 'json';
  status: number;
  body: unknown;
}

export type ProviderResult = TranscriptionResult | SpeechAudioResult | SpeechJsonResult | StreamResult;
export type GatewayResult = ProviderResult | JsonResult;
