// Every error a client can see is a GatewayError: a status, a type, a code and
// a message that says what to fix. The transport turns it into the error body
// in the README's API section; anything else thrown becomes a 500 that reveals nothing inside.

export type ErrorType =
  | 'invalid_request_error'
  | 'authentication_error'
  | 'permission_error'
  | 'not_found_error'
  | 'rate_limit_error'
  | 'upstream_error'
  | 'timeout_error'
  | 'unavailable_error'
  | 'server_error'
  | (string & {});

/**
 * Whose problem it is, for policies such as fallback's: the request itself
 * (another provider would refuse it too), the target (this provider or
 * deployment cannot serve it, another may), or the upstream (the call
 * failed on the way or at the vendor). Set by the factories below.
 */
export type ErrorScope = 'request' | 'target' | 'upstream';

export interface GatewayErrorOptions {
  status: number;
  type: ErrorType;
  code: string;
  message: string;
  param?: string;
  /** True when a provider answered with this error (is_bifrost_error: false). */
  fromProvider?: boolean;
  /** Headers the answer must carry, e.g. Retry-After. */
  headers?: Record<string, string>;
  /** Default: 'upstream' when fromProvider, else 'request'. */
  scope?: ErrorScope;
  cause?: unknown;
}

/**
 * A brand shared by every copy of the package (Symbol.for, as undici does),
 * so an extension that bundles its own voxgate still throws refusals the
 * gateway recognises: `instanceof GatewayError` and isGatewayError check it.
 */
const GATEWAY_ERROR: unique symbol = Symbol.for('voxgate.GatewayError');

export class GatewayError extends Error {
  static override [Symbol.hasInstance](value: unknown): boolean {
    return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[GATEWAY_ERROR] === true;
  }

  readonly [GATEWAY_ERROR] = true;
  readonly status: number;
  readonly type: ErrorType;
  readonly code: string;
  readonly param?: string;
  readonly fromProvider: boolean;
  readonly headers: Record<string, string>;
  readonly scope: ErrorScope;

  constructor(opts: GatewayErrorOptions) {
    super(opts.message, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.name = 'GatewayError';
    this.status = opts.status;
    this.type = opts.type;
    this.code = opts.code;
    this.param = opts.param;
    this.fromProvider = opts.fromProvider ?? false;
    this.headers = opts.headers ?? {};
    this.scope = opts.scope ?? (this.fromProvider ? 'upstream' : 'request');
  }
}

export const isGatewayError = (err: unknown): err is GatewayError => GatewayError[Symbol.hasInstance](err);

// The common refusals, so every route says the same thing the same way.
export const badRequest = (code: string, message: string, param?: string): GatewayError =>
  new GatewayError({ status: 400, type: 'invalid_request_error', code, message, param });

/** What this target (provider, model, deployment) cannot serve, though another might: fallback moves on. */
export const unsupportedByTarget = (code: string, message: string, param?: string, status = 400): GatewayError =>
  new GatewayError({ status, type: status === 503 ? 'unavailable_error' : 'invalid_request_error', code, message, param, scope: 'target' });

export const notFound = (code: string, message: string): GatewayError =>
  new GatewayError({ status: 404, type: 'not_found_error', code, message });

/**
 * A plugin's admin route reached without an admin principal. Behind the auth
 * plugin (which answers 401/403 first) this never fires; it keeps admin
 * routes closed in a chain that has no auth plugin.
 */
export function assertAdminPrincipal(principal: { isAdmin?: boolean } | undefined): void {
  if (principal?.isAdmin) return;
  throw new GatewayError({ status: 401, type: 'authentication_error', code: 'admin_credentials_required', message: 'The admin API needs an admin credential and the auth plugin in plugins: to check it (see auth.admin_keys).' });
}

export const payloadTooLarge = (message: string, param?: string): GatewayError =>
  new GatewayError({ status: 413, type: 'invalid_request_error', code: 'payload_too_large', message, param });

export const unsupportedMediaType = (message: string): GatewayError =>
  new GatewayError({ status: 415, type: 'invalid_request_error', code: 'unsupported_media_type', message });

export const serviceUnavailable = (code: string, message: string, retryAfterS?: number): GatewayError =>
  new GatewayError({
    status: 503,
    type: 'unavailable_error',
    code,
    message,
    headers: retryAfterS === undefined ? undefined : { 'retry-after': String(retryAfterS) },
  });

/** A failure the gateway did not anticipate: logged in full, shown to nobody. */
export const internalError = (cause: unknown): GatewayError =>
  new GatewayError({
    status: 500,
    type: 'server_error',
    code: 'internal_error',
    message: 'The gateway failed unexpectedly; the request id is in the logs.',
    cause,
  });

/** The client hung up: nothing can be answered, but the chain must still unwind. */
export const clientClosed = (): GatewayError =>
  new GatewayError({ status: 499, type: 'invalid_request_error', code: 'client_closed_request', message: 'The client closed the connection.' });
