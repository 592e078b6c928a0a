// Redis going away and coming back while the gateway runs: /ready says so,
// requests that need the store answer clearly (cache: a miss; limits: the
// configured policy; jobs: 503 with Retry-After), and it all works again once
// Redis is back, without a restart.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { FakeOpenAI } from '../fakes/openai.js';
import { fakeAudio } from '../fakes/audio.js';
import { startGateway, type TestGateway } from '../helpers/gateway.js';
import { expectError, postJson, upload } from '../helpers/http.js';
import { startRedis, type RedisServer } from '../helpers/redis.js';
import { waitFor } from '../helpers/wait.js';

let redis: RedisServer;
let fake: FakeOpenAI;
let gw: TestGateway;

before(async () => {
  redis = await startRedis();
  fake = await FakeOpenAI.start();
  gw = await startGateway({
    store: { url: redis.url },
    providers: { openai: { base_url: fake.url } },
    auth: { required: false },
    plugins: [{ name: 'auth' }, { name: 'rate-limit', requests_per_minute: 1000, on_store_error: 'allow' }, { name: 'async-job' }, { name: 'cache' }, { name: 'logging' }],
  });
});
after(async () => {
  await gw.close();
  await fake.close();
  await redis.stop();
});

const speak = () => postJson(`${gw.url}/v1/audio/speech`, { model: 'openai/tts-1', voice: 'alloy', input: 'outage' }, { 'x-bf-cache-key': 'outage' });
const submit = () => upload(`${gw.url}/v1/async/audio/transcriptions`, { fields: { model: 'openai/whisper-1' }, file: { bytes: fakeAudio('mp3', 2000) } });

test('while Redis is down every request answers clearly, and all recovers when it is back', async () => {
  assert.equal((await fetch(`${gw.url}/ready`)).status, 200);
  await redis.stop();

  const ready = await expectError(await fetch(`${gw.url}/ready`), 503, 'not_ready');
  assert.match(ready.error.message, /redis store does not answer/);
  const started = Date.now();
  const audio = await speak();
  assert.equal(audio.status, 200, 'the cache misses and the limits let it through (on_store_error: allow)');
  assert.equal(JSON.parse(audio.headers.get('x-bf-cache-debug')!).cache_hit, false);
  await audio.arrayBuffer();
  const job = await submit();
  assert.ok(job.headers.get('retry-after'));
  await expectError(job, 503, 'store_unavailable');
  assert.ok(Date.now() - started < 5000, 'nothing hung on the dead store');
  assert.match(gw.logs.text, /store unreachable/);

  await redis.restart();
  await waitFor(async () => (await fetch(`${gw.url}/ready`)).status === 200, 'the gateway to see Redis again', 10_000);
  const accepted = await submit();
  assert.equal(accepted.status, 202);
  const { id } = (await accepted.json()) as { id: string };
  await waitFor(async () => (await fetch(`${gw.url}/v1/async/audio/transcriptions/${id}`)).status === 200, 'the job to finish');
  await (await speak()).arrayBuffer();
  await waitFor(async () => {
    const res = await speak();
    await res.arrayBuffer();
    return JSON.parse(res.headers.get('x-bf-cache-debug')!).cache_hit === true;
  }, 'the cache to work again');
});
