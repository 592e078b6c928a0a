// Deepgram through the gateway, against the fake written from its reference:
// the exact /v1/listen and /v1/speak calls (path, query, headers, body),
// every transcription format built from Deepgram's words and utterances,
// speakers when diarizing, the speech formats' encodings, the voice map, the
// 2,000-character limit, and Deepgram's errors in the gateway's shape.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fakeAudio, sha256 } from '../fakes/audio.js';
import { FakeDeepgram, deepgramError } from '../fakes/deepgram.js';
import { expectError, postJson, upload } from '../helpers/http.js';
import { withFakeGateway } from '../helpers/setup.js';

const KEY = 'dg-upstream-key-0123456789abcdef';

const setup = withFakeGateway(
  () => FakeDeepgram.start({ apiKey: KEY }),
  (fake) => ({ providers: { deepgram: { base_url: fake.origin, keys: [{ value: KEY }] } }, plugins: [{ name: 'logging' }] }),
);

const audio = fakeAudio('wav', 100_000);
const transcribe = (fields: Record<string, string>) =>
  upload(`${setup.gw.url}/v1/audio/transcriptions`, { fields: { model: 'deepgram/nova-3', ...fields }, file: { bytes: audio, filename: 'call.wav', type: 'audio/wav' } });
const speak = (body: Record<string, unknown>) => postJson(`${setup.gw.url}/v1/audio/speech`, { model: 'deepgram/aura-2', input: 'Hello there.', voice: 'aura-2-thalia-en', ...body });

test('json: the raw audio as the body with its own content type, the Token key, the options in the query', async () => {
  const res = await transcribe({ language: 'en' });
  assert.equal(res.status, 200);
  const { extra_fields: extra, ...body } = (await res.json()) as Record<string, unknown> & { extra_fields: Record<string, unknown> };
  assert.deepEqual(body, { text: 'Hello there. How are you today?' });
  assert.equal(extra.provider, 'deepgram');
  const up = setup.fake.last;
  assert.equal(up.path, '/v1/listen');
  assert.deepEqual(up.query, { model: 'nova-3', smart_format: 'true', punctuate: 'true', language: 'en' });
  assert.equal(up.headers.authorization, `Token ${KEY}`);
  assert.equal(up.headers['content-type'], 'audio/wav');
  assert.equal(sha256(up.raw), sha256(audio), 'the upload, byte for byte, not multipart');
});

test('verbose_json with diarize: utterances as segments, punctuated words, speakers on both', async () => {
  const res = await transcribe({ response_format: 'verbose_json', diarize: 'true' });
  assert.equal(res.status, 200);
  const body = (await res.json()) as Record<string, unknown>;
  assert.deepEqual(setup.fake.last.query, { model: 'nova-3', smart_format: 'true', punctuate: 'true', diarize: 'true', utterances: 'true' });
  assert.equal(body.task, 'transcribe');
  assert.equal(body.duration, 3.1);
  assert.deepEqual(body.segments, [
    { id: 0, start: 0.1, end: 1, text: 'Hello there.', speaker: 'speaker_0' },
    { id: 1, start: 1.1, end: 3, text: 'How are you today?', speaker: 'speaker_1' },
  ]);
  assert.deepEqual((body.words as unknown[]).slice(1, 3), [
    { word: 'there.', start: 0.6, end: 1, speaker: 'speaker_0' },
    { word: 'How', start: 1.1, end: 1.5, speaker: 'speaker_1' },
  ]);
});

test('text, srt and vtt are rendered from the utterances; vtt names the speakers', async () => {
  assert.equal(await (await transcribe({ response_format: 'text' })).text(), 'Hello there. How are you today?\n');
  assert.equal(setup.fake.last.query.utterances, undefined, 'text needs no utterances');
  assert.equal(await (await transcribe({ response_format: 'srt' })).text(), '1\n00:00:00,100 --> 00:00:01,000\nHello there.\n\n2\n00:00:01,100 --> 00:00:03,000\nHow are you today?\n\n');
  const vtt = await (await transcribe({ response_format: 'vtt', diarize: 'true' })).text();
  assert.equal(vtt, 'WEBVTT\n\n00:00:00.100 --> 00:00:01.000\n<v speaker_0>Hello there.\n\n00:00:01.100 --> 00:00:03.000\n<v speaker_1>How are you today?\n\n');
});

test("Deepgram's own options pass as query parameters; prompt and temperature are reported as ignored", async () => {
  const res = await transcribe({ keyterm: 'Voxgate', prompt: 'a call', temperature: '0.2' });
  const body = (await res.json()) as { extra_fields: { ignored_params?: string[] } };
  assert.equal(setup.fake.last.query.keyterm, 'Voxgate');
  assert.deepEqual(body.extra_fields.ignored_params, ['prompt', 'temperature']);
});

test('translations are refused before any call: Deepgram does not translate', async () => {
  const res = await upload(`${setup.gw.url}/v1/audio/translations`, { fields: { model: 'deepgram/nova-3' }, file: { bytes: audio, filename: 'a.wav', type: 'audio/wav' } });
  await expectError(res, 400, 'unsupported_by_provider');
  assert.equal(setup.fake.requests.length, 0);
});

for (const [format, query, type] of [
  ['mp3', { encoding: 'mp3' }, 'audio/mpeg'],
  ['opus', { encoding: 'opus', container: 'ogg' }, 'audio/ogg'],
  ['aac', { encoding: 'aac' }, 'audio/aac'],
  ['flac', { encoding: 'flac', sample_rate: '48000' }, 'audio/flac'],
  ['wav', { encoding: 'linear16', container: 'wav', sample_rate: '24000' }, 'audio/wav'],
  ['pcm', { encoding: 'linear16', container: 'none', sample_rate: '24000' }, 'audio/pcm'],
] as const) {
  test(`speech ${format}: /v1/speak with ${JSON.stringify(query)} and {"text"}`, async () => {
    const res = await speak({ response_format: format });
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('content-type'), type);
    assert.ok((await res.arrayBuffer()).byteLength > 0);
    const up = setup.fake.last;
    assert.equal(up.path, '/v1/speak');
    assert.deepEqual(up.query, { model: 'aura-2-thalia-en', ...query });
    assert.deepEqual(up.json, { text: 'Hello there.' });
    assert.equal(up.headers.authorization, `Token ${KEY}`);
    assert.equal(up.headers['content-type'], 'application/json');
  });
}

test('voices: OpenAI names map to Aura voices, bare Aura names are completed, unknown ones are refused naming the voices', async () => {
  await (await speak({ voice: 'alloy' })).arrayBuffer();
  assert.equal(setup.fake.last.query.model, 'aura-2-thalia-en');
  await (await speak({ voice: 'zeus' })).arrayBuffer();
  assert.equal(setup.fake.last.query.model, 'aura-2-zeus-en');
  setup.fake.reset();
  const body = await expectError(await speak({ voice: 'Kore' }), 400, 'unknown_voice');
  assert.equal(body.error.param, 'voice');
  assert.match(body.error.message, /aura-2-thalia-en/);
  assert.equal(setup.fake.requests.length, 0);
});

test('more than 2,000 characters is split into calls of at most 2,000 (the declared limit), joined into one answer; speed is passed, instructions reported', async () => {
  const input = 'Every word counts here. '.repeat(100).trim(); // 2,399 characters
  const long = await speak({ input, response_format: 'pcm' });
  assert.equal(long.status, 200);
  const audio = Buffer.from(await long.arrayBuffer());
  const calls = setup.fake.requests.filter((r) => r.path === '/v1/speak');
  assert.ok(calls.length >= 2, `${calls.length} calls`);
  const texts = calls.map((r) => (JSON.parse(r.raw.toString()) as { text: string }).text);
  for (const text of texts) assert.ok(text.length <= 2000, `a call of ${text.length} characters`);
  assert.equal(texts.join(' '), input);
  assert.ok(audio.length > 0);
  setup.fake.reset();
  const res = await speak({ speed: 1.2, instructions: 'calm' });
  await res.arrayBuffer();
  assert.equal(setup.fake.last.query.speed, '1.2');
  assert.equal(res.headers.get('x-bf-ignored-params'), '["instructions"]');
});

test("Deepgram's errors keep their status and message; the key never reaches a log line", async () => {
  setup.fake.fail({ status: 402, body: deepgramError('ASR_PAYMENT_REQUIRED', 'Project does not have enough credits.') });
  const body = await expectError(await transcribe({}), 402);
  assert.equal(body.is_bifrost_error, false);
  assert.equal(body.error.code, 'ASR_PAYMENT_REQUIRED');
  assert.match(body.error.message, /enough credits/);
  assert.ok(!setup.gw.logs.text.includes(KEY));
});
