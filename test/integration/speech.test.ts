// POST /v1/audio/speech through the gateway: every format streamed through
// byte for byte with its content type, and the upstream JSON checked.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fakeAudio } from '../fakes/audio.js';
import { withOpenAIGateway } from '../helpers/setup.js';
import { expectError, postJson } from '../helpers/http.js';

const setup = withOpenAIGateway();

const speak = (body: Record<string, unknown>, path = '/v1/audio/speech') => postJson(setup.gw.url + path, { model: 'openai/tts-1', input: 'Hello there', voice: 'alloy', ...body });

const TYPES = { mp3: 'audio/mpeg', opus: 'audio/opus', aac: 'audio/aac', flac: 'audio/flac', wav: 'audio/wav', pcm: 'audio/pcm' } as const;

for (const [format, type] of Object.entries(TYPES)) {
  test(`${format}: the audio streams through unchanged as ${type}`, async () => {
    const res = await speak({ response_format: format });
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('content-type'), type);
    assert.equal(res.headers.get('content-length'), null, 'streamed, not buffered to learn its length');
    assert.equal(res.headers.get('x-bf-provider'), 'openai');
    const bytes = Buffer.from(await res.arrayBuffer());
    assert.ok(bytes.equals(fakeAudio(format, setup.fake.speechBytes)));
  });
}

test('mp3 is the default format', async () => {
  const res = await speak({});
  assert.equal(res.headers.get('content-type'), 'audio/mpeg');
  await res.arrayBuffer();
  assert.equal((setup.fake.last.json as { response_format: string }).response_format, 'mp3');
});

test('the upstream gets every field it takes, unknown ones included', async () => {
  const res = await speak({ speed: 1.25, instructions: 'Speak warmly', response_format: 'wav', future_param: { a: 1 } });
  await res.arrayBuffer();
  assert.equal(setup.fake.last.path, '/v1/audio/speech');
  assert.equal(setup.fake.last.headers.authorization, 'Bearer sk-upstream-test-key');
  assert.deepEqual(setup.fake.last.json, {
    model: 'tts-1',
    input: 'Hello there',
    voice: 'alloy',
    response_format: 'wav',
    speed: 1.25,
    instructions: 'Speak warmly',
    future_param: { a: 1 },
  });
});

test('ElevenLabs-only fields are not sent to OpenAI, and the answer says they were ignored', async () => {
  const res = await speak({ language_code: 'de', enable_logging: false });
  await res.arrayBuffer();
  assert.equal(res.status, 200);
  assert.deepEqual(JSON.parse(res.headers.get('x-bf-ignored-params')!), ['language_code', 'enable_logging']);
  const sent = setup.fake.last.json as Record<string, unknown>;
  assert.equal(sent.language_code, undefined);
  assert.equal(sent.enable_logging, undefined);
});

test('what OpenAI cannot do is a clear 400 before any upstream call', async () => {
  const ts = await expectError(await speak({ with_timestamps: true }), 400, 'unsupported_by_provider');
  assert.equal(ts.error.param, 'with_timestamps');
  const multi = await expectError(await speak({ voice: [{ speaker: 'A', voice: 'alloy' }, { speaker: 'B', voice: 'echo' }] }), 400, 'unsupported_by_provider');
  assert.equal(multi.error.param, 'voice');
  assert.equal(setup.fake.requests.length, 0);
});

test('the /openai/v1 alias serves the same route', async () => {
  const res = await speak({ response_format: 'flac' }, '/openai/v1/audio/speech');
  assert.equal(res.status, 200);
  assert.ok(Buffer.from(await res.arrayBuffer()).equals(fakeAudio('flac', setup.fake.speechBytes)));
});

test('a large answer streams through whole', async () => {
  setup.fake.speechBytes = 8 * 1024 * 1024;
  try {
    const res = await speak({ response_format: 'pcm' });
    const bytes = Buffer.from(await res.arrayBuffer());
    assert.equal(bytes.length, 8 * 1024 * 1024);
    assert.ok(bytes.equals(fakeAudio('pcm', 8 * 1024 * 1024)));
  } finally {
    setup.fake.speechBytes = 48 * 1024;
  }
});
