// The request parameters an adapter declares in its capabilities: which of
// the shared (OpenAI-shaped) fields it uses, and its own params, which clients
// send at the top level of the body as they always did. The request builder
// moves an own param into `providerOptions[<adapter id>]`; core reports what a
// target does not take, so no adapter lists another vendor's fields.
import type { FromSchema, JSONSchema } from 'json-schema-to-ts';
import type { JsonSchema } from '../json-schema.js';
import type { JsonObject } from '../json-payload.js';

/** The shared speech fields an adapter may leave unused (reported as ignored when sent). */
export const SHARED_SPEECH_PARAMS = ['instructions', 'speed'] as const;
export type SharedSpeechParam = (typeof SHARED_SPEECH_PARAMS)[number];

/** The shared transcription fields an adapter may leave unused. */
export const SHARED_TRANSCRIPTION_PARAMS = ['language', 'prompt', 'temperature', 'timestamp_granularities'] as const;
export type SharedTranscriptionParam = (typeof SHARED_TRANSCRIPTION_PARAMS)[number];

/** One param of an adapter's own, beyond the shared fields. */
export interface ParamSpec {
  /** What a value must be: checked on every request that carries it, whichever provider it is for (a 400 otherwise). */
  readonly schema: JsonSchema;
  /**
   * Set to anything but false, the param changes what the answer is (JSON instead of audio, say): a target
   * that does not take it refuses the request (400 unsupported_by_provider) instead of ignoring it, and long
   * media does not split it.
   */
  readonly shapesAnswer?: boolean;
}

export type ParamSpecs = Readonly<Record<string, ParamSpec>>;

/** `capabilities.speech.accepts` / `capabilities.transcription.accepts`. */
export interface AcceptedParams<Shared extends string> {
  /** The shared fields it uses; absent: all of them. Any other one a request sets is reported as ignored and not passed on. */
  readonly shared?: readonly Shared[];
  /** Its own params by their top-level field name, found in `providerOptions[<adapter id>]`. */
  readonly own?: ParamSpecs;
}

/** The values of declared params (written `as const`), typed from their schemas; every one optional. */
export type ParamsOf<P extends Readonly<Record<string, { readonly schema: JSONSchema }>>> = {
  readonly [K in keyof P]?: FromSchema<P[K]['schema']>;
};

/** The provider options of a request, by adapter id (`type:` in config). */
export type ProviderOptions = Record<string, JsonObject>;

/**
 * An adapter's own params from a request, typed from their declaration:
 *   const opts = paramsOf<ParamsOf<typeof SPEECH_PARAMS>>(req, 'myvendor');
 * The gateway validated them against the declared schemas before the adapter runs.
 */
export function paramsOf<T extends Readonly<Record<string, unknown>>>(req: { readonly providerOptions?: ProviderOptions }, adapterId: string): T {
  // A job queued before providerOptions existed has none.
  return (req.providerOptions?.[adapterId] ?? {}) as T;
}
