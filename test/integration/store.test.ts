// The one store, both ways: memory:// and a real redis-server. Same
// contract: namespaced keyv values with TTL, and atomic capped counters.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createStore } from '../../core/store/create.js';
import type { Store } from '../../core/store/store.js';
import { createLogger } from '../../core/logger.js';
import { startRedis, type RedisServer } from '../helpers/redis.js';
import { LogCapture } from '../helpers/gateway.js';
import { waitFor } from '../helpers/wait.js';

const logs = new LogCapture();
const logger = createLogger({ level: 'info', destination: 'stdout', pretty: false }, logs);

function contract(name: string, open: () => Promise<Store>) {
  describe(name, () => {
    let store: Store;
    before(async () => {
      store = await open();
    });
    after(async () => store.close());

    test('values round-trip per namespace, and namespaces do not mix', async () => {
      const jobs = store.namespace('jobs');
      const cache = store.namespace('cache');
      await jobs.set('k', { status: 'pending', n: 1 });
      await cache.set('k', 'other');
      assert.deepEqual(await jobs.get('k'), { status: 'pending', n: 1 });
      assert.equal(await cache.get('k'), 'other');
      assert.equal(await jobs.delete('k'), true);
      assert.equal(await jobs.get('k'), undefined);
    });

    test('values expire after their TTL', async () => {
      const ns = store.namespace('ttl');
      await ns.set('short', 'v', 150);
      assert.equal(await ns.get('short'), 'v');
      await new Promise((r) => setTimeout(r, 300));
      assert.equal(await ns.get('short'), undefined);
    });

    test('binary values survive', async () => {
      const ns = store.namespace('bin');
      const bytes = Buffer.from([0, 1, 2, 250, 255]);
      await ns.set('b', bytes.toString('base64'));
      assert.ok(Buffer.from((await ns.get('b')) as string, 'base64').equals(bytes));
    });

    test('counters count within a window, then start again', async () => {
      const key = `c-${name}-${Date.now()}`;
      assert.deepEqual((await store.increment(key, 1, { windowMs: 200 })).value, 1);
      const second = await store.increment(key, 2, { windowMs: 200 });
      assert.equal(second.value, 3);
      assert.ok(second.ttlMs > 0 && second.ttlMs <= 200);
      await new Promise((r) => setTimeout(r, 300));
      assert.equal((await store.increment(key, 1, { windowMs: 200 })).value, 1);
    });

    test('a capped counter refuses what would pass the cap, and adds nothing', async () => {
      const key = `cap-${name}-${Date.now()}`;
      assert.equal((await store.increment(key, 8, { windowMs: 60_000, cap: 10 })).applied, true);
      const refused = await store.increment(key, 5, { windowMs: 60_000, cap: 10 });
      assert.deepEqual([refused.applied, refused.value], [false, 8]);
      assert.equal((await store.increment(key, 2, { windowMs: 60_000, cap: 10 })).applied, true);
      assert.equal((await store.increment(key, -3, { windowMs: 60_000, cap: 10 })).value, 7, 'decrements always apply');
    });

    test('a sliding counter lives while it changes, and lapses a window after the last change', async () => {
      const key = `slide-${name}-${Date.now()}`;
      const lease = { windowMs: 300, slide: true };
      await store.increment(key, 1, lease);
      for (let i = 0; i < 4; i++) {
        await new Promise((r) => setTimeout(r, 150));
        await store.increment(key, 1, lease);
        await store.increment(key, -1, lease);
      }
      assert.equal((await store.increment(key, 0, lease)).value, 1, 'still held after 600 ms of activity');
      await new Promise((r) => setTimeout(r, 450));
      assert.equal((await store.increment(key, 0, lease)).value, 0, 'lapsed once nobody touched it');
    });

    test('parallel capped increments never pass the cap', async () => {
      const key = `burst-${name}-${Date.now()}`;
      const results = await Promise.all(Array.from({ length: 50 }, () => store.increment(key, 1, { windowMs: 60_000, cap: 20 })));
      assert.equal(results.filter((r) => r.applied).length, 20);
    });

    test('sets are shared and idempotent', async () => {
      const set = `s-${name}-${Date.now()}`;
      await store.setAdd(set, 'a');
      await store.setAdd(set, 'b');
      await store.setAdd(set, 'a');
      assert.deepEqual((await store.setMembers(set)).sort(), ['a', 'b']);
      await store.setRemove(set, 'a');
      await store.setRemove(set, 'missing');
      assert.deepEqual(await store.setMembers(set), ['b']);
      assert.deepEqual(await store.setMembers(`${set}-none`), []);
    });

    test('published messages reach every subscriber of the channel, this one too, and no other channel', async () => {
      const got: string[] = [];
      const other: string[] = [];
      let ready = 0;
      const stop = await store.subscribe(`ch-${name}`, { onMessage: (m) => got.push(m), onReady: () => ready++ });
      await store.subscribe(`other-${name}`, { onMessage: (m) => other.push(m) });
      await waitFor(() => ready === 1, 'ready once subscribed');
      await store.publish(`ch-${name}`, 'one');
      await store.publish(`ch-${name}`, 'two');
      await waitFor(() => got.length === 2, 'both messages');
      assert.deepEqual(got, ['one', 'two']);
      await stop();
      await store.publish(`ch-${name}`, 'three');
      await store.publish(`other-${name}`, 'marker');
      await waitFor(() => other.length === 1, 'the marker on the other channel');
      assert.deepEqual(got, ['one', 'two'], 'nothing after unsubscribing');
    });

    test('ping answers', async () => {
      await store.ping();
    });
  });
}

contract('memory://', () => createStore('memory://', logger));

let redis: RedisServer;
before(async () => {
  redis = await startRedis();
});
after(async () => redis.stop());
contract('redis://', () => createStore(redis.url, logger));

describe('two redis clients', () => {
  test('share values and counters, as two gateway instances do', async () => {
    const a = await createStore(redis.url, logger);
    const b = await createStore(redis.url, logger);
    try {
      await a.namespace('jobs').set('shared', { from: 'a' });
      assert.deepEqual(await b.namespace('jobs').get('shared'), { from: 'a' });
      const key = `two-${Date.now()}`;
      const results = await Promise.all(Array.from({ length: 30 }, (_, i) => (i % 2 ? a : b).increment(key, 1, { windowMs: 60_000, cap: 10 })));
      assert.equal(results.filter((r) => r.applied).length, 10);
    } finally {
      await a.close();
      await b.close();
    }
  });
});

describe('redis pub/sub between two clients', () => {
  test('a message published by one reaches the other; after Redis restarts the subscriber is told to reload and hears again', async () => {
    const own = await startRedis();
    const a = await createStore(own.url, logger);
    const b = await createStore(own.url, logger);
    try {
      const got: string[] = [];
      let ready = 0;
      await b.subscribe('keys', { onMessage: (m) => got.push(m), onReady: () => ready++ });
      await waitFor(() => ready === 1, 'subscribed');
      await a.publish('keys', 'hello');
      await waitFor(() => got.includes('hello'), 'the message from the other client');
      await own.stop();
      await own.restart();
      await waitFor(() => ready >= 2, 'the subscriber told to reload after the reconnect', 10_000);
      await waitFor(async () => (await a.publish('keys', 'again').then(() => true, () => false)) && got.includes('again'), 'messages flow again', 10_000);
    } finally {
      await a.close();
      await b.close();
      await own.stop();
    }
  });
});

describe('redis pub/sub while Redis is away', () => {
  test('subscribing does not wait for Redis; the subscription is made, and onReady called, once it is back', async () => {
    const own = await startRedis();
    const store = await createStore(own.url, logger);
    try {
      await own.stop();
      let ready = 0;
      const got: string[] = [];
      await store.subscribe('late', { onMessage: (m) => got.push(m), onReady: () => ready++ });
      assert.equal(ready, 0, 'not listening while Redis is away');
      await own.restart();
      await waitFor(() => ready === 1, 'ready once Redis is back', 10_000);
      await waitFor(async () => (await store.publish('late', 'hi').then(() => true, () => false)) && got.includes('hi'), 'the message arrives', 10_000);
    } finally {
      await store.close();
      await own.stop();
    }
  });
});

describe('redis going away', () => {
  test('operations fail fast instead of hanging, and work again when it is back', async () => {
    const own = await startRedis();
    const store = await createStore(own.url, logger);
    try {
      await store.namespace('x').set('k', 1);
      await own.stop();
      const started = Date.now();
      await assert.rejects(store.increment('k', 1, { windowMs: 1000 }));
      await assert.rejects(store.namespace('x').get('k'));
      assert.ok(Date.now() - started < 3000, 'no request may hang on a dead store');
      await own.restart();
      let back = false;
      for (let i = 0; i < 100 && !back; i++) {
        back = await store.ping().then(() => true, () => false);
        if (!back) await new Promise((r) => setTimeout(r, 100));
      }
      assert.ok(back, 'the client reconnected on its own');
      assert.equal((await store.increment('after', 1, { windowMs: 1000 })).value, 1);
      assert.match(logs.text, /store unreachable/);
    } finally {
      await store.close();
      await own.stop();
    }
  });
});
