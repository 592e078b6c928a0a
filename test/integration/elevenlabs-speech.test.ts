// POST /v1/audio/speech through the gateway to the fake ElevenLabs: the exact
// upstream call for every mapping, audio streamed through, timestamped JSON,
// dialogue for several speakers, and the refusals and vendor errors.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fakeAudio } from '../fakes/audio.js';
import { FakeElevenLabs, elevenLabsError } from '../fakes/elevenlabs.js';
import { runCli } from '../helpers/cli.js';
import { expectError, postJson } from '../helpers/http.js';
import { ELEVENLABS_KEY, withFakeGateway } from '../helpers/setup.js';

const ALLOY = '21m00Tcm4TlvDq8ikWAM';
const NOVA = 'EXAVITQu4vr4xnSDxMaL';
const RAW = 'AZnzlk1XvdvUeBnXmlld';
const WRONG_KEY = 'xi-wrong-key-9876543210';

const setup = withFakeGateway(
  () => FakeElevenLabs.start({ apiKey: ELEVENLABS_KEY }),
  (fake) => ({
    providers: {
      elevenlabs: { base_url: fake.url, keys: [{ value: ELEVENLABS_KEY }], voices: { alloy: ALLOY, nova: NOVA } },
      'eleven-wrong-key': { type: 'elevenlabs', base_url: fake.url, keys: [{ value: WRONG_KEY }] },
    },
    plugins: [],
  }),
);

const speak = (body: Record<string, unknown>) =>
  postJson(`${setup.gw.url}/v1/audio/speech`, { model: 'elevenlabs/eleven_multilingual_v2', input: 'Hello there', voice: 'alloy', ...body });

const noKeyIn = (text: string) => assert.ok(!text.includes(ELEVENLABS_KEY) && !text.includes('0123456789'), `the key leaked: ${text}`);

for (const [format, outputFormat, type] of [
  ['mp3', 'mp3_44100_128', 'audio/mpeg'],
  ['opus', 'opus_48000_128', 'audio/ogg'],
  ['wav', 'wav_24000', 'audio/wav'],
  ['pcm', 'pcm_24000', 'audio/pcm'],
] as const) {
  test(`${format}: asks for ${outputFormat} and streams the audio through as ${type}`, async () => {
    const res = await speak({ response_format: format });
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('content-type'), type);
    assert.equal(res.headers.get('content-length'), null, 'streamed, not buffered to learn its length');
    assert.equal(res.headers.get('x-bf-provider'), 'elevenlabs');
    assert.equal(res.headers.get('x-bf-model'), 'eleven_multilingual_v2');
    assert.ok(Buffer.from(await res.arrayBuffer()).equals(fakeAudio(format, setup.fake.speechBytes)));
    const up = setup.fake.last;
    assert.equal(up.path, `/v1/text-to-speech/${ALLOY}/stream`, 'alloy maps through voices:');
    assert.deepEqual(up.query, { output_format: outputFormat });
    assert.equal(up.headers['xi-api-key'], ELEVENLABS_KEY);
    assert.equal(up.headers.authorization, undefined);
    assert.deepEqual(up.json, { model_id: 'eleven_multilingual_v2', text: 'Hello there' });
  });
}

test('every speech field lands where ElevenLabs reads it; unknown keys go in the body', async () => {
  const locators = [{ pronunciation_dictionary_id: 'dict1', version_id: 'v2' }];
  const res = await speak({
    voice: RAW,
    speed: 1.1,
    language_code: 'de',
    pronunciation_dictionary_locators: locators,
    enable_logging: false,
    optimize_streaming_latency: 2,
    seed: 42,
    voice_settings: { stability: 0.4 },
  });
  assert.equal(res.status, 200);
  await res.arrayBuffer();
  assert.equal(res.headers.get('x-bf-ignored-params'), null);
  const up = setup.fake.last;
  assert.equal(up.path, `/v1/text-to-speech/${RAW}/stream`, 'a voice id not in voices: is sent as it is');
  assert.deepEqual(up.query, { output_format: 'mp3_44100_128', enable_logging: 'false', optimize_streaming_latency: '2' });
  assert.deepEqual(up.json, {
    model_id: 'eleven_multilingual_v2',
    text: 'Hello there',
    seed: 42,
    language_code: 'de',
    pronunciation_dictionary_locators: locators,
    voice_settings: { stability: 0.4, speed: 1.1 },
  });
});

test('optimize_streaming_latency true/false become levels 3 and 0', async () => {
  for (const [value, level] of [[true, '3'], [false, '0']] as const) {
    await (await speak({ optimize_streaming_latency: value })).arrayBuffer();
    assert.equal(setup.fake.last.query.optimize_streaming_latency, level);
  }
});

test('instructions have no ElevenLabs equivalent: not sent, and reported', async () => {
  const res = await speak({ instructions: 'Speak warmly' });
  await res.arrayBuffer();
  assert.equal(res.status, 200);
  assert.equal(res.headers.get('x-bf-ignored-params'), '["instructions"]');
  assert.equal((setup.fake.last.json as Record<string, unknown>).instructions, undefined);
});

test('an output_format of the same codec picks the variant; another codec is a 400', async () => {
  await (await speak({ response_format: 'mp3', output_format: 'mp3_44100_192' })).arrayBuffer();
  assert.equal(setup.fake.last.query.output_format, 'mp3_44100_192');
  assert.equal((setup.fake.last.json as Record<string, unknown>).output_format, undefined, 'a query parameter, not a body field');
  setup.fake.reset();
  const body = await expectError(await speak({ response_format: 'mp3', output_format: 'pcm_16000' }), 400, 'invalid_output_format');
  assert.equal(body.error.param, 'output_format');
  assert.match(body.error.message, /mp3 format such as mp3_44100_128/);
  assert.equal(setup.fake.requests.length, 0);
});

for (const format of ['aac', 'flac']) {
  test(`${format} is a 400 naming the formats ElevenLabs has, with no upstream call`, async () => {
    const body = await expectError(await speak({ response_format: format }), 400, 'unsupported_by_provider');
    assert.equal(body.error.param, 'response_format');
    assert.equal(body.is_bifrost_error, true);
    assert.match(body.error.message, new RegExp(`"elevenlabs" cannot produce response_format "${format}"; it offers mp3, opus, wav, pcm`));
    assert.equal(setup.fake.requests.length, 0);
  });
}

test('with_timestamps: JSON with the base64 audio and the alignment as ElevenLabs gives them', async () => {
  const res = await speak({ with_timestamps: true, response_format: 'pcm', input: 'Hi!' });
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-type')!, /^application\/json/);
  const body = (await res.json()) as Record<string, unknown> & { audio_base64: string; alignment: Record<string, unknown>; extra_fields: Record<string, unknown> };
  assert.equal(setup.fake.last.path, `/v1/text-to-speech/${ALLOY}/with-timestamps`);
  assert.deepEqual(setup.fake.last.query, { output_format: 'pcm_24000' });
  assert.ok(Buffer.from(body.audio_base64, 'base64').equals(fakeAudio('pcm', setup.fake.speechBytes)));
  const alignment = { characters: ['H', 'i', '!'], character_start_times_seconds: [0, 0.05, 0.1], character_end_times_seconds: [0.05, 0.1, 0.15] };
  assert.deepEqual(body.alignment, alignment);
  assert.deepEqual(body.normalized_alignment, alignment);
  assert.equal(body.extra_fields.provider, 'elevenlabs');
  assert.equal(body.extra_fields.request_type, 'speech');
});

const cast = [
  { speaker: 'Alice', voice: 'alloy' },
  { speaker: 'Bob', voice: RAW },
];

test('several speakers: each "Speaker: text" line becomes a text-to-dialogue input with its voice', async () => {
  const res = await speak({ voice: cast, input: 'Alice: Hi Bob, it is 10:30.\n\nBob:   Hello Alice!', response_format: 'opus', speed: 1.2, language_code: 'en' });
  assert.equal(res.status, 200);
  assert.ok(Buffer.from(await res.arrayBuffer()).equals(fakeAudio('opus', setup.fake.speechBytes)));
  assert.equal(res.headers.get('x-bf-ignored-params'), '["speed"]', 'text-to-dialogue has no speed');
  const up = setup.fake.last;
  assert.equal(up.path, '/v1/text-to-dialogue/stream');
  assert.deepEqual(up.query, { output_format: 'opus_48000_128' });
  assert.deepEqual(up.json, {
    model_id: 'eleven_multilingual_v2',
    language_code: 'en',
    inputs: [
      { text: 'Hi Bob, it is 10:30.', voice_id: ALLOY },
      { text: 'Hello Alice!', voice_id: RAW },
    ],
  });
});

test('a dialogue with_timestamps answers JSON with the voice segments', async () => {
  const res = await speak({ voice: cast, input: 'Alice: Hi.\nBob: Yo.', with_timestamps: true });
  assert.equal(res.status, 200);
  const body = (await res.json()) as { voice_segments: Array<{ voice_id: string }>; alignment: { characters: string[] } };
  assert.equal(setup.fake.last.path, '/v1/text-to-dialogue/with-timestamps');
  assert.deepEqual(body.voice_segments.map((s) => s.voice_id), [ALLOY, RAW]);
  assert.equal(body.alignment.characters.join(''), 'Hi.Yo.');
});

test('a dialogue line with an unknown speaker, or not written "Speaker: text", is a 400 that says how to write it', async () => {
  const unknown = await expectError(await speak({ voice: cast, input: 'Alice: Hi.\nCarol: Who?' }), 400, 'invalid_dialogue');
  assert.equal(unknown.error.param, 'input');
  assert.match(unknown.error.message, /Line 2 of input names the speaker "Carol", who has no voice; the speakers in voice are "Alice", "Bob"/);
  const loose = await expectError(await speak({ voice: cast, input: 'Alice: Hi.\njust some words' }), 400, 'invalid_dialogue');
  assert.match(loose.error.message, /Line 2 of input is not "Speaker: text": write the input as one line per turn/);
  assert.equal(setup.fake.requests.length, 0);
});

test('an unknown voice is ElevenLabs’ 404, kept as the provider’s error; voices cannot escape the path', async () => {
  const missing = await expectError(await speak({ voice: 'echo' }), 404, 'voice_not_found');
  assert.equal(missing.is_bifrost_error, false);
  assert.equal(missing.error.message, 'A voice with the voice_id echo was not found.');
  await expectError(await speak({ voice: '../../v1/user' }), 404, 'voice_not_found');
  assert.equal(setup.fake.last.path, '/v1/text-to-speech/..%2F..%2Fv1%2Fuser/stream');
  await expectError(await speak({ voice: '..' }), 400, 'invalid_voice');
});

test('upstream 401 (a wrong key), 422 and 500 keep their status, marked as the provider’s, never showing the key', async () => {
  const unauthorized = await postJson(`${setup.gw.url}/v1/audio/speech`, { model: 'eleven-wrong-key/eleven_v3', input: 'hi', voice: ALLOY });
  const unauthorizedText = await unauthorized.clone().text();
  const auth = await expectError(unauthorized, 401, 'invalid_api_key');
  assert.equal(auth.is_bifrost_error, false);
  assert.equal(auth.error.type, 'authentication_error');
  assert.equal(setup.fake.last.headers['xi-api-key'], WRONG_KEY);
  noKeyIn(unauthorizedText);

  const invalid = await expectError(await speak({ output_format: 'mp3_1_1' }), 422, 'enum');
  assert.equal(invalid.is_bifrost_error, false);
  assert.equal(invalid.error.param, 'output_format');
  assert.match(invalid.error.message, /^output_format: Input should be 'alaw_8000'/);

  setup.fake.fail({ status: 500, body: elevenLabsError('internal_error', `Something broke for key ${ELEVENLABS_KEY}`) });
  const failed = await speak({});
  const failedText = await failed.clone().text();
  const broken = await expectError(failed, 500, 'internal_error');
  assert.equal(broken.is_bifrost_error, false);
  assert.equal(broken.error.type, 'upstream_error');
  noKeyIn(failedText);
  assert.ok(setup.gw.logs.lines.length > 0 && !setup.gw.logs.text.includes(ELEVENLABS_KEY), 'no key in the logs');
});

test('an answer without an audio content type is labelled by its format', async () => {
  setup.fake.fail({ status: 200, body: 'not really audio' });
  const res = await speak({ response_format: 'wav' });
  assert.equal(res.headers.get('content-type'), 'audio/wav');
  assert.equal(await res.text(), 'not really audio');
});

test('with_timestamps answered without audio_base64 is a 502', async () => {
  setup.fake.fail({ status: 200, body: { alignment: null } });
  await expectError(await speak({ with_timestamps: true }), 502, 'upstream_invalid_response');
});

test('start-up checks the ElevenLabs settings, naming each bad key', () => {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'voxgate-el-')), 'gateway.yaml');
  writeFileSync(file, 'providers:\n  elevenlabs:\n    voices: { alloy: "" }\n    output_formats: { wav: mp3_44100_128, aac: x }\n    voice: {}\n');
  const r = runCli(['check-config', '--config', file]);
  assert.equal(r.status, 78, r.stderr);
  assert.match(r.stderr, /providers\.elevenlabs\.voices\.alloy: must not be empty/);
  assert.match(r.stderr, /providers\.elevenlabs\.output_formats\.aac: is not a known key \(known: mp3, opus, wav, pcm\)/);
  assert.match(r.stderr, /providers\.elevenlabs\.output_formats\.wav: is not valid: an ElevenLabs output_format for wav/);
  assert.match(r.stderr, /providers\.elevenlabs\.voice: is not a known key/);
});
