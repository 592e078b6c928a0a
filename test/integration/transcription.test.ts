// POST /v1/audio/transcriptions through the gateway to the fake OpenAI, in
// every format, with the upstream request checked field by field.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fakeAudio, sha256 } from '../fakes/audio.js';
import { withOpenAIGateway } from '../helpers/setup.js';
import { upload } from '../helpers/http.js';

const setup = withOpenAIGateway();

const audio = fakeAudio('mp3', 300_000);

const transcribe = (fields: Record<string, string | string[]>, path = '/v1/audio/transcriptions', headers?: Record<string, string>) =>
  upload(setup.gw.url + path, { fields: { model: 'openai/whisper-1', ...fields }, file: { bytes: audio, filename: 'meeting.mp3' }, headers });

test('json: the transcript with extra_fields, and the exact audio upstream', async () => {
  const res = await transcribe({});
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-type')!, /^application\/json/);
  const body = (await res.json()) as { text: string; usage: unknown; extra_fields: Record<string, unknown> };
  assert.equal(body.text, setup.fake.transcript);
  assert.deepEqual(body.usage, { type: 'duration', seconds: 3 });
  assert.equal(body.extra_fields.request_type, 'transcription');
  assert.equal(body.extra_fields.provider, 'openai');
  assert.equal(body.extra_fields.model_requested, 'whisper-1');
  assert.equal(typeof body.extra_fields.latency, 'number');

  const up = setup.fake.last;
  assert.equal(up.path, '/v1/audio/transcriptions');
  assert.equal(up.headers.authorization, 'Bearer sk-upstream-test-key');
  assert.deepEqual(up.fields.model, ['whisper-1'], 'the provider prefix is not sent upstream');
  assert.deepEqual(up.fields.response_format, ['json']);
  assert.equal(up.files.length, 1);
  assert.equal(up.files[0]!.filename, 'meeting.mp3');
  assert.equal(sha256(up.files[0]!.bytes), sha256(audio));
  assert.equal(up.headers['x-request-id'], res.headers.get('x-request-id'), 'the request id travels upstream');
});

test('verbose_json with word and segment timestamps', async () => {
  const res = await transcribe({ response_format: 'verbose_json', 'timestamp_granularities[]': ['word', 'segment'] });
  assert.equal(res.status, 200);
  const body = (await res.json()) as { words: Array<{ word: string; start: number; end: number }>; segments: unknown[]; duration: number; extra_fields: object };
  assert.equal(body.words.length, 5);
  assert.deepEqual(body.words[0], { word: 'Hello', start: 0, end: 0.5 });
  assert.equal(body.segments.length, 1);
  assert.deepEqual(setup.fake.last.fields['timestamp_granularities[]'], ['word', 'segment']);
});

for (const [format, type, expected] of [
  ['text', 'text/plain', 'Hello from the fake transcriber.\n'],
  ['srt', 'text/plain', '1\n00:00:00,000 --> 00:00:02,500\nHello from the fake transcriber.\n\n'],
  ['vtt', 'text/plain', 'WEBVTT\n\n00:00:00.000 --> 00:00:02.500\nHello from the fake transcriber.\n\n'],
] as const) {
  test(`${format}: plain text as the vendor wrote it, served-by in headers`, async () => {
    const res = await transcribe({ response_format: format });
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type')!, new RegExp(`^${type}`));
    assert.equal(await res.text(), expected);
    assert.equal(res.headers.get('x-bf-provider'), 'openai');
    assert.equal(res.headers.get('x-bf-model'), 'whisper-1');
    assert.match(res.headers.get('x-bf-latency-ms')!, /^\d+$/);
  });
}

test('every field is passed on, including ones the gateway does not model', async () => {
  const res = await transcribe({
    language: 'de',
    prompt: 'Grüße, "quoted" — ünïcödé',
    temperature: '0.2',
    'include[]': 'logprobs',
    chunking_strategy: 'auto',
  });
  assert.equal(res.status, 200);
  const f = setup.fake.last.fields;
  assert.deepEqual(f.language, ['de']);
  assert.deepEqual(f.prompt, ['Grüße, "quoted" — ünïcödé']);
  assert.deepEqual(f.temperature, ['0.2']);
  assert.deepEqual(f['include[]'], ['logprobs']);
  assert.deepEqual(f.chunking_strategy, ['auto']);
});

test('gateway-only fields (fallbacks, file_format) are not sent upstream; file_format names the container', async () => {
  const res = await upload(`${setup.gw.url}/v1/audio/transcriptions`, {
    fields: { model: 'openai/whisper-1', fallbacks: ['openai/whisper-1', 'openai/gpt-4o-transcribe'], file_format: 'wav' },
    file: { bytes: audio, filename: 'blob', type: 'application/octet-stream' },
  });
  assert.equal(res.status, 200);
  assert.equal(setup.fake.last.fields.fallbacks, undefined);
  assert.equal(setup.fake.last.fields.file_format, undefined);
  assert.equal(setup.fake.last.files[0]!.filename, 'blob.wav');
});

test('fallbacks may come repeated, as fallbacks[], or as one JSON array', async () => {
  const forms: Array<Record<string, string | string[]>> = [
    { fallbacks: ['openai/a', 'openai/b'] },
    { 'fallbacks[]': ['openai/a', 'openai/b'] },
    { fallbacks: '["openai/a","openai/b"]' },
  ];
  for (const fields of forms) {
    const res = await transcribe(fields);
    assert.equal(res.status, 200, JSON.stringify(fields));
  }
  const bad = await transcribe({ 'fallbacks[]': ['nope/x'] });
  assert.equal(bad.status, 400);
  assert.equal(((await bad.json()) as { error: { param: string } }).error.param, 'fallbacks[0]');
});

test('the /openai/v1 alias serves the same route', async () => {
  const res = await transcribe({ response_format: 'text' }, '/openai/v1/audio/transcriptions');
  assert.equal(res.status, 200);
  assert.equal(await res.text(), `${setup.fake.transcript}\n`);
});

test('a client request id is kept and echoed; otherwise one is made', async () => {
  const mine = await transcribe({}, undefined, { 'x-request-id': 'client-id-123' });
  assert.equal(mine.headers.get('x-request-id'), 'client-id-123');
  const made = await transcribe({}, undefined, { 'x-request-id': 'bad id with spaces <script>' });
  assert.match(made.headers.get('x-request-id')!, /^[0-9a-f-]{36}$/);
});
