// An adapter's own params, sent at the top level of the body as clients
// always have: they reach the adapter that declares them (through
// providerOptions), are reported ignored by a target that does not take
// them, refused when they change the answer, and checked on every route.
// Default chain: fallback moves from a target that cannot to one that can.
import { after, before, beforeEach, test } from 'node:test';
import assert from 'node:assert/strict';
import { FakeElevenLabs } from '../fakes/elevenlabs.js';
import { FakeOpenAI } from '../fakes/openai.js';
import { startGateway, type TestGateway } from '../helpers/gateway.js';
import { expectError, postJson } from '../helpers/http.js';
import { ELEVENLABS_KEY, UPSTREAM_KEY } from '../helpers/setup.js';

const ALLOY = '21m00Tcm4TlvDq8ikWAM';
let openai: FakeOpenAI;
let eleven: FakeElevenLabs;
let gw: TestGateway;

before(async () => {
  openai = await FakeOpenAI.start({ apiKey: UPSTREAM_KEY });
  eleven = await FakeElevenLabs.start({ apiKey: ELEVENLABS_KEY });
  gw = await startGateway({
    providers: {
      openai: { base_url: openai.url, keys: [{ value: UPSTREAM_KEY }] },
      elevenlabs: { base_url: eleven.url, keys: [{ value: ELEVENLABS_KEY }], voices: { alloy: ALLOY } },
    },
    auth: { required: false },
  });
});
after(async () => {
  await gw.close();
  await openai.close();
  await eleven.close();
});
beforeEach(() => {
  openai.reset();
  eleven.reset();
});

const locators = [{ pronunciation_dictionary_id: 'dict1', version_id: 'v2' }];
const OWN = { language_code: 'de', pronunciation_dictionary_locators: locators, optimize_streaming_latency: 2, with_timestamps: false };
const speak = (body: Record<string, unknown>) => postJson(`${gw.url}/v1/audio/speech`, { input: 'Hallo', voice: 'alloy', ...body });

test('ElevenLabs params sent to OpenAI: reported ignored, in the order sent, and never sent upstream', async () => {
  const res = await speak({ model: 'openai/tts-1', ...OWN, instructions: 'Warmly' });
  assert.equal(res.status, 200);
  await res.arrayBuffer();
  // with_timestamps false asks nothing, so it is not reported.
  assert.deepEqual(JSON.parse(res.headers.get('x-bf-ignored-params')!), ['language_code', 'pronunciation_dictionary_locators', 'optimize_streaming_latency']);
  assert.deepEqual(openai.last.json, { model: 'tts-1', input: 'Hallo', voice: 'alloy', response_format: 'mp3', instructions: 'Warmly' });
});

test('the same params sent to ElevenLabs reach the fake upstream where ElevenLabs reads them, and nothing is reported', async () => {
  const res = await speak({ model: 'elevenlabs/eleven_multilingual_v2', ...OWN, seed: 7 });
  assert.equal(res.status, 200);
  await res.arrayBuffer();
  assert.equal(res.headers.get('x-bf-ignored-params'), null);
  const up = eleven.last;
  assert.equal(up.path, `/v1/text-to-speech/${ALLOY}/stream`);
  assert.deepEqual(up.query, { output_format: 'mp3_44100_128', optimize_streaming_latency: '2' });
  assert.deepEqual(up.json, { model_id: 'eleven_multilingual_v2', text: 'Hallo', language_code: 'de', pronunciation_dictionary_locators: locators, seed: 7 });
});

test('a shared field ElevenLabs does not declare (instructions) is reported by the gateway and not sent', async () => {
  const res = await speak({ model: 'elevenlabs/eleven_multilingual_v2', instructions: 'Whisper' });
  await res.arrayBuffer();
  assert.equal(res.headers.get('x-bf-ignored-params'), '["instructions"]');
  assert.equal((eleven.last.json as Record<string, unknown>).instructions, undefined);
});

test('with_timestamps changes the answer: OpenAI refuses it before any call, naming who takes it; a fallback to ElevenLabs serves it', async () => {
  const refused = await expectError(await speak({ model: 'openai/tts-1', with_timestamps: true }), 400, 'unsupported_by_provider');
  assert.equal(refused.error.param, 'with_timestamps');
  assert.match(refused.error.message, /elevenlabs/);
  assert.equal(openai.requests.length, 0, 'no upstream call');

  const res = await speak({ model: 'openai/tts-1', fallbacks: ['elevenlabs/eleven_multilingual_v2'], with_timestamps: true, language_code: 'de' });
  assert.equal(res.status, 200);
  const body = (await res.json()) as { audio_base64?: string; extra_fields: { provider: string; ignored_params?: string[] } };
  assert.equal(typeof body.audio_base64, 'string');
  assert.equal(body.extra_fields.provider, 'elevenlabs');
  assert.equal(body.extra_fields.ignored_params, undefined, 'the target that served it takes both');
  assert.equal(eleven.last.path, `/v1/text-to-speech/${ALLOY}/with-timestamps`);
});

test('after a failed OpenAI attempt the ElevenLabs fallback gets the params the client sent', async () => {
  openai.fail({ status: 503, times: 20 }); // every retry too
  const res = await speak({ model: 'openai/tts-1', fallbacks: ['elevenlabs/eleven_multilingual_v2'], language_code: 'fr' });
  assert.equal(res.status, 200);
  await res.arrayBuffer();
  assert.equal(res.headers.get('x-bf-provider'), 'elevenlabs');
  assert.equal(res.headers.get('x-bf-ignored-params'), null);
  assert.equal((eleven.last.json as Record<string, unknown>).language_code, 'fr');
});

test("an adapter's param is checked on every route, whichever provider the request is for", async () => {
  const bad = await expectError(await speak({ model: 'openai/tts-1', optimize_streaming_latency: 9 }), 400, 'invalid_request');
  assert.equal(bad.error.param, 'optimize_streaming_latency');
  const locatorsTooMany = await expectError(await speak({ model: 'openai/tts-1', pronunciation_dictionary_locators: [{}, {}, {}, {}] }), 400, 'invalid_request');
  assert.equal(locatorsTooMany.error.param, 'pronunciation_dictionary_locators');
  assert.equal(openai.requests.length, 0);
});
