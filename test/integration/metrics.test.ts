// GET /metrics after real traffic: requests by route/provider/model/status,
// upstream time and gateway overhead apart, bytes, and what each plugin
// counts (retries, fallbacks, cache, jobs, rate-limit refusals). And /ready.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { FakeOpenAI } from '../fakes/openai.js';
import { fakeAudio } from '../fakes/audio.js';
import { startGateway, type TestGateway } from '../helpers/gateway.js';
import { expectError, postJson, upload } from '../helpers/http.js';
import { waitFor } from '../helpers/wait.js';

let fake: FakeOpenAI;
let gw: TestGateway;

before(async () => {
  fake = await FakeOpenAI.start();
  gw = await startGateway({
    providers: { openai: { base_url: fake.url }, backup: { type: 'openai', base_url: fake.url } },
    auth: { required: false },
    plugins: [{ name: 'auth' }, { name: 'rate-limit', characters_per_minute: 40 }, { name: 'async-job' }, { name: 'cache' }, { name: 'fallback', max_retries: 1, backoff_ms: 1 }, { name: 'logging' }],
  });
});
after(async () => {
  await gw.close();
  await fake.close();
});

/** The sum of the samples whose labels include these, e.g. metric(text, 'voxgate_requests_total', {route: 'speech'}). */
function metric(text: string, name: string, labels: Record<string, string> = {}): number {
  const lines = text.split('\n').filter((l) => l.startsWith(`${name}{`) || l.startsWith(`${name} `));
  const wanted = Object.entries(labels).map(([k, v]) => `${k}="${v}"`);
  const matching = lines.filter((l) => wanted.every((w) => l.includes(w)));
  if (matching.length === 0) throw new Error(`no sample ${name}${JSON.stringify(labels)} in:\n${lines.join('\n')}`);
  return matching.reduce((sum, l) => sum + Number(l.slice(l.lastIndexOf(' ') + 1)), 0);
}

test('the metrics say what happened', async () => {
  const speak = (body: Record<string, unknown>, headers: Record<string, string> = {}) => postJson(`${gw.url}/v1/audio/speech`, { model: 'openai/tts-1', voice: 'alloy', input: 'hi', ...body }, headers);
  await (await speak({})).arrayBuffer();
  await (await speak({ model: 'nowhere/tts-1' })).text();
  fake.fail({ status: 500, times: 2 });
  await (await speak({ fallbacks: ['backup/tts-1'] })).arrayBuffer();
  const cached = { 'x-bf-cache-key': 'm' };
  await (await speak({ input: 'cache' }, cached)).arrayBuffer();
  await waitFor(async () => {
    const res = await speak({ input: 'cache' }, cached);
    await res.arrayBuffer();
    return JSON.parse(res.headers.get('x-bf-cache-debug')!).cache_hit === true;
  }, 'a cache hit');
  await expectError(await speak({ input: 'x'.repeat(41) }), 400, 'input_exceeds_character_limit');
  const job = (await (await upload(`${gw.url}/v1/async/audio/transcriptions`, { fields: { model: 'openai/whisper-1' }, file: { bytes: fakeAudio('mp3', 5000) } })).json()) as { id: string };
  await waitFor(async () => (await fetch(`${gw.url}/v1/async/audio/transcriptions/${job.id}`)).status === 200, 'the job');

  const res = await fetch(`${gw.url}/metrics`);
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-type')!, /^text\/plain; version=0\.0\.4/);
  const text = await res.text();
  assert.ok(metric(text, 'voxgate_requests_total', { route: 'speech', provider: 'openai', model: 'tts-1', status: '200' }) >= 2);
  assert.equal(metric(text, 'voxgate_requests_total', { route: 'speech', status: '400' }), 2);
  assert.equal(metric(text, 'voxgate_requests_total', { route: 'speech', provider: 'backup', status: '200' }), 1);
  assert.ok(metric(text, 'voxgate_upstream_duration_seconds_count', { provider: 'openai', model: 'tts-1' }) >= 2);
  assert.ok(metric(text, 'voxgate_overhead_duration_seconds_count', { route: 'speech' }) >= 3);
  assert.ok(metric(text, 'voxgate_bytes_out_total', { route: 'speech' }) > fake.speechBytes);
  assert.ok(metric(text, 'voxgate_bytes_in_total', { route: 'async_transcription' }) > 5000);
  assert.equal(metric(text, 'voxgate_retries_total', { provider: 'openai', model: 'tts-1' }), 1);
  assert.equal(metric(text, 'voxgate_fallbacks_total', { provider: 'openai', model: 'tts-1' }), 1);
  assert.ok(metric(text, 'voxgate_cache_lookups_total', { result: 'hit' }) >= 1);
  assert.ok(metric(text, 'voxgate_cache_lookups_total', { result: 'miss' }) >= 1);
  assert.equal(metric(text, 'voxgate_rate_limit_refusals_total', { limit: 'input' }), 1);
  assert.equal(metric(text, 'voxgate_async_jobs_finished_total', { kind: 'transcription', status: 'completed' }), 1);
  assert.equal(metric(text, 'voxgate_async_jobs', { state: 'pending' }), 0);
  assert.equal(metric(text, 'voxgate_async_queued_bytes'), 0);
  assert.ok(metric(text, 'voxgate_process_resident_memory_bytes') > 0);
});

test('/health and /ready', async () => {
  assert.deepEqual(await (await fetch(`${gw.url}/health`)).json(), { status: 'ok' });
  const { details, ...ready } = (await (await fetch(`${gw.url}/ready`)).json()) as Record<string, unknown>;
  assert.deepEqual(ready, { status: 'ready', store: 'memory', providers: ['openai', 'backup'] });
  assert.equal((details as Record<string, unknown>).long_audio, 'on', 'ffmpeg is installed on the test machine');
});

test('metrics can be turned off, and a gateway without providers is not ready', async () => {
  const bare = await startGateway({ server: { metrics: false }, providers: {}, plugins: [] });
  try {
    await expectError(await fetch(`${bare.url}/metrics`), 404, 'route_not_found');
    const body = await expectError(await fetch(`${bare.url}/ready`), 503, 'not_ready');
    assert.match(body.error.message, /No provider is configured/);
  } finally {
    await bare.close();
  }
});
