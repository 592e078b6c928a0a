// The one shared store: jobs, rate-limit counters and the cache live here, so
// gateway instances on the same Redis are interchangeable. keyv gives the
// key-value part; counters get an atomic primitive of their own.
import type Keyv from 'keyv';

export interface CounterResult {
  /** The counter's value after the call (unchanged when refused). */
  value: number;
  /** Milliseconds until the counter's window ends. */
  ttlMs: number;
  /** False when `cap` would have been exceeded and nothing was added. */
  applied: boolean;
}

export interface Store {
  readonly kind: 'memory' | 'redis';
  /** A keyv bound to a namespace ("jobs", "ratelimit", "cache"). Values expire by keyv TTL. */
  namespace(name: string): Keyv;
  /**
   * Adds `by` to a counter whose window ends `windowMs` after its first
   * increment. With `cap`, refuses (applied: false) instead of passing it.
   * Atomic across every instance sharing the store.
   */
  increment(key: string, by: number, windowMs: number, cap?: number): Promise<CounterResult>;
  /** A set of strings shared by every instance (SADD/SREM/SMEMBERS on Redis). */
  setAdd(set: string, member: string): Promise<void>;
  setRemove(set: string, member: string): Promise<void>;
  setMembers(set: string): Promise<string[]>;
  /** Resolves when the backing store answers; rejects when it is unreachable. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

export const STORE_KEY_PREFIX = 'voxgate';
