// The public surface for adapters and plugins, built-in and third-party alike:
//   import { definePlugin, defineAdapter, GatewayError, type GatewayContext } from 'voxgate/kit';
// Everything here is a stable contract (see CONTRACT_VERSION); anything not
// exported here is internal. plugins/ and providers/ import nothing else from
// core (test/unit/structure.test.ts enforces it).

// The two contracts.
export { CONTRACT_VERSION, configSection, definePlugin } from './plugin.js';
export type { CommandIO, ConfigSection, PluginConfigSchema, ContractVersion, OpenApiFragment, OpenApiHeader, PluginCommand, Next, Plugin, PluginDefinition, PluginEnv, OptionsOf, PluginHooks, PluginSpec, ServableModel } from './plugin.js';
export { defineAdapter } from './provider.js';
export { SHARED_SPEECH_PARAMS, SHARED_TRANSCRIPTION_PARAMS, paramsOf } from './params/declared.js';
export type { AcceptedParams, ParamSpec, ParamSpecs, ParamsOf, ProviderOptions, SharedSpeechParam, SharedTranscriptionParam } from './params/declared.js';
export type { ParamWarning } from './params/ignored.js';
export type {
  AdapterCapabilities,
  AdapterDefinition,
  AdapterResult,
  AdapterSpec,
  CommonProviderSettings,
  InboundRoute,
  ProviderAdapter,
  ProviderCall,
  ProviderInstance,
  ProviderKey,
  SpeechLimits,
  TranscriptionLimits,
  AdapterVoices,
  VoiceInfo,
} from './provider.js';

// What the contracts mention.
export type { ContextInit, Credential, ForkInit, RestoreInit, GatewayContext, Principal, PrincipalBudget, PrincipalLimits, RequestHead, RouteInfo, StateKey, Target } from './context.js';
export type { ConfigProblem } from './config/errors.js';
export { pathOf as keyPath } from './config/errors.js';
export type { GatewayConfig, ModelPrice } from './config/types.js';
export type { JsonSchema } from './json-schema.js';
export type { Logger } from './logger.js';
export type { ExchangeInit, Lifecycle, ResponseRecord, RouteKind } from './lifecycle.js';
export { exchangeRecord } from './lifecycle.js';
export type { ProviderEntry, ProviderRegistry } from './registry.js';
export type { RouteDoc, RouteTable } from './http/route-table.js';
export type { Store, CounterResult, Subscriber } from './store/store.js';
export type { UpstreamHttp, UpstreamRequest, UpstreamResponse } from './upstream/http.js';
export type { VendorErrorDetail } from './upstream/provider-error.js';
export type { FormPart, EncodedForm } from './upstream/multipart.js';
export type { ErrorBody } from './http/error-body.js';
export type { MetricLabels } from './metric-labels.js';
export type { TranscriptSegment, TranscriptWord, VerboseTranscript } from './formats/transcript.js';
export type { JsonObject } from './json-payload.js';
export type * from './types.js';

// Bifrost's wire names, kept for compatibility (the one place they are written).
export { BF_HEADERS, GATEWAY_ERROR_FIELD, VIRTUAL_KEY_PREFIX, bfHeader } from './bifrost-names.js';

// Errors and answers.
export { GatewayError, assertAdminPrincipal, badRequest, clientClosed, internalError, isGatewayError, notFound, payloadTooLarge, serviceUnavailable, unsupportedByTarget, unsupportedMediaType, type ErrorScope } from './errors.js';
export { errorBody } from './http/error-body.js';
export { answerExtraFields } from './http/respond.js';
export { JsonPayload } from './json-payload.js';

// The chain and its context.
export { forkContext, restoreContext, stateKey } from './context.js';
export { ATTEMPTS, CACHE_DEBUG, COST, FALLBACK_INDEX, JOB_ID, extraField, type AttemptRecord, type CacheDebug, type CostRecord, type ExtraField } from './extra-fields.js';
export { chunkProgress, type ChunkProgress } from './long-media/progress.js';
export { addAudioGate, type AudioGate } from './realtime/audio-gate.js';
export { USAGE_METER, type PricedTarget, type UsageMeter, type UsageUnits } from './usage-meter.js';
export { isProviderRequest, SPEECH_FORMATS, TRANSCRIPTION_FORMATS, modelRefToString } from './types.js';
export { unservableReason } from './capabilities.js';
export { CLIENT_KEY, clientKeyScope } from './client-key.js';
export { metricLabelsFor } from './metric-labels.js';
export { clip } from './requests/problems.js';
export { wholeSecondsHeader } from './http/header-values.js';
export { createLogger } from './logger.js';
export { createAjv, problemsOf, type Problem } from './validation.js';

// Audio, wire formats and upstream calls.
export { audioSeconds } from './audio-duration.js';
export { SPEECH_CONTENT_TYPES, speechContentType, uploadFilename } from './audio-formats.js';
export { encodeMultipart } from './upstream/multipart.js';
export { headerValue } from './upstream/http.js';
export { providerError, scrubSecrets, throwProviderError } from './upstream/provider-error.js';
export { upstreamBadAnswer, upstreamTimeout, upstreamUnreachable } from './upstream/network-errors.js';
export { renderSrt, renderText, renderVtt, timestamp } from './formats/subtitles.js';
export { transcriptBody, verboseJson } from './formats/render.js';
export { languageName } from './formats/language.js';
export { joinWords, wordsToCues } from './formats/cues.js';
export { parseSse, sseEvent } from './stream/sse.js';
export { cappedChunks, readCapped } from './stream/capped.js';
export { relayEvents, speechEventsFromAudio, transcriptEvents } from './stream/events.js';

// Realtime sessions: the adapter side (core/realtime/contract.ts) and helpers for vendor sockets.
export type { RealtimeCapability, RealtimeClientEvent, RealtimeOpen, RealtimeSink, RealtimeTranscriptionSession, RealtimeUpstream } from './realtime/contract.js';
export type { RealtimeUsageRecord } from './realtime/usage.js';
export { onJsonMessages, openUpstreamSocket, socketUpstream, websocketUrl } from './realtime/upstream-socket.js';
export { TranscriptItems, realtimeEventId } from './realtime/transcript-item.js';

// Metrics: register on the gateway's registry (env.metrics) with these
// classes, so a plugin needs no prom-client of its own.
export { Counter, Gauge, Histogram, Summary, type Registry } from 'prom-client';
