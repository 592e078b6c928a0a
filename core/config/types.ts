// The configuration after validation and defaults: the shape core's sections
// of the schema (core/config/core-schema.ts) guarantee. Plugins' own sections
// (auth:) are read through their `configSection` readers, never typed here.

export interface ServerConfig {
  host: string;
  port: number;
  max_upload_mb: number;
  max_json_kb: number;
  request_timeout_s: number;
  max_inflight_mb: number;
  shutdown_timeout_s: number;
  headers_timeout_s: number;
  body_timeout_s: number;
  idle_timeout_s: number;
  trust_proxy: boolean | string | number;
  metrics: boolean;
  /** Processes serving the port (node:cluster); auto: one per CPU. */
  workers?: number | 'auto';
}

export interface ProviderKeyConfig {
  value: string;
  [option: string]: unknown;
}

/** A model's price (`$defs.price`): each unit the provider bills by. */
export interface ModelPrice {
  per_audio_second?: number;
  per_character?: number;
  per_input_token?: number;
  per_output_token?: number;
}

export interface ProviderConfig {
  type?: string;
  base_url?: string;
  keys?: ProviderKeyConfig[];
  timeout_s?: number;
  max_connections: number;
  /** Bring-your-own-key: a client's foreign bearer becomes this provider's key for its request. */
  allow_client_keys?: boolean;
  /** US dollars by model, over the usage plugin's shipped defaults. */
  prices?: Record<string, ModelPrice>;
  [setting: string]: unknown;
}

export interface LongAudioConfig {
  /** Unset: server.max_upload_mb (nothing is spooled). */
  max_upload_mb?: number;
  max_spool_gb: number;
  ffmpeg_path?: string;
  chunk_seconds: number;
  concurrency: number;
}

/** Realtime transcription sessions (core/realtime). */
export interface RealtimeConfig {
  max_sessions_per_key?: number;
  max_session_s: number;
  idle_timeout_s: number;
  max_buffer_kb: number;
}

/** One entry of `plugins:`: a built-in by name, or a module by path. */
export interface PluginEntry {
  name?: string;
  path?: string;
  [option: string]: unknown;
}

export interface GatewayConfig {
  server: ServerConfig;
  store: { url: string };
  log: { level: string; destination: string; pretty: boolean | 'auto' };
  providers: Record<string, ProviderConfig>;
  /** One voice name on every provider: a voice → provider instance name or type → that provider's voice. */
  voices?: Record<string, Record<string, string>>;
  /** How requests are routed to providers. */
  routing?: { default_provider?: string };
  telemetry?: { otlp_endpoint?: string; service_name: string };
  extensions: { providers: string[]; plugins: string[] };
  /** Long media: spooling, splitting with ffmpeg, long speech input (core/long-media). */
  long_audio: LongAudioConfig;
  realtime: RealtimeConfig;
  /** Absent: the built-ins in their default order. */
  plugins?: PluginEntry[];
}

/** A loaded config plus what the loader learned about its environment references. */
export interface LoadedConfig {
  config: GatewayConfig;
  /** The file it came from, for relative paths and messages. */
  file: string;
  /** Key path ("providers.openai.keys[0].value") → environment variables it referenced. */
  envRefs: ReadonlyMap<string, readonly string[]>;
}
