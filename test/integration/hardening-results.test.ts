// Hardening, item 2 (finished async results): stored results are bounded per
// principal (max_result_mb_per_key → 429 result_budget_exceeded) and in
// total (max_stored_results_mb → 503 result_storage_full), each with
// Retry-After; speech audio is kept as bytes beside the job record (here in
// a real redis-server), never as base64 inside it.
import { after, before, beforeEach, test } from 'node:test';
import assert from 'node:assert/strict';
import { createClient } from '@keyv/redis';
import { FakeOpenAI } from '../fakes/openai.js';
import { fakeAudio } from '../fakes/audio.js';
import { startGateway, type TestGateway } from '../helpers/gateway.js';
import { expectError, postJson } from '../helpers/http.js';
import { startRedis, type RedisServer } from '../helpers/redis.js';
import { TEAM_A, TEAM_B, bearer, builtinChain, defaultChainConfig, finishedJob } from '../helpers/hardening.js';
import { UPSTREAM_KEY } from '../helpers/setup.js';

const AUDIO_BYTES = 128 * 1024;
let fake: FakeOpenAI;
let redis: RedisServer;
let gw: TestGateway;

before(async () => {
  fake = await FakeOpenAI.start({ apiKey: UPSTREAM_KEY });
  redis = await startRedis();
  gw = await startGateway(
    defaultChainConfig(
      { openai: { base_url: fake.url, keys: [{ value: UPSTREAM_KEY }] } },
      {
        store: { url: redis.url },
        // Two results fill one key's budget; three fill the gateway's.
        plugins: builtinChain({ 'async-job': { max_result_mb_per_key: 0.25, max_stored_results_mb: 0.375, retry_after_s: 7, sweep_interval_s: 0.2 } }),
      },
    ),
  );
});
after(async () => {
  await gw.close();
  await fake.close();
  await redis.stop();
});
beforeEach(() => {
  fake.reset();
  fake.speechBytes = AUDIO_BYTES;
});

const submit = (key: string, ttl = '600') =>
  postJson(`${gw.url}/v1/async/audio/speech`, { model: 'openai/tts-1', input: 'hello', voice: 'alloy', response_format: 'wav' }, { ...bearer(key), 'x-bf-async-job-result-ttl': ttl });

async function completed(key: string, ttl?: string): Promise<string> {
  const res = await submit(key, ttl);
  assert.equal(res.status, 202, await res.clone().text());
  const { id } = (await res.json()) as { id: string };
  const job = await finishedJob(`${gw.url}/v1/async/audio/speech/${id}`, bearer(key));
  assert.equal(job.status, 'completed', JSON.stringify(job.error));
  return id;
}

test('speech audio is stored as bytes beside the record; the job still answers base64 and /content the raw audio', async () => {
  const id = await completed(TEAM_A, '3');
  const client = createClient({ url: redis.url });
  await client.connect();
  try {
    const keys = await client.keys(`*${id}*`);
    const recordKey = keys.find((k) => !k.includes(':bytes:'));
    const bytesKey = keys.find((k) => k.includes(':bytes:'));
    assert.ok(recordKey && bytesKey, `a record and its bytes: ${keys.join(', ')}`);
    const record = (await client.get(recordKey)) ?? '';
    assert.ok(record.length < 2000, `the record is metadata only (${record.length} bytes)`);
    assert.doesNotMatch(record, /"audio":/);
    assert.match(record, new RegExp(`"audio_bytes":${AUDIO_BYTES}`));
    assert.equal(await client.strLen(bytesKey), AUDIO_BYTES);
  } finally {
    await client.close();
  }
  const job = await finishedJob(`${gw.url}/v1/async/audio/speech/${id}`, bearer(TEAM_A));
  const expected = fakeAudio('wav', AUDIO_BYTES);
  assert.equal(job.result?.audio, expected.toString('base64'));
  const content = await fetch(`${gw.url}/v1/async/audio/speech/${id}/content`, { headers: bearer(TEAM_A) });
  assert.equal(content.status, 200);
  assert.ok(Buffer.from(await content.arrayBuffer()).equals(expected));

  // Its 3 s TTL ends: the bytes are given back to both budgets by the sweep.
  await new Promise((r) => setTimeout(r, 3500));
});

test('past max_result_mb_per_key a key’s submits get 429 result_budget_exceeded; past max_stored_results_mb everyone’s get 503', async () => {
  await completed(TEAM_A);
  await completed(TEAM_A);
  const refused = await submit(TEAM_A);
  const body = await expectError(refused, 429, 'result_budget_exceeded');
  assert.match(body.error.message, /max_result_mb_per_key/);
  const wait = Number(refused.headers.get('retry-after'));
  assert.ok(wait >= 1 && wait <= 600, `Retry-After: ${refused.headers.get('retry-after')}`);
  // Another key still has its own budget, until the total is full.
  await completed(TEAM_B);
  const full = await submit(TEAM_B);
  await expectError(full, 503, 'result_storage_full');
  assert.ok(Number(full.headers.get('retry-after')) >= 1);
  assert.equal(fake.requests.length, 3, 'refused submits never reach the upstream');
  assert.equal((await fetch(`${gw.url}/health`)).status, 200);
});
