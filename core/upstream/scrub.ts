// Secrets out of everything a provider sends back: a vendor may echo the key
// it was called with in any field of an error (message, type, code, param,
// nested details) or of a streamed error event. Every string is scrubbed of
// every configured key and of key-shaped tokens before the gateway lets it
// reach an answer, a log line, a job record, the cache or a metric.
import { GatewayError } from '../errors.js';

const REDACTED = '[redacted]';
// API keys (sk-…, xi-…, key-…, sk_…), bearer tokens and JWTs.
const KEY_SHAPED = /\b(sk|xi|key|rk|pk)[-_][A-Za-z0-9*_-]{6,}/g;
const BEARER = /\b(Bearer)\s+[A-Za-z0-9._~+/=-]{6,}/gi;
const JWT = /\beyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*/g;
// A configured key shorter than this is too likely to match ordinary text.
const MIN_SECRET_LENGTH = 6;
// Deeper vendor JSON than this is cut: it is error detail, not data.
const MAX_DEPTH = 32;

/** Removes each secret, and anything shaped like an API key or token, from `text`. */
export function scrubSecrets(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) if (secret.length >= MIN_SECRET_LENGTH && out.includes(secret)) out = out.split(secret).join(REDACTED);
  return out.replace(KEY_SHAPED, `$1-${REDACTED}`).replace(BEARER, `$1 ${REDACTED}`).replace(JWT, REDACTED);
}

/** Every string of a JSON value (keys too) scrubbed; a new value, the input untouched. */
export function scrubDeep(value: unknown, secrets: readonly string[], depth = 0): unknown {
  if (typeof value === 'string') return scrubSecrets(value, secrets);
  if (value === null || typeof value !== 'object') return value;
  if (depth >= MAX_DEPTH) return REDACTED;
  if (Array.isArray(value)) return value.map((v) => scrubDeep(v, secrets, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    Object.defineProperty(out, scrubSecrets(k, secrets), { value: scrubDeep(v, secrets, depth + 1), enumerable: true, writable: true, configurable: true });
  }
  return out;
}

const scrubOptional = (text: string | undefined, secrets: readonly string[]): string | undefined => (text === undefined ? undefined : scrubSecrets(text, secrets));

/** The same error with its message, type, code, param and headers scrubbed; itself when nothing changed. */
export function scrubError(err: GatewayError, secrets: readonly string[]): GatewayError {
  const message = scrubSecrets(err.message, secrets);
  const type = scrubSecrets(String(err.type), secrets);
  const code = scrubSecrets(err.code, secrets);
  const param = scrubOptional(err.param, secrets);
  const headers = Object.fromEntries(Object.entries(err.headers).map(([k, v]) => [k, scrubSecrets(v, secrets)]));
  const same = message === err.message && type === err.type && code === err.code && param === err.param && Object.entries(headers).every(([k, v]) => err.headers[k] === v);
  if (same) return err;
  // The cause is dropped: it is the raw upstream failure the scrub exists to keep in.
  return new GatewayError({ status: err.status, type, code, message, param, fromProvider: err.fromProvider, headers });
}
