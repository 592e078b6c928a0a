// The limits that apply to one request, as counter checks, and the headers
// that report them. Requests and characters count in fixed one-minute
// windows; concurrency counts slots held, in a counter whose lease every take
// and give-back extends, so slots held by an instance that died come free on
// their own once nobody touches the counter for the lease.
import type { RateLimits } from './options.js';

export type CheckKind = 'requests' | 'characters' | 'audio' | 'concurrent';

export interface Check {
  kind: CheckKind;
  key: string;
  by: number;
  cap: number;
  windowMs: number;
}

export const MINUTE_MS = 60_000;
export const SLOT_LEASE_MS = 5 * MINUTE_MS;

/** In check order: a request refused by a later check gives back what earlier ones took. */
/** Audio counts in milliseconds, so the store adds whole numbers. */
export const audioMs = (seconds: number): number => Math.ceil(seconds * 1000 - 1e-6);

export function planChecks(principalId: string, limits: RateLimits, characters: number | undefined, audioSeconds?: number): Check[] {
  const checks: Check[] = [];
  const key = (kind: CheckKind) => `ratelimit:${kind}:${principalId}`;
  if (limits.requests_per_minute !== undefined) checks.push({ kind: 'requests', key: key('requests'), by: 1, cap: limits.requests_per_minute, windowMs: MINUTE_MS });
  if (limits.characters_per_minute !== undefined && characters !== undefined) {
    checks.push({ kind: 'characters', key: key('characters'), by: characters, cap: limits.characters_per_minute, windowMs: MINUTE_MS });
  }
  if (limits.audio_seconds_per_minute !== undefined && audioSeconds !== undefined) {
    checks.push({ kind: 'audio', key: key('audio'), by: audioMs(audioSeconds), cap: audioMs(limits.audio_seconds_per_minute), windowMs: MINUTE_MS });
  }
  if (limits.max_concurrent !== undefined) checks.push({ kind: 'concurrent', key: key('concurrent'), by: 1, cap: limits.max_concurrent, windowMs: SLOT_LEASE_MS });
  return checks;
}

export interface Outcome {
  check: Check;
  /** What the counter stands at once the request is admitted or refused (and what it took given back). */
  used: number;
  ttlMs: number;
}

const SUFFIX: Partial<Record<CheckKind, string>> = { requests: '', characters: '-characters', audio: '-audio-seconds' };

export const secondsUntil = (ttlMs: number): number => Math.max(1, Math.ceil(ttlMs / 1000));

/** X-RateLimit-Limit/-Remaining/-Reset for requests; the same with -Characters for speech input. Reset is in seconds from now. */
export function limitHeaders(outcomes: readonly Outcome[]): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const { check, used, ttlMs } of outcomes) {
    const suffix = SUFFIX[check.kind];
    if (suffix === undefined) continue;
    // Audio counts in milliseconds; its headers say seconds.
    const scale = check.kind === 'audio' ? 1000 : 1;
    headers[`x-ratelimit-limit${suffix}`] = String(check.cap / scale);
    headers[`x-ratelimit-remaining${suffix}`] = String(Math.max(0, check.cap - used) / scale);
    headers[`x-ratelimit-reset${suffix}`] = String(secondsUntil(ttlMs));
  }
  return headers;
}
