// The GatewayContext: one per request, handed through the plugin chain to the
// provider call. Plugins read the typed request, decide, and set `result`.
import { isProviderRequest, type ChainRequest, type GatewayResult, type RequestType } from './types.js';
import type { BF_HEADERS } from './bifrost-names.js';

export interface RouteInfo {
  /** A stable name for logs and metrics, e.g. "transcription" or "async_speech". */
  name: string;
  /** Absent on routes about no audio (admin routes). */
  requestType?: RequestType;
  /** sync and async call a provider; action routes are a plugin's own (job lookups). */
  mode: 'sync' | 'async' | 'action';
  /** An operator's route (/admin/*): auth lets only admins through. */
  admin?: true;
}

/** A credential as the client sent it; plugins decide what it means. */
export interface Credential {
  source: 'authorization' | typeof BF_HEADERS.virtualKey | 'api-key';
  value: string;
}

/**
 * Named limits a principal carries for the plugin that enforces them. The
 * names are that plugin's (rate-limit's schema definition `rate_limit`, which
 * auth's virtual keys refer to); auth copies a key's block here unread. Kept
 * generic so neither core nor auth knows another plugin's fields.
 */
export type PrincipalLimits = Readonly<Record<string, number>>;

/**
 * A principal's spending limits for the plugin that enforces them (the usage
 * plugin's schema definition `budget`: max_usd, max_audio_seconds,
 * max_characters, period). Auth carries a key's block here unread, as it does
 * `limits`.
 */
export type PrincipalBudget = Readonly<Record<string, number | string>>;

/**
 * Who is calling, once auth has decided. Carries names, never secrets. The
 * auth plugin sets it; rate-limit, cache, async-job and logging read it.
 */
export interface Principal {
  kind: 'virtual_key' | 'admin' | 'anonymous';
  /** Stable identity used for ownership, limits and cache isolation: "vk:team-a", "admin:alice", "anon:10.0.0.7". */
  id: string;
  /** What logs show: a virtual key's name, a JWT subject, "anonymous". */
  name: string;
  /** Admins may use every model and read every job. */
  isAdmin: boolean;
  limits?: Readonly<PrincipalLimits>;
  /** The team a virtual key belongs to: budgets and usage reports group by it. */
  team?: string;
  budget?: PrincipalBudget;
  /** Anything else the auth plugin wants later plugins to see. */
  attributes: Readonly<Record<string, unknown>>;
}

/** Where the next provider call goes. Fallback and retry rewrite it between calls. */
export interface Target {
  provider: string;
  model: string;
  /** Which of the provider's keys to use; rotated on 401/429. */
  keyIndex: number;
}

/**
 * What is known of a request before its body is read: the route, headers
 * and credentials. Plugins' onRequest hooks see this (auth decides here, so
 * an unauthenticated upload is refused before it is read).
 */
export interface RequestHead {
  readonly id: string;
  readonly route: RouteInfo;
  /** Request headers, names lower-cased. */
  readonly headers: Readonly<Record<string, string | undefined>>;
  readonly credentials: readonly Credential[];
  readonly clientAddress: string;
  /** performance.now() when the request arrived. */
  readonly startedAt: number;
  /**
   * provider/model names the request asks for before any body is read (a
   * realtime session's model and fallbacks): auth checks them in onRequest.
   */
  readonly models?: readonly string[];
  principal?: Principal;
  /** Headers every answer to this request carries (limits, cache status). */
  readonly responseHeaders: Record<string, string>;
  /** Per-plugin scratch space; use `stateKey()` for typed access. */
  readonly state: Map<symbol, unknown>;
}

export interface GatewayContext extends RequestHead {
  /** What was asked: a provider request (transcription, speech), or an action on a plugin's route. */
  readonly request: ChainRequest;
  /** The provider call's target; empty for action requests, which call no provider. */
  target: Target;
  /** Aborts when the client goes away (or the job is cancelled). */
  readonly signal: AbortSignal;
  /** Bytes of request body received. */
  readonly bytesIn: number;
  result?: GatewayResult;
  /** Merged into the answer's `extra_fields` (JSON answers and error bodies). */
  readonly extraFields: Record<string, unknown>;
}

/** A typed slot in `state`, so plugins share nothing untyped. */
export interface StateKey<T> {
  get(holder: Pick<RequestHead, 'state'>): T | undefined;
  set(holder: Pick<RequestHead, 'state'>, value: T): void;
}

export function stateKey<T>(description: string): StateKey<T> {
  const key = Symbol(description);
  return {
    get: (holder) => holder.state.get(key) as T | undefined,
    set: (holder, value) => void holder.state.set(key, value),
  };
}

export type HeadInit = Omit<RequestHead, 'principal' | 'responseHeaders' | 'state'>;

export function createHead(init: HeadInit): RequestHead {
  return { ...init, responseHeaders: {}, state: new Map() };
}

export interface ContextInit {
  request: ChainRequest;
  signal: AbortSignal;
  bytesIn: number;
}

/** The context for a request whose body has been read; it keeps what onRequest hooks decided. */
export function createContext(head: RequestHead, init: ContextInit): GatewayContext {
  return {
    ...head,
    ...init,
    target: isProviderRequest(init.request)
      ? { provider: init.request.model.provider, model: init.request.model.model, keyIndex: 0 }
      : { provider: '', model: '', keyIndex: 0 },
    extraFields: {},
  };
}

export interface ForkInit {
  /** The fork's own signal (a job's cancellation), not the request's. */
  signal: AbortSignal;
  /** Extra fields the fork's answer starts with. */
  extraFields?: Record<string, unknown>;
}

/**
 * A context for running the rest of the chain apart from the request (a
 * background job): same request, principal and target, its own signal,
 * result, extra fields, response headers and a copy of the state.
 */
export function forkContext(ctx: GatewayContext, init: ForkInit): GatewayContext {
  return { ...ctx, target: { ...ctx.target }, signal: init.signal, result: undefined, extraFields: { ...(init.extraFields ?? {}) }, responseHeaders: {}, state: new Map(ctx.state) };
}

/** What a job taken from the shared queue brings back: enough to run the rest of the chain on another instance. */
export interface RestoreInit {
  id: string;
  route: RouteInfo;
  /** The request's headers, credentials removed. */
  headers: Readonly<Record<string, string | undefined>>;
  principal?: Principal;
  request: ChainRequest;
  signal: AbortSignal;
  bytesIn: number;
  clientAddress: string;
}

/**
 * A context rebuilt from stored data (a job another instance accepted): no
 * credentials, an empty state, the stored principal. Run it with
 * `env.continueChain`.
 */
export function restoreContext(init: RestoreInit): GatewayContext {
  const head = createHead({ id: init.id, route: init.route, headers: init.headers, credentials: [], clientAddress: init.clientAddress, startedAt: performance.now() });
  if (init.principal) head.principal = init.principal;
  return createContext(head, { request: init.request, signal: init.signal, bytesIn: init.bytesIn });
}
