// The store factory: memory:// by default, redis://… when configured.
import type { Logger } from '../logger.js';
import { MemoryStore } from './memory.js';
import { RedisStore } from './redis.js';
import type { Store } from './store.js';

export async function createStore(url: string, logger: Logger): Promise<Store> {
  if (url.startsWith('redis://') || url.startsWith('rediss://')) return RedisStore.connect(url, logger);
  return new MemoryStore();
}
