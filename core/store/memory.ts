// memory:// — one process, no Redis. Counters are plain map entries: a
// single-threaded event loop makes each increment atomic by construction.
import Keyv from 'keyv';
import type { CounterOptions, CounterResult, Store, Subscriber } from './store.js';

interface Counter {
  value: number;
  expiresAt: number;
}

export class MemoryStore implements Store {
  readonly kind = 'memory';
  private readonly spaces = new Map<string, Keyv>();
  private readonly counters = new Map<string, Counter>();
  private readonly sets = new Map<string, Set<string>>();
  private readonly blobs = new Map<string, { chunks: readonly Buffer[]; expiresAt: number }>();
  private readonly channels = new Map<string, Set<Subscriber>>();
  private readonly sweeper: NodeJS.Timeout;

  constructor() {
    // Counters of callers who never come back would otherwise stay forever.
    this.sweeper = setInterval(() => this.sweep(), 30_000);
    this.sweeper.unref();
  }

  namespace(name: string): Keyv {
    let keyv = this.spaces.get(name);
    if (!keyv) {
      keyv = new Keyv({ namespace: name });
      this.spaces.set(name, keyv);
    }
    return keyv;
  }

  async increment(key: string, by: number, { windowMs, cap, slide }: CounterOptions): Promise<CounterResult> {
    const now = Date.now();
    let counter = this.counters.get(key);
    if (!counter || counter.expiresAt <= now) {
      counter = { value: 0, expiresAt: now + windowMs };
      this.counters.set(key, counter);
    }
    if (cap !== undefined && by > 0 && counter.value + by > cap) return { value: counter.value, ttlMs: counter.expiresAt - now, applied: false };
    counter.value += by;
    if (slide) counter.expiresAt = now + windowMs;
    return { value: counter.value, ttlMs: counter.expiresAt - now, applied: true };
  }

  async setAdd(set: string, member: string): Promise<void> {
    let members = this.sets.get(set);
    if (!members) this.sets.set(set, (members = new Set()));
    members.add(member);
  }

  async setRemove(set: string, member: string): Promise<void> {
    this.sets.get(set)?.delete(member);
  }

  async setMembers(set: string): Promise<string[]> {
    return [...(this.sets.get(set) ?? [])];
  }

  async putBytes(key: string, chunks: readonly Buffer[], ttlMs: number): Promise<void> {
    this.blobs.set(key, { chunks, expiresAt: Date.now() + ttlMs });
  }

  async getBytes(key: string): Promise<readonly Buffer[] | undefined> {
    const blob = this.blobs.get(key);
    if (!blob) return undefined;
    if (blob.expiresAt > Date.now()) return blob.chunks;
    this.blobs.delete(key);
    return undefined;
  }

  async deleteBytes(key: string): Promise<void> {
    this.blobs.delete(key);
  }

  async publish(channel: string, message: string): Promise<void> {
    // Delivered after the publisher's turn, as Redis would: never inside the caller's own call.
    for (const subscriber of this.channels.get(channel) ?? []) setImmediate(() => subscriber.onMessage(message));
  }

  async subscribe(channel: string, subscriber: Subscriber): Promise<() => Promise<void>> {
    let subscribers = this.channels.get(channel);
    if (!subscribers) this.channels.set(channel, (subscribers = new Set()));
    subscribers.add(subscriber);
    subscriber.onReady?.();
    return async () => {
      subscribers.delete(subscriber);
    };
  }

  async ping(): Promise<void> {}

  async close(): Promise<void> {
    clearInterval(this.sweeper);
    this.counters.clear();
    this.sets.clear();
    this.blobs.clear();
    this.channels.clear();
    await Promise.all([...this.spaces.values()].map((k) => k.disconnect()));
  }

  private sweep(): void {
    const now = Date.now();
    for (const [key, counter] of this.counters) if (counter.expiresAt <= now) this.counters.delete(key);
    for (const [key, blob] of this.blobs) if (blob.expiresAt <= now) this.blobs.delete(key);
  }
}
