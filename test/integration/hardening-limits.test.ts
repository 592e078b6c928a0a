// Hardening, items 2–4 and 6: what one client must not be able to do with
// its own input. Model names are checked (length, characters) before any
// upstream call; metric labels stay bounded however many names clients
// invent; log lines stay short; fallbacks and total attempts are capped;
// deep JSON is a 400, not a stack overflow; and when every fallback fails the
// primary's error is answered under the primary's name.
import { after, before, beforeEach, test } from 'node:test';
import assert from 'node:assert/strict';
import { FakeOpenAI } from '../fakes/openai.js';
import { fakeAudio } from '../fakes/audio.js';
import { startGateway, type TestGateway } from '../helpers/gateway.js';
import { expectError, postJson, upload } from '../helpers/http.js';
import { TEAM_A, bearer, builtinChain, defaultChainConfig } from '../helpers/hardening.js';
import { UPSTREAM_KEY } from '../helpers/setup.js';

let fake: FakeOpenAI;
let gw: TestGateway;

before(async () => {
  fake = await FakeOpenAI.start({ apiKey: UPSTREAM_KEY });
  const provider = { base_url: fake.url, keys: [{ value: UPSTREAM_KEY }] };
  gw = await startGateway(
    defaultChainConfig(
      { openai: provider, second: { ...provider, type: 'openai' } },
      // The whole built-in chain; the fallback plugin with short backoffs so retries are quick.
      { plugins: builtinChain({ fallback: { backoff_ms: 1, max_backoff_ms: 2 } }) },
    ),
  );
});
after(async () => {
  await gw.close();
  await fake.close();
});
beforeEach(() => fake.reset());

const auth = bearer(TEAM_A);
const transcribe = (fields: Record<string, string | string[]>, path = '/v1/audio/transcriptions') =>
  upload(`${gw.url}${path}`, { fields, file: { bytes: fakeAudio('mp3', 2048) }, headers: auth });
const speak = (body: unknown, path = '/v1/audio/speech') => postJson(`${gw.url}${path}`, body, auth);

test('model names: over 200 characters, control or non-Latin-1 characters are a 400 before any upstream call', async () => {
  const cases: Array<[string, string]> = [
    ['too long', `openai/${'m'.repeat(200)}`],
    ['a control character', 'openai/whisper-1\u0001'],
    ['a NUL', 'openai/whis\u0000per'],
    ['a non-Latin-1 character', 'openai/whisper-１'],
    ['a space', 'openai/whisper 1'],
  ];
  for (const [what, model] of cases) {
    const body = await expectError(await transcribe({ model }), 400, 'invalid_model');
    assert.equal(body.error.param, 'model', what);
    const spoken = await expectError(await speak({ model, input: 'hi', voice: 'alloy' }), 400, 'invalid_model');
    assert.equal(spoken.error.param, 'model', what);
    const async = await expectError(await speak({ model, input: 'hi', voice: 'alloy' }, '/v1/async/audio/speech'), 400, 'invalid_model');
    assert.equal(async.error.param, 'model', what);
  }
  const fallback = await expectError(await speak({ model: 'openai/tts-1', input: 'hi', voice: 'alloy', fallbacks: ['second/tts\u00071'] }), 400, 'invalid_model');
  assert.equal(fallback.error.param, 'fallbacks[0]');
  // Exactly 200 characters, from the whole safe set, is a name like any other (the fake serves any model).
  const longest = `openai/${'a1/._:-@'.repeat(25)}`.slice(0, 200);
  assert.equal((await speak({ model: longest, input: 'hi', voice: 'alloy' })).status, 200);
  assert.equal(fake.requests.length, 1, 'only the valid name reached the upstream');
});

test('metrics labels: client-invented model names count as "other"; a served model keeps its name', async () => {
  assert.equal((await speak({ model: 'openai/tts-1', input: 'hi', voice: 'alloy' })).status, 200);
  for (let i = 0; i < 40; i++) {
    fake.fail({ status: 404, body: { error: { message: 'The model does not exist', type: 'invalid_request_error', code: 'model_not_found', param: null } } });
    assert.equal((await speak({ model: `openai/invented-${i}`, input: 'hi', voice: 'alloy' })).status, 404);
  }
  const metrics = await (await fetch(`${gw.url}/metrics`)).text();
  assert.doesNotMatch(metrics, /invented-/, 'no client-sent model name becomes a label');
  assert.match(metrics, /voxgate_requests_total\{route="speech",provider="openai",model="other",status="404"\} 40/);
  assert.match(metrics, /voxgate_requests_total\{route="speech",provider="openai",model="tts-1",status="200"\}/);
});

test('log lines cut long client strings', async () => {
  const path = `/v1/${'x'.repeat(5000)}`;
  await expectError(await fetch(gw.url + path), 404, 'route_not_found');
  const line = gw.logs.records.find((r) => typeof r.path === 'string' && r.path.startsWith('/v1/xxx'));
  assert.ok(line, 'the request has its log line');
  assert.ok((line.path as string).length <= 260, `the logged path is ${(line.path as string).length} characters`);
  assert.ok(JSON.stringify(line).length < 2000);
});

test('more fallbacks than max_fallbacks (3): 400 too_many_fallbacks, sync and async, before any call', async () => {
  const fallbacks = ['second/tts-1', 'second/tts-1', 'second/tts-1', 'second/tts-1'];
  const body = await expectError(await speak({ model: 'openai/tts-1', input: 'hi', voice: 'alloy', fallbacks }), 400, 'too_many_fallbacks');
  assert.equal(body.error.param, 'fallbacks');
  await expectError(await speak({ model: 'openai/tts-1', input: 'hi', voice: 'alloy', fallbacks }, '/v1/async/audio/speech'), 400, 'too_many_fallbacks');
  await expectError(await transcribe({ model: 'openai/whisper-1', 'fallbacks[]': fallbacks.map((f) => f.replace('tts-1', 'whisper-1')) }), 400, 'too_many_fallbacks');
  await expectError(await speak({ model: 'openai/tts-1', input: 'hi', voice: 'alloy', fallbacks: Array(5000).fill('second/tts-1') }), 400, 'too_many_fallbacks');
  assert.equal(fake.requests.length, 0);
  // Three are fine.
  assert.equal((await speak({ model: 'openai/tts-1', input: 'hi', voice: 'alloy', fallbacks: fallbacks.slice(1) })).status, 200);
});

test('every fallback fails: the primary’s error, under the primary’s provider and model, every attempt listed, at most max_attempts (8) calls', async () => {
  fake.fail({ status: 503, times: 100, body: { error: { message: 'The engine is overloaded', type: 'server_error', code: 'overloaded', param: null } } });
  const body = await expectError(await transcribe({ model: 'openai/whisper-1', 'fallbacks[]': ['second/whisper-1', 'second/whisper-x', 'openai/whisper-y'] }), 503, 'overloaded');
  assert.equal(body.is_bifrost_error, false);
  assert.equal(body.extra_fields.provider, 'openai');
  assert.equal(body.extra_fields.model_requested, 'whisper-1');
  const attempts = body.extra_fields.attempts as Array<{ provider: string; model: string; status: number }>;
  // 4 targets × 3 tries each would be 12 calls; the request is bounded at 8.
  assert.equal(attempts.length, 8);
  assert.equal(fake.requests.length, 8);
  assert.deepEqual(
    attempts.map((a) => `${a.provider}/${a.model}`),
    ['openai/whisper-1', 'openai/whisper-1', 'openai/whisper-1', 'second/whisper-1', 'second/whisper-1', 'second/whisper-1', 'second/whisper-x', 'second/whisper-x'],
  );
  assert.ok(attempts.every((a) => a.status === 503));
});

test('deeply nested JSON in a pass-through field: 400 json_too_deep, sync and async, before any call', async () => {
  const deep = `{"model":"openai/tts-1","input":"hi","voice":"alloy","extra":${'['.repeat(5000)}${']'.repeat(5000)}}`;
  for (const path of ['/v1/audio/speech', '/v1/async/audio/speech']) {
    const body = await expectError(await speak(deep, path), 400, 'json_too_deep');
    assert.match(body.error.message, /32 levels/);
  }
  // Brackets inside strings are text, not nesting.
  assert.equal((await speak({ model: 'openai/tts-1', input: '['.repeat(100), voice: 'alloy' })).status, 200);
  assert.equal(fake.requests.length, 1);
});
