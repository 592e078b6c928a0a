// redis:// — shared by every gateway instance. One client serves every keyv
// namespace and the counters. Commands fail fast while Redis is away (no
// offline queue: a request must not hang on a dead store), and the client
// reconnects on its own when Redis comes back.
import Keyv from 'keyv';
import KeyvRedis, { createClient } from '@keyv/redis';
import type { Logger } from '../logger.js';
import { STORE_KEY_PREFIX, type CounterOptions, type CounterResult, type Store, type Subscriber } from './store.js';

// Check-and-add in one step, so parallel callers on any instance never pass a cap together.
const INCREMENT = `
local cur = tonumber(redis.call('GET', KEYS[1]) or '0')
local by = tonumber(ARGV[1])
local window = tonumber(ARGV[2])
local cap = tonumber(ARGV[3])
local slide = ARGV[4] == '1'
if cap >= 0 and by > 0 and cur + by > cap then
  local left = redis.call('PTTL', KEYS[1])
  if left < 0 then left = window end
  return {cur, left, 0}
end
local value = redis.call('INCRBY', KEYS[1], by)
local left = redis.call('PTTL', KEYS[1])
if left < 0 or slide then
  redis.call('PEXPIRE', KEYS[1], window)
  left = window
end
return {value, left, 1}
`;

const makeClient = (url: string) =>
  createClient({
    url,
    disableOfflineQueue: true,
    socket: { connectTimeout: 2_000, reconnectStrategy: (attempt: number) => Math.min(100 * 2 ** attempt, 2_000) },
  });

type RedisClient = ReturnType<typeof makeClient>;

/** How long start-up waits for Redis before it goes on without it. */
const STARTUP_WAIT_MS = 5_000;

// RESP_TYPES.BLOB_STRING of @redis/client: bulk strings read back as Buffers, not decoded as UTF-8.
const BLOB_STRING = 36;

export class RedisStore implements Store {
  readonly kind = 'redis';
  private readonly spaces = new Map<string, Keyv>();
  private lastErrorLog = 0;
  /** The subscriber connection (a subscribed Redis client takes no other command), made at the first subscribe. */
  private subscriberClient: RedisClient | undefined;
  private readonly channels = new Map<string, Set<Subscriber>>();
  /** Channels the subscriber connection has subscribed (the client itself resubscribes them after a reconnect). */
  private readonly listening = new Set<string>();

  private constructor(
    private readonly client: RedisClient,
    private readonly logger: Logger,
  ) {}

  static async connect(url: string, logger: Logger): Promise<RedisStore> {
    const client = makeClient(url);
    const store = new RedisStore(client, logger);
    client.on('error', (err: Error) => store.logError(err));
    client.on('ready', () => logger.info({ store: 'redis' }, 'store connected'));
    // connect() settles only once Redis answers (the client retries on its own meanwhile), so it is
    // not awaited past a short wait: the gateway starts anyway, /ready says the store is away, and
    // each request that needs it gets a 503 until it is back.
    const connected = client.connect().then(
      () => true,
      (err: Error) => {
        store.logError(err);
        return false;
      },
    );
    let timer: NodeJS.Timeout | undefined;
    const waited = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), STARTUP_WAIT_MS)));
    const ready = await Promise.race([connected, waited]);
    clearTimeout(timer);
    if (!ready) logger.warn({ store: 'redis', waited_s: STARTUP_WAIT_MS / 1000 }, 'store not reachable at start-up; starting without it and reconnecting in the background');
    return store;
  }

  namespace(name: string): Keyv {
    let keyv = this.spaces.get(name);
    if (!keyv) {
      const ns = `${STORE_KEY_PREFIX}:${name}`;
      // @keyv/redis types its client with every RESP version; ours is the plain RESP2 client.
      const client = this.client as unknown as ConstructorParameters<typeof KeyvRedis>[0];
      const adapter = new KeyvRedis(client, { namespace: ns, throwOnErrors: true, throwOnConnectError: true });
      keyv = new Keyv({ store: adapter, namespace: ns, useKeyPrefix: false, throwOnErrors: true });
      keyv.on('error', () => undefined); // errors are thrown to the caller; the client logs them once
      this.spaces.set(name, keyv);
    }
    return keyv;
  }

  async increment(key: string, by: number, { windowMs, cap, slide }: CounterOptions): Promise<CounterResult> {
    const reply = (await this.client.eval(INCREMENT, {
      keys: [`${STORE_KEY_PREFIX}:counter:${key}`],
      arguments: [String(by), String(Math.max(1, Math.ceil(windowMs))), String(cap ?? -1), slide ? '1' : '0'],
    })) as [number, number, number];
    return { value: Number(reply[0]), ttlMs: Number(reply[1]), applied: Number(reply[2]) === 1 };
  }

  async setAdd(set: string, member: string): Promise<void> {
    await this.client.sAdd(`${STORE_KEY_PREFIX}:set:${set}`, member);
  }

  async setRemove(set: string, member: string): Promise<void> {
    await this.client.sRem(`${STORE_KEY_PREFIX}:set:${set}`, member);
  }

  async setMembers(set: string): Promise<string[]> {
    return this.client.sMembers(`${STORE_KEY_PREFIX}:set:${set}`);
  }

  async putBytes(key: string, chunks: readonly Buffer[], ttlMs: number): Promise<void> {
    // Appended chunk by chunk in one transaction: the bytes are never joined into a second copy here.
    const name = `${STORE_KEY_PREFIX}:bytes:${key}`;
    const tx = this.client.multi().set(name, '');
    for (const chunk of chunks) tx.append(name, chunk);
    await tx.pExpire(name, Math.max(1, Math.ceil(ttlMs))).exec();
  }

  async getBytes(key: string): Promise<readonly Buffer[] | undefined> {
    const value = await this.client.withTypeMapping({ [BLOB_STRING]: Buffer }).get(`${STORE_KEY_PREFIX}:bytes:${key}`);
    return value === null ? undefined : [value];
  }

  async deleteBytes(key: string): Promise<void> {
    await this.client.del(`${STORE_KEY_PREFIX}:bytes:${key}`);
  }

  async publish(channel: string, message: string): Promise<void> {
    await this.client.publish(`${STORE_KEY_PREFIX}:channel:${channel}`, message);
  }

  async subscribe(channel: string, subscriber: Subscriber): Promise<() => Promise<void>> {
    let subscribers = this.channels.get(channel);
    if (!subscribers) this.channels.set(channel, (subscribers = new Set()));
    subscribers.add(subscriber);
    const client = this.subscriberConnection();
    // Not connected yet: its ready event subscribes and tells every subscriber (this one too).
    if (client.isReady) {
      await this.listen(client);
      subscriber.onReady?.();
    }
    return async () => {
      subscribers.delete(subscriber);
    };
  }

  /** Made at the first subscribe and connected in the background: a subscriber never waits on a Redis that is away. */
  private subscriberConnection(): RedisClient {
    if (this.subscriberClient) return this.subscriberClient;
    const client = this.client.duplicate();
    this.subscriberClient = client;
    client.on('error', (err: Error) => this.logError(err));
    // Connected, or back after an outage (messages were lost meanwhile): subscribe, then every subscriber reloads.
    client.on('ready', () => {
      void this.listen(client).then(() => {
        for (const set of this.channels.values()) for (const s of set) s.onReady?.();
      });
    });
    client.connect().catch((err: Error) => this.logError(err));
    return client;
  }

  /** Subscribes the channels not subscribed yet; a failure is retried at the next ready. */
  private async listen(client: RedisClient): Promise<void> {
    for (const channel of this.channels.keys()) {
      if (this.listening.has(channel)) continue;
      this.listening.add(channel); // before the await: a concurrent call must not subscribe it twice
      try {
        await client.subscribe(`${STORE_KEY_PREFIX}:channel:${channel}`, (message: string) => {
          for (const s of this.channels.get(channel) ?? []) s.onMessage(message);
        });
      } catch (err) {
        this.listening.delete(channel);
        this.logError(err as Error);
      }
    }
  }

  async ping(): Promise<void> {
    await this.client.ping();
  }

  async close(): Promise<void> {
    if (this.subscriberClient?.isOpen) await this.subscriberClient.close();
    if (this.client.isOpen) await this.client.close();
  }

  private logError(err: Error): void {
    // A down Redis errors on every reconnect attempt; say so at most every 5 s.
    const now = Date.now();
    if (now - this.lastErrorLog < 5_000) return;
    this.lastErrorLog = now;
    this.logger.error({ store: 'redis', err: err.message }, 'store unreachable; retrying');
  }
}
