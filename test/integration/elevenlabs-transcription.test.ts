// POST /v1/audio/transcriptions through the gateway to the fake ElevenLabs:
// the exact multipart call, every response format's exact output built from
// ElevenLabs' words, diarized speakers, and the refusals and vendor errors.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fakeAudio, sha256 } from '../fakes/audio.js';
import { FakeElevenLabs, elevenLabsError } from '../fakes/elevenlabs.js';
import { expectError, upload } from '../helpers/http.js';
import { ELEVENLABS_KEY, withFakeGateway } from '../helpers/setup.js';

const WRONG_KEY = 'xi-wrong-key-9876543210';

const setup = withFakeGateway(
  () => FakeElevenLabs.start({ apiKey: ELEVENLABS_KEY }),
  (fake) => ({
    providers: {
      elevenlabs: { base_url: fake.url, keys: [{ value: ELEVENLABS_KEY }] },
      'eleven-wrong-key': { type: 'elevenlabs', base_url: fake.url, keys: [{ value: WRONG_KEY }] },
    },
    plugins: [],
  }),
);

const audio = fakeAudio('mp3', 200_000);

const transcribe = (fields: Record<string, string | string[]>) =>
  upload(`${setup.gw.url}/v1/audio/transcriptions`, { fields: { model: 'elevenlabs/scribe_v1', ...fields }, file: { bytes: audio, filename: 'meeting.mp3' } });

// The fake hears "Hello there. How are you today?": word i from i*0.5 s to i*0.5+0.4 s.
const SEGMENTS = [
  { id: 0, start: 0, end: 0.9, text: 'Hello there.' },
  { id: 1, start: 1, end: 2.9, text: 'How are you today?' },
];

test('json: the text, and the exact multipart call upstream', async () => {
  const res = await transcribe({});
  assert.equal(res.status, 200);
  const { extra_fields: extra, ...body } = (await res.json()) as Record<string, unknown> & { extra_fields: Record<string, unknown> };
  assert.deepEqual(body, { text: 'Hello there. How are you today?' });
  assert.equal(extra.provider, 'elevenlabs');
  assert.equal(extra.model_requested, 'scribe_v1');
  assert.equal(extra.request_type, 'transcription');

  const up = setup.fake.last;
  assert.equal(up.path, '/v1/speech-to-text');
  assert.deepEqual(up.query, {});
  assert.equal(up.headers['xi-api-key'], ELEVENLABS_KEY);
  assert.deepEqual(up.fields, { model_id: ['scribe_v1'], timestamps_granularity: ['word'] });
  assert.equal(up.files.length, 1);
  assert.equal(up.files[0]!.field, 'file');
  assert.equal(up.files[0]!.filename, 'meeting.mp3');
  assert.equal(sha256(up.files[0]!.bytes), sha256(audio));
});

test('verbose_json: language named as OpenAI does, duration, segments grouped from the words, and the words', async () => {
  const res = await transcribe({ response_format: 'verbose_json', 'timestamp_granularities[]': ['word', 'segment'] });
  assert.equal(res.status, 200);
  const { extra_fields: _extra, ...body } = (await res.json()) as Record<string, unknown>;
  assert.deepEqual(body, {
    task: 'transcribe',
    language: 'english',
    duration: 2.9,
    text: 'Hello there. How are you today?',
    segments: SEGMENTS,
    words: [
      { word: 'Hello', start: 0, end: 0.4 },
      { word: 'there.', start: 0.5, end: 0.9 },
      { word: 'How', start: 1, end: 1.4 },
      { word: 'are', start: 1.5, end: 1.9 },
      { word: 'you', start: 2, end: 2.4 },
      { word: 'today?', start: 2.5, end: 2.9 },
    ],
  });
  assert.deepEqual(setup.fake.last.fields.timestamps_granularity, ['word']);
  assert.equal(setup.fake.last.fields['timestamp_granularities[]'], undefined, 'the gateway shapes the answer itself');
});

for (const [format, expected] of [
  ['text', 'Hello there. How are you today?\n'],
  ['srt', '1\n00:00:00,000 --> 00:00:00,900\nHello there.\n\n2\n00:00:01,000 --> 00:00:02,900\nHow are you today?\n\n'],
  ['vtt', 'WEBVTT\n\n00:00:00.000 --> 00:00:00.900\nHello there.\n\n00:00:01.000 --> 00:00:02.900\nHow are you today?\n\n'],
] as const) {
  test(`${format}: rendered by the gateway from ElevenLabs' words`, async () => {
    const res = await transcribe({ response_format: format });
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type')!, /^text\/plain/);
    assert.equal(await res.text(), expected);
    assert.equal(res.headers.get('x-bf-provider'), 'elevenlabs');
    assert.equal(res.headers.get('x-bf-model'), 'scribe_v1');
  });
}

test('diarize: speakers change the cues, and vtt names them', async () => {
  const res = await transcribe({ response_format: 'vtt', diarize: 'true', num_speakers: '2' });
  assert.equal(await res.text(), 'WEBVTT\n\n00:00:00.000 --> 00:00:00.900\n<v speaker_0>Hello there.\n\n00:00:01.000 --> 00:00:02.900\n<v speaker_1>How are you today?\n\n');
  assert.deepEqual(setup.fake.last.fields.diarize, ['true']);
  assert.deepEqual(setup.fake.last.fields.num_speakers, ['2']);
  const verbose = (await (await transcribe({ response_format: 'verbose_json', diarize: 'true' })).json()) as { segments: Array<{ speaker?: string }> };
  assert.deepEqual(verbose.segments.map((s) => s.speaker), ['speaker_0', 'speaker_1']);
});

test('language, temperature and unknown fields are mapped; prompt has no equivalent and is reported', async () => {
  const res = await transcribe({
    language: 'de',
    temperature: '0.2',
    prompt: 'Voxgate meeting',
    'keyterms[]': ['Voxgate', 'ElevenLabs'],
    tag_audio_events: 'false',
    timestamps_granularity: 'character',
    enable_logging: 'false',
  });
  assert.equal(res.status, 200);
  const body = (await res.json()) as { extra_fields: { ignored_params?: string[] } };
  assert.deepEqual(body.extra_fields.ignored_params, ['prompt']);
  const up = setup.fake.last;
  assert.deepEqual(up.query, { enable_logging: 'false' }, 'enable_logging is a query parameter on ElevenLabs');
  assert.deepEqual(up.fields, {
    model_id: ['scribe_v1'],
    language_code: ['de'],
    temperature: ['0.2'],
    timestamps_granularity: ['character'],
    keyterms: ['Voxgate', 'ElevenLabs'],
    tag_audio_events: ['false'],
  });
  const text = await transcribe({ response_format: 'text', prompt: 'x' });
  assert.equal(text.headers.get('x-bf-ignored-params'), '["prompt"]');
});

test('the language code is named in verbose_json', async () => {
  const res = await transcribe({ response_format: 'verbose_json', language: 'de' });
  assert.equal(((await res.json()) as { language: string }).language, 'german');
});

test('timestamps_granularity=none serves json, and refuses formats built from timings before any upstream call', async () => {
  const json = await transcribe({ timestamps_granularity: 'none' });
  assert.equal(json.status, 200);
  assert.equal(((await json.json()) as { text: string }).text, 'Hello there. How are you today?');
  setup.fake.reset();
  const body = await expectError(await transcribe({ response_format: 'srt', timestamps_granularity: 'none' }), 400, 'unsupported_by_provider');
  assert.equal(body.error.param, 'timestamps_granularity');
  const hook = await expectError(await transcribe({ webhook: 'true' }), 400, 'unsupported_by_provider');
  assert.equal(hook.error.param, 'webhook');
  assert.equal(setup.fake.requests.length, 0);
});

test('upstream 401 (a wrong key), 422 and 500 keep their status, marked as the provider’s, never showing the key', async () => {
  const wrong = await upload(`${setup.gw.url}/v1/audio/transcriptions`, { fields: { model: 'eleven-wrong-key/scribe_v1' }, file: { bytes: audio } });
  const wrongText = await wrong.clone().text();
  const auth = await expectError(wrong, 401, 'invalid_api_key');
  assert.equal(auth.is_bifrost_error, false);
  assert.equal(auth.error.message, 'Invalid API key');
  assert.ok(!wrongText.includes(WRONG_KEY), wrongText);

  const invalid = await expectError(await transcribe({ timestamps_granularity: 'sentence' }), 422, 'enum');
  assert.equal(invalid.is_bifrost_error, false);
  assert.equal(invalid.error.type, 'invalid_request_error');
  assert.equal(invalid.error.param, 'timestamps_granularity');
  assert.equal(invalid.error.message, "timestamps_granularity: Input should be 'none', 'word' or 'character'");

  setup.fake.fail({ status: 500, body: elevenLabsError('internal_error', `Transcription failed (xi-api-key ${ELEVENLABS_KEY})`) });
  const failed = await transcribe({});
  const failedText = await failed.clone().text();
  const broken = await expectError(failed, 500, 'internal_error');
  assert.equal(broken.is_bifrost_error, false);
  assert.ok(!failedText.includes(ELEVENLABS_KEY), failedText);
  assert.ok(setup.gw.logs.lines.length > 0 && !setup.gw.logs.text.includes(ELEVENLABS_KEY), 'no key in the logs');
});

test('an answer that is not a transcript is a 502', async () => {
  setup.fake.fail({ status: 200, body: 'this is not json' });
  await expectError(await transcribe({}), 502, 'upstream_invalid_response');
  setup.fake.fail({ status: 200, body: { message: 'Request accepted', request_id: 'r1' } });
  const body = await expectError(await transcribe({}), 502, 'upstream_invalid_response');
  assert.match(body.error.message, /holds no text and words/);
});
