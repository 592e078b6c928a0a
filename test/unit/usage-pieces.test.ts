// The usage plugin's pieces alone: UTC periods, budget periods resetting at
// their boundary on an injected clock (memory store and a real Redis), the
// price arithmetic, and the budget and price config refused with key paths.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { checkConfig } from '../../core/commands/check-config.js';
import { audioSeconds } from '../../core/audio-duration.js';
import { toneWav } from '../helpers/tone-wav.js';
import { stringify } from 'yaml';
import { ConfigError } from '../../core/config/errors.js';
import { parseConfigText } from '../../core/config/load.js';
import { prepare } from '../../core/gateway.js';
import { createLogger } from '../../core/logger.js';
import { MemoryStore } from '../../core/store/memory.js';
import { RedisStore } from '../../core/store/redis.js';
import type { Store } from '../../core/store/store.js';
import { BudgetLedger, type BudgetScope } from '../../plugins/usage/ledger.js';
import { dayOf, periodAt } from '../../plugins/usage/periods.js';
import { costOf } from '../../plugins/usage/prices.js';
import { DEFAULT_PRICES } from '../../plugins/usage/default-prices.js';
import { compiledTestDir } from '../helpers/gateway.js';
import { startRedis, type RedisServer } from '../helpers/redis.js';

const at = (iso: string) => Date.parse(iso);

test('periods follow UTC calendar boundaries: hour, day, week from Monday, month, total', () => {
  const now = at('2026-12-02T15:42:10.500Z'); // a Wednesday
  assert.deepEqual(periodAt('hour', now), { start: at('2026-12-02T15:00:00Z'), end: at('2026-12-02T16:00:00Z') });
  assert.deepEqual(periodAt('day', now), { start: at('2026-12-02T00:00:00Z'), end: at('2026-12-03T00:00:00Z') });
  assert.deepEqual(periodAt('week', now), { start: at('2026-11-30T00:00:00Z'), end: at('2026-12-07T00:00:00Z') });
  assert.deepEqual(periodAt('week', at('2026-12-06T23:59:59Z')), { start: at('2026-11-30T00:00:00Z'), end: at('2026-12-07T00:00:00Z') }, 'Sunday is the week\'s last day');
  assert.deepEqual(periodAt('month', now), { start: at('2026-12-01T00:00:00Z'), end: at('2027-01-01T00:00:00Z') });
  assert.deepEqual(periodAt('month', at('2028-02-29T12:00:00Z')), { start: at('2028-02-01T00:00:00Z'), end: at('2028-03-01T00:00:00Z') });
  assert.deepEqual(periodAt('total', now), { start: 0, end: undefined });
});

test('dayOf names the UTC day, across midnight and back (the remembered day never answers for another)', () => {
  assert.equal(dayOf(at('2026-12-02T23:59:59.999Z')), '2026-12-02');
  assert.equal(dayOf(at('2026-12-03T00:00:00.000Z')), '2026-12-03');
  assert.equal(dayOf(at('2026-12-02T00:00:00.000Z')), '2026-12-02');
  assert.equal(dayOf(at('2026-12-01T23:59:59.999Z')), '2026-12-01');
  assert.equal(dayOf(at('1969-12-31T12:00:00Z')), '1969-12-31');
  assert.equal(dayOf(at('1970-01-01T00:00:00Z')), '1970-01-01');
});

test('golden arithmetic: fractional seconds exactly, characters, tokens first where counted, nothing priced is undefined', () => {
  const openai = DEFAULT_PRICES.openai!;
  assert.equal(costOf({ audio_seconds: 1.337 }, openai['whisper-1']), 0.0001337);
  assert.equal(costOf({ audio_seconds: 61.5 }, openai['whisper-1']), 0.00615);
  assert.equal(costOf({ characters: 4096 }, openai['tts-1']), 0.06144);
  assert.equal(costOf({ characters: 1000 }, openai['tts-1-hd']), 0.03);
  assert.equal(costOf({ audio_seconds: 10, input_tokens: 1000, output_tokens: 100 }, openai['gpt-4o-transcribe']), 0.007, 'tokens, not the per-minute estimate');
  assert.equal(costOf({ audio_seconds: 10 }, openai['gpt-4o-transcribe']), 0.001, 'no tokens: the estimate by the second');
  assert.equal(costOf({ audio_seconds: 3600 }, DEFAULT_PRICES.groq!['whisper-large-v3']), 0.111);
  assert.equal(costOf({ characters: 1000 }, DEFAULT_PRICES.deepgram!['aura-2']), 0.03);
  assert.equal(costOf({ audio_seconds: 5 }, undefined), undefined);
  assert.equal(costOf({ characters: 5 }, openai['whisper-1']), undefined, 'a transcription price does not price characters');
  assert.equal(costOf({ audio_seconds: 5 }, { per_audio_second: 0 }), 0, 'free on purpose is priced at 0');
});

const scope = (budget: BudgetScope['budget']): BudgetScope => ({ kind: 'key', id: `vk:test-${Math.random()}`, label: 'Virtual key "test"', budget });

async function periodResets(store: Store): Promise<void> {
  let now = at('2026-12-02T23:59:58Z');
  const ledger = new BudgetLedger(store, () => now);
  const daily = scope({ max_audio_seconds: 3, period: 'day' });
  const first = await ledger.reserve([daily], { audio_seconds: 2.5 });
  assert.ok('held' in first);
  const second = await ledger.reserve([daily], { audio_seconds: 1 });
  assert.ok('refused' in second, 'a reservation past the limit is refused');
  assert.equal(second.refused.spent, 2.5);
  assert.equal(second.refused.resetsAt, at('2026-12-03T00:00:00Z'));
  // Settled below the estimate: what is left fits again.
  await ledger.settle(first.held, { audio_seconds: 1.75 });
  assert.ok('held' in (await ledger.reserve([daily], { audio_seconds: 1.25 })));
  assert.ok('refused' in (await ledger.reserve([daily], { audio_seconds: 0.001 })));
  now = at('2026-12-03T00:00:00Z');
  const fresh = await ledger.reserve([daily], { audio_seconds: 3 });
  assert.ok('held' in fresh, 'the next day is a new budget');
  assert.equal((await ledger.state(daily)).dimensions.audio_seconds?.spent, 3);
  await ledger.release(fresh.held);
  assert.equal((await ledger.state(daily)).dimensions.audio_seconds?.spent, 0);

  const total = scope({ max_usd: 0.0003, period: 'total' });
  for (let i = 0; i < 3; i++) assert.ok('held' in (await ledger.reserve([total], { usd: 0.0001 })));
  assert.ok('refused' in (await ledger.reserve([total], { usd: 0.0001 })));
  now = at('2030-01-01T00:00:00Z');
  const never = await ledger.reserve([total], { usd: 0.0001 });
  assert.ok('refused' in never && never.refused.resetsAt === undefined, 'total never resets');
}

test('a budget resets at its period boundary (injected clock), in the memory store', async () => {
  const store = new MemoryStore();
  await periodResets(store);
  await store.close();
});

let redis: RedisServer;
before(async () => {
  redis = await startRedis();
});
after(async () => {
  await redis.stop();
});

test('the same on Redis: fractional amounts counted exactly in integer units', async () => {
  const store = await RedisStore.connect(redis.url, createLogger({ level: 'silent', destination: 'stderr', pretty: false }));
  await periodResets(store);
  await store.close();
});

async function problems(config: Record<string, unknown>): Promise<Map<string, string>> {
  try {
    const loaded = parseConfigText(stringify(config), path.join(compiledTestDir, 'x.yaml'), {});
    await prepare(loaded, createLogger({ level: 'silent', destination: 'stderr', pretty: false }));
  } catch (err) {
    assert.ok(err instanceof ConfigError, String(err));
    return new Map(err.problems.map((p) => [p.path, p.message]));
  }
  return new Map();
}

test('bad budgets and prices are config errors with key paths', async () => {
  const key = 'sk-bf-usage-pieces-key-0123456789';
  const base = { providers: { openai: { keys: [{ value: 'sk-x' }] } } };
  const noLimit = await problems({ ...base, auth: { virtual_keys: [{ name: 'a', key, budget: { period: 'day' } }] } });
  assert.ok([...noLimit.keys()].some((p) => p.startsWith('auth.virtual_keys[0].budget')), [...noLimit.entries()].join('\n'));
  const badPeriod = await problems({ ...base, auth: { virtual_keys: [{ name: 'a', key, budget: { max_usd: 1, period: 'fortnight' } }] } });
  assert.ok([...badPeriod.keys()].some((p) => p.startsWith('auth.virtual_keys[0].budget.period')), [...badPeriod.entries()].join('\n'));
  const teamNoLimit = await problems({ ...base, usage: { teams: { research: { budget: { period: 'week' } } } } });
  assert.ok([...teamNoLimit.keys()].some((p) => p.startsWith('usage.teams.research.budget')), [...teamNoLimit.entries()].join('\n'));
  const negative = await problems({ providers: { openai: { keys: [{ value: 'sk-x' }], prices: { 'whisper-1': { per_audio_second: -0.0001 } } } } });
  assert.ok([...negative.keys()].some((p) => p.startsWith('providers.openai.prices.whisper-1.per_audio_second')), [...negative.entries()].join('\n'));
  const unknownUnit = await problems({ providers: { openai: { keys: [{ value: 'sk-x' }], prices: { 'whisper-1': { per_minute: 0.006 } } } } });
  assert.ok([...unknownUnit.keys()].some((p) => p.startsWith('providers.openai.prices.whisper-1')), [...unknownUnit.entries()].join('\n'));
  const fine = await problems({ providers: { openai: { keys: [{ value: 'sk-x' }], prices: { 'whisper-1': { per_audio_second: 0.0002 } } } }, usage: { teams: { research: { budget: { max_usd: 5, period: 'month' } } } }, auth: { required: false } });
  assert.deepEqual([...fine.entries()], []);
});

test('check-config warns of every servable model without a price, and of none with one', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'voxgate-usage-check-'));
  const file = path.join(dir, 'gateway.yaml');
  writeFileSync(
    file,
    stringify({
      auth: { required: false },
      providers: { openai: { keys: [{ value: 'sk-x' }] }, local: { type: 'openai', base_url: 'http://127.0.0.1:9/v1', models: ['my-whisper', 'priced-one'], prices: { 'priced-one': { per_audio_second: 0 } } } },
    }),
  );
  let out = '';
  const sink = new Writable({ write: (chunk: Buffer, _enc, done) => ((out += chunk.toString()), done()) });
  await checkConfig(file, sink);
  const warnings = out.split('\n').filter((l) => l.startsWith('# warning:'));
  assert.ok(warnings.some((w) => w.includes('providers.local.prices') && w.includes('local/my-whisper has no price')), out);
  assert.ok(!warnings.some((w) => w.includes('priced-one')), 'a price of 0 is a price');
  // The shipped table prices by adapter type: OpenAI's model names on any type-openai instance (README: override them).
  assert.ok(!warnings.some((w) => w.includes('/whisper-1') || w.includes('/tts-1')), out);
  assert.equal(warnings.length, 1, out);
});

test('the upload is measured from its chunks as they are, or from its spooled file; what is not audio is unknown, not 0', async () => {
  const mp3 = readFileSync(path.join(compiledTestDir, '..', '..', 'samples', 'hello.mp3'));
  const chunks = [mp3.subarray(0, 1000), mp3.subarray(1000, 5000), mp3.subarray(5000)];
  assert.equal(await audioSeconds({ chunks, size: mp3.length, filename: 'hello.mp3', contentType: 'audio/mpeg' }), 5.436);
  const wav = toneWav(44 + 48_000 * 2 * 3.5);
  const dir = mkdtempSync(path.join(tmpdir(), 'voxgate-usage-spool-'));
  const spooled = path.join(dir, 'upload');
  writeFileSync(spooled, wav.bytes);
  assert.equal(await audioSeconds({ chunks: [], size: wav.bytes.length, filename: 'long.wav', contentType: 'audio/wav', spool: { path: spooled, retain: () => () => undefined } }), 3.5);
  assert.equal(await audioSeconds({ chunks: [Buffer.from('not audio at all, just text')], size: 27, filename: 'x.mp3', contentType: 'audio/mpeg' }), undefined);
});
