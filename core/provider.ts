// The provider-adapter contract: what third parties implement to add a vendor,
// written as `defineAdapter({ id, settings, capabilities, transcribe, speak })`
// by built-ins and extensions alike. An adapter turns a typed gateway request
// into the vendor's HTTP call and the vendor's answer back into a typed
// result. It never imports a plugin. Its settings are typed from its schema.
import { CONTRACT_VERSION, type ContractVersion } from './plugin.js';
import type { Logger } from './logger.js';
import type { JsonSchema } from './json-schema.js';
import type { ModelPrice } from './config/types.js';
import type { UpstreamHttp } from './upstream/http.js';
import type { RouteDoc } from './http/route-table.js';
import type { AcceptedParams, SharedSpeechParam, SharedTranscriptionParam } from './params/declared.js';
import type { RealtimeCapability } from './realtime/contract.js';
import type {
  ModelRef,
  ReportedUsage,
  RequestType,
  SpeechAudioResult,
  SpeechFormat,
  SpeechJsonResult,
  SpeechRequest,
  StreamResult,
  TranscriptionFormat,
  TranscriptionRequest,
  TranscriptionResult,
} from './types.js';

/**
 * What an adapter can do. `streaming` means the provider streams natively:
 * the adapter may answer stream=true / stream_format "sse" with a
 * StreamResult. Without it the gateway still streams to the client: a whole
 * transcript as one delta and a done event, raw audio chunks as SSE deltas.
 * `accepts` declares the params it takes (see core/params/declared.ts): the
 * gateway reports the rest as ignored.
 */
export interface AdapterCapabilities {
  /** `translation`: POST /v1/audio/translations (English text from any language); `diarize`: speakers on request. */
  transcription?: {
    formats: readonly TranscriptionFormat[];
    streaming?: boolean;
    translation?: boolean;
    diarize?: boolean;
    limits?: TranscriptionLimits;
    accepts?: AcceptedParams<SharedTranscriptionParam>;
  };
  speech?: { formats: readonly SpeechFormat[]; streaming?: boolean; multiSpeaker?: boolean; limits?: SpeechLimits; accepts?: AcceptedParams<SharedSpeechParam> };
}

/**
 * What one upstream call may carry. Past these the gateway splits the work
 * (core/long-media): audio cut into chunks with ffmpeg, text at paragraph,
 * sentence and word boundaries. Unset: no limit.
 */
export interface TranscriptionLimits {
  /** The largest upload body the provider takes, in bytes. */
  maxUploadBytes?: number;
  /** The longest audio the provider takes, in seconds. */
  maxDurationSeconds?: number;
}

export interface SpeechLimits {
  /** The most input characters one call takes. */
  maxInputChars?: number;
  /** Per-model limits where models differ (model name → characters); wins over maxInputChars. */
  maxInputCharsByModel?: Readonly<Record<string, number>>;
}

/** The settings every provider block has (config/gateway.schema.json's $defs.provider), defaults filled. */
export type CommonProviderSettings = {
  readonly type?: string;
  readonly base_url?: string;
  readonly timeout_s?: number;
  readonly max_connections: number;
  readonly allow_client_keys?: boolean;
  readonly models?: readonly string[];
  /** US dollars by model, over the usage plugin's shipped defaults. */
  readonly prices?: Readonly<Record<string, ModelPrice>>;
};

/** One key entry of a provider instance. Adapters may read extra options from it. */
export interface ProviderKey {
  readonly value: string;
  readonly options: Readonly<Record<string, unknown>>;
}

/** A provider instance from config: a name bound to an adapter type and settings. */
export interface ProviderInstance<S = Readonly<Record<string, unknown>>> {
  readonly name: string;
  readonly type: string;
  readonly keys: readonly ProviderKey[];
  /** Set when keys were configured but all came out empty: what to set (a variable or key path). */
  readonly missingKey?: string;
  readonly timeoutMs: number;
  /** The whole config block, validated against the common provider schema and the adapter's `settings`, defaults filled. */
  readonly settings: Readonly<CommonProviderSettings & S>;
}

/** Everything one upstream call needs besides the request itself. */
export interface ProviderCall<S = Readonly<Record<string, unknown>>> {
  readonly provider: ProviderInstance<S>;
  /** The key chosen for this attempt (rotated by retries on 401/429). */
  readonly key: ProviderKey;
  readonly signal: AbortSignal;
  readonly logger: Logger;
  /** HTTP bound to this provider instance's keep-alive pool and timeouts. */
  readonly http: UpstreamHttp;
  readonly requestId: string;
}

/**
 * Adapters return results without `servedBy`; the dispatcher fills it in.
 * `ignoredParams` names request fields the gateway knows but this provider
 * cannot use: they are reported to the client, never dropped silently.
 */
export type AdapterResult<R extends { servedBy: unknown }> = Omit<R, 'servedBy'> & { deployment?: string; ignoredParams?: string[]; usage?: ReportedUsage };

/**
 * An inbound route in a vendor's own API shape (paths that name a deployment),
 * registered only when the config has an instance of the adapter's type.
 */
export interface InboundRoute<S = Readonly<Record<string, unknown>>> {
  name: string;
  /** Express paths; parameters such as :deployment reach defaultModel. */
  paths: readonly string[];
  requestType: RequestType;
  /** translate: a transcription route answered in English (a vendor's own …/audio/translations path). */
  task?: 'translate';
  /**
   * The instance and model a request means when its `model` is absent or not
   * a configured provider/model. Throws a GatewayError for what it cannot serve.
   */
  defaultModel(params: Readonly<Record<string, string>>, given: string | undefined, instances: readonly ProviderInstance<S>[]): ModelRef;
  /** For the OpenAPI document. */
  doc?: RouteDoc;
}

/** One voice, as GET /v1/audio/voices lists it. */
export interface VoiceInfo {
  id: string;
  name: string;
  languages?: string[];
  gender?: string;
  preview_url?: string;
}

/**
 * An adapter's voices. A speech request's `voice` is resolved per target
 * before the adapter is called: config `voices:` first (by instance name,
 * then type), then `defaults`; a voice the adapter does not `accept` is a 400 naming the provider's voices, before any call.
 */
export interface AdapterVoices<S = Readonly<Record<string, unknown>>> {
  /** Common voice names (OpenAI's) → this vendor's voice ids. */
  readonly defaults?: Readonly<Record<string, string>>;
  /** The vendor's voices, when they are known without a call. */
  list?(instance: ProviderInstance<S>): readonly VoiceInfo[];
  /** False when the instance cannot serve this voice (absent: any voice is sent as an id). */
  accepts?(instance: ProviderInstance<S>, voice: string): boolean;
  /** True when the instance's own settings map this name (they take precedence over `voices:`). */
  ownName?(instance: ProviderInstance<S>, voice: string): boolean;
  /** The vendor's own list, fetched with the instance's key (cached by the gateway). */
  fetch?(call: ProviderCall<S>): Promise<VoiceInfo[]>;
}

/** What an adapter declares; `defineAdapter` stamps the contract version on it. */
export interface AdapterSpec<S = Readonly<Record<string, never>>> {
  /** Voices for GET /v1/audio/voices and the voice map. */
  readonly voices?: AdapterVoices<S>;
  /** The adapter type named by `type:` in config (defaults to the instance name). */
  readonly id: string;
  readonly capabilities: AdapterCapabilities;
  /** JSON Schema for this adapter's own provider settings (deployments, voices, …), beside the common ones. */
  readonly settings?: JsonSchema;
  /** Settings' defaults applied before validation, e.g. a vendor's public base URL. */
  readonly defaults?: Readonly<Partial<CommonProviderSettings & S>>;
  /**
   * The models an instance serves, for GET /v1/models (each listed as
   * `<instance>/<model>`; the instance's `models:` in config are added).
   */
  listModels?(instance: ProviderInstance<S>): readonly string[];
  /** Vendor-shaped inbound routes this adapter's instances answer. */
  readonly inboundRoutes?: readonly InboundRoute<S>[];
  /** Request headers that carry this vendor's secrets: the gateway's logger redacts them (lower case). */
  readonly secretHeaders?: readonly string[];
  /** OpenAPI security schemes for the credentials its clients send (an SDK's own key header), by name. */
  readonly securitySchemes?: Readonly<Record<string, JsonSchema>>;
  transcribe?(req: TranscriptionRequest, call: ProviderCall<S>): Promise<AdapterResult<TranscriptionResult> | AdapterResult<StreamResult>>;
  speak?(req: SpeechRequest, call: ProviderCall<S>): Promise<AdapterResult<SpeechAudioResult> | AdapterResult<SpeechJsonResult> | AdapterResult<StreamResult>>;
  /** Live transcription over WebSocket (GET /v1/realtime): one upstream socket per session (core/realtime/contract.ts). */
  readonly realtime?: RealtimeCapability<S>;
}

export interface AdapterDefinition<S = Readonly<Record<string, never>>> extends AdapterSpec<S> {
  readonly contractVersion: ContractVersion;
}

/** An adapter as the kernel holds it, its settings' type erased. */
export type ProviderAdapter = AdapterDefinition<Readonly<Record<string, unknown>>>;

/** The one way to write an adapter: `export default defineAdapter({ id, settings, capabilities, … })`. */
export function defineAdapter<S = Readonly<Record<string, never>>>(spec: AdapterSpec<S>): AdapterDefinition<S> {
  return Object.freeze({ ...spec, contractVersion: CONTRACT_VERSION });
}
