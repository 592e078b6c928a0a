// The public surface for third-party adapters and plugins:
//   import { GatewayError, throwProviderError, type ProviderAdapter } from 'voxgate/kit';
// Everything here is a stable contract; anything not exported here is internal.

export type { SpeechLimits, TranscriptionLimits } from './provider.js';
export type { AdapterCapabilities, AdapterResult, InboundRoute, ProviderAdapter, ProviderCall, ProviderInstance, ProviderKey } from './provider.js';
export type { Next, Plugin, PluginEnv } from './plugin.js';
export type { Credential, GatewayContext, Principal, PrincipalLimits, RouteInfo, StateKey, Target } from './context.js';
export type { GatewayConfig } from './config/types.js';
export type { JsonSchema } from './json-schema.js';
export type { Logger } from './logger.js';
export type { ResponseRecord } from './lifecycle.js';
export type { Store, CounterResult } from './store/store.js';
export type { UpstreamHttp, UpstreamRequest, UpstreamResponse } from './upstream/http.js';
export type { VendorErrorDetail } from './upstream/provider-error.js';
export type { FormPart, EncodedForm } from './upstream/multipart.js';
export type { TranscriptSegment, TranscriptWord, VerboseTranscript } from './formats/transcript.js';
export type * from './types.js';

export { GatewayError, badRequest, notFound, payloadTooLarge, serviceUnavailable, unsupportedMediaType } from './errors.js';
export { TOKENS } from './container.js';
export { stateKey } from './context.js';
export { chunkProgress, type ChunkProgress } from './long-media/progress.js';
export { JsonPayload } from './json-payload.js';
export { SPEECH_CONTENT_TYPES, uploadFilename } from './audio-formats.js';
export { SPEECH_FORMATS, TRANSCRIPTION_FORMATS, modelRefToString } from './types.js';
export { encodeMultipart } from './upstream/multipart.js';
export { headerValue } from './upstream/http.js';
export { providerError, scrubSecrets, throwProviderError } from './upstream/provider-error.js';
export { upstreamBadAnswer, upstreamTimeout, upstreamUnreachable } from './upstream/network-errors.js';
export { renderSrt, renderText, renderVtt, timestamp } from './formats/subtitles.js';
export { joinWords, wordsToCues } from './formats/cues.js';
export { parseSse, sseEvent } from './stream/sse.js';
export { relayEvents, speechEventsFromAudio, transcriptEvents } from './stream/events.js';
// Metrics: register on the gateway's registry (env.metrics, or TOKENS.Metrics)
// with these classes, so a plugin needs no prom-client of its own.
export { Counter, Gauge, Histogram, Summary, type Registry } from 'prom-client';
