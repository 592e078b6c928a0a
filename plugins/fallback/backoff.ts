// How long to wait before retrying: the upstream's Retry-After when it gives
// one (capped), else exponential backoff with jitter.
import type { GatewayError } from '../../core/kit.js';
import { clientClosed } from '../../core/kit.js';

export interface BackoffSettings {
  baseMs: number;
  maxMs: number;
  /** The longest Retry-After honoured; beyond it the provider is given up on. */
  maxRetryAfterMs: number;
}

/** Retry-After as milliseconds: delta-seconds or an HTTP date. */
export function retryAfterMs(err: GatewayError, now = Date.now()): number | undefined {
  const value = err.headers['retry-after'];
  if (value === undefined) return undefined;
  if (/^\s*\d+(\.\d+)?\s*$/.test(value)) return Math.round(Number(value) * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** "Equal jitter": half the exponential step, plus a random share of the other half. */
export function backoffMs(retry: number, settings: BackoffSettings, random = Math.random): number {
  const step = Math.min(settings.maxMs, settings.baseMs * 2 ** retry);
  return Math.round(step / 2 + random() * (step / 2));
}

/** Waits, unless the client goes away first. */
export function sleep(ms: number, signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.reject(clientClosed());
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(clientClosed());
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
