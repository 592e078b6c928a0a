// Groq and Mistral presets against fakes of their quirks: Groq's OpenAI
// API under /openai/v1 (srt and vtt rendered from its verbose_json, which
// is all it answers beyond json and text; translations on whisper-large-v3),
// and Mistral Voxtral's form (no response_format; diarize, context_bias,
// timestamp_granularities passed) with its JSON answer in every format.
import { after, before, beforeEach, test } from 'node:test';
import assert from 'node:assert/strict';
import { fakeAudio, sha256 } from '../fakes/audio.js';
import { FakeGroq } from '../fakes/groq.js';
import { FakeMistral } from '../fakes/mistral.js';
import { expectError, upload } from '../helpers/http.js';
import { startGateway, type TestGateway } from '../helpers/gateway.js';

const GROQ_KEY = 'gsk_groq-upstream-0123456789';
const MISTRAL_KEY = 'mistral-upstream-0123456789';
let groq: FakeGroq;
let mistral: FakeMistral;
let gw: TestGateway;

before(async () => {
  [groq, mistral] = await Promise.all([FakeGroq.start({ apiKey: GROQ_KEY }), FakeMistral.start({ apiKey: MISTRAL_KEY })]);
  gw = await startGateway({
    providers: {
      groq: { base_url: `${groq.origin}/openai/v1`, keys: [{ value: GROQ_KEY }] },
      mistral: { base_url: mistral.url, keys: [{ value: MISTRAL_KEY }] },
    },
    plugins: [{ name: 'logging' }],
  });
});
after(async () => {
  await gw?.close();
  await Promise.all([groq?.close(), mistral?.close()]);
});
beforeEach(() => {
  groq.reset();
  mistral.reset();
});

const audio = fakeAudio('mp3', 40_000);
const post = (path: string, fields: Record<string, string | string[]>) => upload(`${gw.url}${path}`, { fields, file: { bytes: audio, filename: 'a.mp3', type: 'audio/mpeg' } });

test('groq json: OpenAI’s form at /openai/v1/audio/transcriptions, Groq’s x_groq kept', async () => {
  const res = await post('/v1/audio/transcriptions', { model: 'groq/whisper-large-v3-turbo', language: 'en' });
  const body = (await res.json()) as { text: string; x_groq?: unknown };
  assert.equal(body.text, groq.transcript);
  assert.deepEqual(body.x_groq, { id: 'req_01fakegroq' });
  const up = groq.last;
  assert.equal(up.path, '/openai/v1/audio/transcriptions');
  assert.equal(up.headers.authorization, `Bearer ${GROQ_KEY}`);
  assert.deepEqual(up.fields, { model: ['whisper-large-v3-turbo'], response_format: ['json'], language: ['en'] });
  assert.equal(sha256(up.files[0]!.bytes), sha256(audio));
});

test('groq srt and vtt: asked as verbose_json with segments, rendered by the gateway', async () => {
  const srt = await (await post('/v1/audio/transcriptions', { model: 'groq/whisper-large-v3', response_format: 'srt' })).text();
  assert.deepEqual(groq.last.fields.response_format, ['verbose_json']);
  assert.deepEqual(groq.last.fields['timestamp_granularities[]'], ['segment']);
  assert.equal(srt, `1\n00:00:00,000 --> 00:00:02,500\n${groq.transcript}\n\n`);
  const vtt = await (await post('/v1/audio/transcriptions', { model: 'groq/whisper-large-v3', response_format: 'vtt' })).text();
  assert.equal(vtt, `WEBVTT\n\n00:00:00.000 --> 00:00:02.500\n${groq.transcript}\n\n`);
});

test('groq translations: whisper-large-v3 at /openai/v1/audio/translations; Groq’s own refusal of -turbo is passed on', async () => {
  const res = await post('/v1/audio/translations', { model: 'groq/whisper-large-v3', response_format: 'verbose_json' });
  const body = (await res.json()) as { task: string; text: string };
  assert.equal(body.task, 'translate');
  assert.equal(groq.last.path, '/openai/v1/audio/translations');
  const refused = await expectError(await post('/v1/audio/translations', { model: 'groq/whisper-large-v3-turbo' }), 400, 'unsupported_model');
  assert.equal(refused.is_bifrost_error, false);
});

test('mistral: Voxtral’s fields passed (diarize, context_bias, timestamp_granularities), no response_format or prompt sent', async () => {
  const res = await post('/v1/audio/transcriptions', {
    model: 'mistral/voxtral-mini-latest',
    response_format: 'verbose_json',
    diarize: 'true',
    'context_bias[]': ['Voxgate', 'Voxtral'],
    prompt: 'ignored',
  });
  assert.equal(res.status, 200, await res.clone().text());
  const body = (await res.json()) as { text: string; language: string; segments: unknown[]; extra_fields: { ignored_params?: string[] } };
  assert.equal(body.text, mistral.transcript);
  assert.equal(body.language, 'english');
  assert.deepEqual(body.segments, [
    { id: 0, start: 0, end: 1, text: 'Hello there.', speaker: 'speaker_0' },
    { id: 1, start: 1, end: 3, text: 'How are you today?', speaker: 'speaker_1' },
  ]);
  assert.deepEqual(body.extra_fields.ignored_params, ['prompt']);
  const up = mistral.last;
  assert.equal(up.path, '/v1/audio/transcriptions');
  assert.equal(up.headers.authorization, `Bearer ${MISTRAL_KEY}`);
  assert.deepEqual(up.fields, { model: ['voxtral-mini-latest'], diarize: ['true'], timestamp_granularities: ['segment'], context_bias: ['Voxgate', 'Voxtral'] });
});

test('mistral: json, text, srt and vtt from its JSON answer; vtt names speakers', async () => {
  const json = (await (await post('/v1/audio/transcriptions', { model: 'mistral/voxtral-mini-latest' })).json()) as { text: string };
  assert.equal(json.text, mistral.transcript);
  assert.equal(mistral.last.fields.timestamp_granularities, undefined);
  assert.equal(await (await post('/v1/audio/transcriptions', { model: 'mistral/voxtral-mini-latest', response_format: 'text' })).text(), `${mistral.transcript}\n`);
  const vtt = await (await post('/v1/audio/transcriptions', { model: 'mistral/voxtral-mini-latest', response_format: 'vtt', diarize: 'true' })).text();
  assert.equal(vtt, 'WEBVTT\n\n00:00:00.000 --> 00:00:01.000\n<v speaker_0>Hello there.\n\n00:00:01.000 --> 00:00:03.000\n<v speaker_1>How are you today?\n\n');
});

test('mistral: its validation errors (422) keep their status and say which field; translations refused before any call', async () => {
  const bad = await expectError(await post('/v1/audio/transcriptions', { model: 'mistral/voxtral-mini-latest', context_bias: 'two words' }), 422);
  assert.match(bad.error.message, /context_bias/);
  await expectError(await post('/v1/audio/translations', { model: 'mistral/voxtral-mini-latest' }), 400, 'unsupported_by_provider');
  assert.equal(mistral.requests.length, 1);
  assert.ok(!gw.logs.text.includes(MISTRAL_KEY) && !gw.logs.text.includes(GROQ_KEY));
});
