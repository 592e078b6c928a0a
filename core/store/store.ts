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

export interface CounterOptions {
  /** The counter's window: it ends this long after its first increment (or its last change, with `slide`). */
  windowMs: number;
  /** Refuse (applied: false, nothing added) an increment that would pass it. */
  cap?: number;
  /** Every change extends the window: a lease on something held (concurrency slots), not a rate window. */
  slide?: boolean;
}

export interface Subscriber {
  onMessage(message: string): void;
  onReady?(): void;
}

export interface Store {
  readonly kind: 'memory' | 'redis';
  /** A keyv bound to a namespace (each plugin its own, e.g. its name). Values expire by keyv TTL. */
  namespace(name: string): Keyv;
  /**
   * Adds `by` (negative to give back) to a counter. Atomic across every
   * instance sharing the store.
   */
  increment(key: string, by: number, options: CounterOptions): Promise<CounterResult>;
  /** A set of strings shared by every instance (SADD/SREM/SMEMBERS on Redis). */
  setAdd(set: string, member: string): Promise<void>;
  setRemove(set: string, member: string): Promise<void>;
  setMembers(set: string): Promise<string[]>;
  /**
   * Raw bytes under a key, for `ttlMs` (large results such as audio): kept
   * as bytes, never as base64 inside a JSON value, and as the chunks they
   * arrived in (the memory store keeps those very buffers: no second copy).
   */
  putBytes(key: string, chunks: readonly Buffer[], ttlMs: number): Promise<void>;
  getBytes(key: string): Promise<readonly Buffer[] | undefined>;
  deleteBytes(key: string): Promise<void>;
  /**
   * A message to every instance subscribed to `channel`, this one included
   * (Redis PUBLISH; in-process for memory://). At most once, kept nowhere: a
   * subscriber that was away reloads what it holds in `onReady`.
   */
  publish(channel: string, message: string): Promise<void>;
  /**
   * Hands each message on `channel` to `onMessage`; `onReady` runs after every
   * (re)subscription (the first, and each reconnect to Redis), when messages
   * may have been missed, and says that messages now arrive. Never waits on
   * a store that is away (the subscription is made when it is back).
   * Returns unsubscribe.
   */
  subscribe(channel: string, handlers: Subscriber): Promise<() => Promise<void>>;
  /** Resolves when the backing store answers; rejects when it is unreachable. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

export const STORE_KEY_PREFIX = 'voxgate';
