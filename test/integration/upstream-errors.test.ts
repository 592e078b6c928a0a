// What the client sees when the provider fails: the vendor's error with its
// status and is_bifrost_error false, or the gateway's own 502/503/504; and
// a client that hangs up aborts the upstream call.
import { after, before, beforeEach, test } from 'node:test';
import assert from 'node:assert/strict';
import { FakeOpenAI, openAIError } from '../fakes/openai.js';
import { fakeAudio } from '../fakes/audio.js';
import { openAIConfig, startGateway, type TestGateway } from '../helpers/gateway.js';
import { expectError, postJson, upload } from '../helpers/http.js';
import { freePort } from '../helpers/redis.js';
import { waitFor } from '../helpers/wait.js';

let fake: FakeOpenAI;
let gw: TestGateway;
const KEY = 'sk-upstream-secret-0123456789';

before(async () => {
  fake = await FakeOpenAI.start({ apiKey: KEY });
  gw = await startGateway({
    providers: {
      openai: { base_url: fake.url, keys: [{ value: KEY }], timeout_s: 1 },
      nokey: { type: 'openai', base_url: fake.url, keys: [{ value: '${NOKEY_API_KEY:-}' }] },
      keyless: { type: 'openai', base_url: fake.url },
      down: { type: 'openai', base_url: `http://127.0.0.1:${await freePort()}/v1`, keys: [{ value: 'x' }] },
    },
    plugins: [],
  });
});
after(async () => {
  await gw.close();
  await fake.close();
});
beforeEach(() => fake.reset());

const transcribe = (model = 'openai/whisper-1') => upload(`${gw.url}/v1/audio/transcriptions`, { fields: { model }, file: { bytes: fakeAudio('mp3', 4096) } });
const speak = (model = 'openai/tts-1') => postJson(`${gw.url}/v1/audio/speech`, { model, input: 'hi', voice: 'alloy' });

test('a vendor error keeps its status, type, code and message, marked as the provider’s', async () => {
  fake.fail({ status: 400, body: openAIError('Audio file might be corrupted or unsupported', 'invalid_value', 'file') });
  const body = await expectError(await transcribe(), 400, 'invalid_value');
  assert.equal(body.is_bifrost_error, false);
  assert.equal(body.error.type, 'invalid_request_error');
  assert.equal(body.error.param, 'file');
  assert.equal(body.error.message, 'Audio file might be corrupted or unsupported');
  assert.deepEqual(body.extra_fields, { provider: 'openai', model_requested: 'whisper-1', request_type: 'transcription' });
});

test('429 keeps Retry-After; 401 from the vendor never shows a key', async () => {
  fake.fail({ status: 429, headers: { 'retry-after': '7' }, body: openAIError('Rate limit reached', 'rate_limit_exceeded', null, 'requests') });
  const limited = await speak();
  assert.equal(limited.headers.get('retry-after'), '7');
  assert.equal((await expectError(limited, 429, 'rate_limit_exceeded')).is_bifrost_error, false);

  fake.fail({ status: 401, body: openAIError(`Incorrect API key provided: ${KEY}.`, 'invalid_api_key') });
  const res = await speak();
  const text = await res.clone().text();
  await expectError(res, 401, 'invalid_api_key');
  assert.ok(!text.includes(KEY) && !text.includes('0123456789'), `the key leaked: ${text}`);
});

test('5xx with an HTML body: the status and a readable excerpt', async () => {
  fake.fail({ status: 503, body: '<html><body><h1>503 Service Temporarily Unavailable</h1></body></html>' });
  const body = await expectError(await speak(), 503);
  assert.match(body.error.message, /answered 503: 503 Service Temporarily Unavailable/);
  assert.equal(body.is_bifrost_error, false);
});

test('an upstream slower than timeout_s is a 504', async () => {
  fake.fail({ delayMs: 2500 });
  const body = await expectError(await transcribe(), 504, 'upstream_timeout');
  assert.match(body.error.message, /within 1 s/);
  assert.equal(body.is_bifrost_error, true);
});

test('a provider that refuses connections is a 502', async () => {
  const body = await expectError(await speak('down/tts-1'), 502, 'upstream_unreachable');
  assert.match(body.error.message, /"down" could not be reached/);
});

test('an answer cut mid-body, or a transcript that is not JSON, is a 502', async () => {
  fake.fail({ resetMidBody: true });
  await expectError(await transcribe(), 502, 'upstream_unreachable');
  fake.fail({ status: 200, body: 'this is not json' });
  await expectError(await transcribe(), 502, 'upstream_invalid_response');
});

test('a provider whose key variable is unset answers 503 naming the variable', async () => {
  const body = await expectError(await speak('nokey/tts-1'), 503, 'provider_key_missing');
  assert.match(body.error.message, /set NOKEY_API_KEY/);
  assert.equal(fake.requests.length, 0);
});

test('a provider configured without keys is called without credentials', async () => {
  const res = await speak('keyless/tts-1');
  await res.arrayBuffer();
  assert.equal(fake.last.headers.authorization, undefined);
});

test('a client that hangs up aborts the upstream call at once', async () => {
  fake.fail({ hang: true });
  const controller = new AbortController();
  const pending = upload(`${gw.url}/v1/audio/transcriptions`, { fields: { model: 'openai/whisper-1' }, file: { bytes: fakeAudio('mp3', 4096) }, signal: controller.signal });
  await waitFor(() => fake.requests.length === 1, 'the upstream call to start');
  controller.abort();
  await assert.rejects(pending);
  await waitFor(() => fake.last.aborted, 'the fake upstream to see the abort');
});

test('the gateway stays up through all of it', async () => {
  const res = await speak();
  assert.equal(res.status, 200);
  assert.ok(Buffer.from(await res.arrayBuffer()).length > 0);
});
