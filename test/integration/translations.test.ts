// POST /v1/audio/translations (and /openai/v1/…): multipart like
// transcriptions, English text back, served by openai, azure and OpenAI-
// compatible instances (Groq); refused before any call by providers that do
// not translate; the default chain (cache, fallbacks, logging) applies; the
// official SDK's audio.translations.create works unchanged.
import { after, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import OpenAI, { toFile } from 'openai';
import { fakeAudio, sha256 } from '../fakes/audio.js';
import { FakeOpenAI } from '../fakes/openai.js';
import { FakeAzure } from '../fakes/azure.js';
import { FakeElevenLabs } from '../fakes/elevenlabs.js';
import { expectError, upload } from '../helpers/http.js';
import { startGateway, type TestGateway } from '../helpers/gateway.js';

const KEY = 'sk-translation-upstream-key-0123';

const fakes = {} as { openai: FakeOpenAI; backup: FakeOpenAI; azure: FakeAzure; eleven: FakeElevenLabs };
const setup = {} as { gw: TestGateway; fake: FakeOpenAI };

before(async () => {
  [fakes.openai, fakes.backup, fakes.azure, fakes.eleven] = await Promise.all([
    FakeOpenAI.start({ apiKey: KEY }),
    FakeOpenAI.start({ apiKey: KEY }),
    FakeAzure.startAzure({ apiKey: KEY, deployments: ['whisper'] }),
    FakeElevenLabs.start(),
  ]);
  setup.fake = fakes.openai;
  // No plugins: list: the default chain (auth off, limits, cache, fallbacks, logging).
  setup.gw = await startGateway({
    providers: {
      openai: { base_url: fakes.openai.url, keys: [{ value: KEY }] },
      backup: { type: 'openai', base_url: fakes.backup.url, keys: [{ value: KEY }] },
      azure: { endpoint: fakes.azure.origin, keys: [{ value: KEY }], deployments: { 'whisper-1': 'whisper' } },
      elevenlabs: { base_url: fakes.eleven.origin },
    },
    auth: { required: false },
  });
});
after(async () => {
  await setup.gw?.close();
  await Promise.all(Object.values(fakes).map((f) => f?.close()));
});
beforeEach(() => Object.values(fakes).forEach((f) => f.reset()));

const audio = fakeAudio('mp3', 50_000);
const translate = (fields: Record<string, string | string[]>, path = '/v1/audio/translations', headers: Record<string, string> = {}) =>
  upload(`${setup.gw.url}${path}`, { fields: { model: 'openai/whisper-1', ...fields }, file: { bytes: audio, filename: 'rede.mp3', type: 'audio/mpeg' }, headers });

test('the exact OpenAI call: /audio/translations with model, prompt, response_format, temperature and the file', async () => {
  const res = await translate({ prompt: 'A speech.', temperature: '0.2' });
  assert.equal(res.status, 200);
  const body = (await res.json()) as { text: string; extra_fields: Record<string, unknown> };
  assert.equal(body.text, 'Hello from the fake translator.');
  assert.equal(body.extra_fields.provider, 'openai');
  const up = setup.fake.last;
  assert.equal(up.path, '/v1/audio/translations');
  assert.equal(up.headers.authorization, `Bearer ${KEY}`);
  assert.deepEqual(up.fields, { model: ['whisper-1'], response_format: ['json'], prompt: ['A speech.'], temperature: ['0.2'] });
  assert.equal(sha256(up.files[0]!.bytes), sha256(audio));
});

test('verbose_json says task translate; /openai/v1/… is the same route', async () => {
  const res = await translate({ response_format: 'verbose_json' }, '/openai/v1/audio/translations');
  const body = (await res.json()) as { task: string; language: string };
  assert.equal(body.task, 'translate');
  assert.equal(body.language, 'english');
});

test('Azure: the deployment’s …/audio/translations, with api-version and api-key', async () => {
  const res = await translate({ model: 'azure/whisper-1', response_format: 'text' });
  assert.equal(res.status, 200);
  assert.equal(await res.text(), 'Hello from the fake translator.\n');
  const up = fakes.azure.last;
  assert.equal(up.path, '/openai/deployments/whisper/audio/translations');
  assert.ok(up.query['api-version']);
  assert.equal(up.headers['api-key'], KEY);
});

test('a provider that does not translate is refused before any call; language and stream are refused', async () => {
  const refused = await expectError(await translate({ model: 'elevenlabs/scribe_v1' }), 400, 'unsupported_by_provider');
  assert.match(refused.error.message, /does not translate/);
  assert.equal(fakes.eleven.requests.length, 0);
  assert.equal((await expectError(await translate({ language: 'de' }), 400, 'invalid_request')).error.param, 'language');
  assert.equal((await expectError(await translate({ stream: 'true' }), 400, 'invalid_request')).error.param, 'stream');
  assert.equal(setup.fake.requests.length, 0);
});

test('fallbacks apply: openai failing, the backup instance translates', async () => {
  setup.fake.fail({ status: 503, times: 10 });
  const res = await translate({ fallbacks: ['backup/whisper-1'], temperature: '0.7' });
  assert.equal(res.status, 200);
  const body = (await res.json()) as { text: string; extra_fields: { provider: string; fallback_index: number } };
  assert.equal(body.extra_fields.provider, 'backup');
  assert.equal(body.extra_fields.fallback_index, 1);
  assert.equal(fakes.backup.last.path, '/v1/audio/translations');
});

test('the cache applies, and keeps translations apart from transcriptions of the same audio', async () => {
  const cached = { 'x-bf-cache-key': 'translations' };
  const first = await translate({ temperature: '0.4' }, undefined, cached);
  assert.equal(first.status, 200);
  await first.arrayBuffer();
  const again = await translate({ temperature: '0.4' }, undefined, cached);
  assert.equal(((await again.json()) as { text: string }).text, 'Hello from the fake translator.');
  assert.equal(setup.fake.requests.length, 1, 'the second translation came from the cache');
  const transcript = await upload(`${setup.gw.url}/v1/audio/transcriptions`, { fields: { model: 'openai/whisper-1', temperature: '0.4' }, file: { bytes: audio, filename: 'rede.mp3', type: 'audio/mpeg' }, headers: cached });
  assert.equal(((await transcript.json()) as { text: string }).text, 'Hello from the fake transcriber.');
  assert.equal(setup.fake.requests.length, 2);
});

test('each translation is logged under its own route', async () => {
  await (await translate({ temperature: '0.9' })).arrayBuffer();
  const line = setup.gw.logs.records.find((r) => r.route === 'translation');
  assert.ok(line, setup.gw.logs.text.slice(-500));
  assert.ok(!setup.gw.logs.text.includes(KEY));
});

for (const prefix of ['/v1', '/openai/v1']) {
  describe(`OpenAI SDK audio.translations.create, baseURL …${prefix}`, () => {
    const client = () => new OpenAI({ baseURL: setup.gw.url + prefix, apiKey: 'sk-client-side', maxRetries: 0 });
    test('json and text', async () => {
      const file = await toFile(audio, 'rede.mp3', { type: 'audio/mpeg' });
      const t = await client().audio.translations.create({ file, model: 'openai/whisper-1', temperature: 0.1 });
      assert.equal(t.text, 'Hello from the fake translator.');
      const text = await client().audio.translations.create({ file: await toFile(audio, 'rede.mp3'), model: 'openai/whisper-1', response_format: 'text' });
      assert.equal(String(text).trim(), 'Hello from the fake translator.');
    });
  });
}
