// The rate-limit plugin's pieces: limits merged per field, the headers each
// outcome writes, give-backs that never land in a later window, and a store
// outage logged once per interval, however many requests hit it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MemoryStore } from '../../core/store/memory.js';
import { createLogger } from '../../core/logger.js';
import { LogCapture } from '../helpers/gateway.js';
import { waitFor } from '../helpers/wait.js';
import { limitHeaders, planChecks } from '../../plugins/rate-limit/checks.js';
import { Counters } from '../../plugins/rate-limit/counters.js';
import { effectiveLimits } from '../../plugins/rate-limit/options.js';
import { StoreFailureLog } from '../../plugins/rate-limit/store-failure.js';

test('a principal\'s own limits win field by field over the defaults', () => {
  const defaults = { requests_per_minute: 10, characters_per_minute: 500, audio_seconds_per_minute: 30, on_store_error: 'allow' as const };
  const principal = { kind: 'virtual_key' as const, id: 'vk:a', name: 'a', isAdmin: false, limits: { requests_per_minute: 2, max_concurrent: 1, audio_seconds_per_minute: 12.5 }, attributes: {} };
  assert.deepEqual(effectiveLimits(defaults, principal), { requests_per_minute: 2, characters_per_minute: 500, max_concurrent: 1, audio_seconds_per_minute: 12.5 });
  assert.deepEqual(effectiveLimits(defaults, undefined), { requests_per_minute: 10, characters_per_minute: 500, max_concurrent: undefined, audio_seconds_per_minute: 30 });
});

test('only the limits that apply become checks; characters only for speech', () => {
  assert.deepEqual(planChecks('vk:a', {}, 40), []);
  assert.deepEqual(planChecks('vk:a', { characters_per_minute: 100 }, undefined), []);
  const checks = planChecks('vk:a', { requests_per_minute: 5, characters_per_minute: 100, max_concurrent: 2 }, 40);
  assert.deepEqual(checks.map((c) => [c.kind, c.by, c.cap]), [['requests', 1, 5], ['characters', 40, 100], ['concurrent', 1, 2]]);
  assert.equal(new Set(checks.map((c) => c.key)).size, 3);
});

test('headers: requests plain, characters suffixed, concurrency none; remaining never negative', () => {
  const [requests, characters, concurrent] = planChecks('p', { requests_per_minute: 5, characters_per_minute: 100, max_concurrent: 2 }, 40);
  assert.deepEqual(
    limitHeaders([
      { check: requests!, used: 7, ttlMs: 1500 },
      { check: characters!, used: 60, ttlMs: 59_001 },
      { check: concurrent!, used: 1, ttlMs: 300_000 },
    ]),
    {
      'x-ratelimit-limit': '5',
      'x-ratelimit-remaining': '0',
      'x-ratelimit-reset': '2',
      'x-ratelimit-limit-characters': '100',
      'x-ratelimit-remaining-characters': '40',
      'x-ratelimit-reset-characters': '60',
    },
  );
});

test('a give-back after its window ended changes nothing; one inside it restores the count', async () => {
  const store = new MemoryStore();
  const counters = new Counters(store);
  try {
    const { taken } = await counters.take('k', 3, 60_000, 10);
    await counters.giveBack(taken);
    assert.equal((await store.increment('k', 0, { windowMs: 60_000 })).value, 0);
    const short = await counters.take('short', 1, 30, 10);
    await waitFor(() => Date.now() > short.taken.until, 'the short window to end');
    await counters.giveBack(short.taken);
    assert.equal((await store.increment('short', 1, { windowMs: 60_000, cap: 1 })).applied, true, 'no negative count was left behind to grant extra');
    assert.equal((await store.increment('short', 1, { windowMs: 60_000, cap: 1 })).applied, false);
  } finally {
    await store.close();
  }
});

test('a store outage is logged at error level once per interval, with what was passed over', () => {
  const logs = new LogCapture();
  const log = new StoreFailureLog(createLogger({ level: 'info', destination: 'stdout', pretty: false }, logs), 'refuse', 3_600_000);
  for (let i = 0; i < 50; i++) log.report(new Error('connect ECONNREFUSED'));
  assert.equal(logs.records.length, 1);
  assert.equal(logs.records[0]!.level, 50);
  assert.match(String(logs.records[0]!.msg), /refusing requests with 503/);
  const every = new StoreFailureLog(createLogger({ level: 'info', destination: 'stdout', pretty: false }, logs), 'allow', 0);
  every.report(new Error('a'));
  every.report(new Error('b'));
  assert.equal(logs.records.length, 3);
});
