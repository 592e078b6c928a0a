// One voice across providers: GET /v1/audio/voices with and without the
// provider filter (OpenAI's static list, ElevenLabs' own /v1/voices, cached,
// Deepgram's Aura list), the shipped voice map serving `voice: "alloy"` on
// every provider and inside a fallback from OpenAI to ElevenLabs, and a voice
// a provider lacks refused with its voices named, before any call and
// without being retried elsewhere.
import { after, before, beforeEach, test } from 'node:test';
import assert from 'node:assert/strict';
import { FakeOpenAI } from '../fakes/openai.js';
import { FakeElevenLabs } from '../fakes/elevenlabs.js';
import { FakeDeepgram } from '../fakes/deepgram.js';
import { expectError, postJson } from '../helpers/http.js';
import { startGateway, type TestGateway } from '../helpers/gateway.js';
import { shippedConfigWith } from '../helpers/shipped-config.js';

const KEY = 'sk-voices-upstream-0123456789';
let openai: FakeOpenAI;
let eleven: FakeElevenLabs;
let deepgram: FakeDeepgram;
let gw: TestGateway;

before(async () => {
  [openai, eleven, deepgram] = await Promise.all([FakeOpenAI.start({ apiKey: KEY }), FakeElevenLabs.start({ apiKey: KEY }), FakeDeepgram.start({ apiKey: KEY })]);
  // The shipped config (its voices: map, the default plugin chain) with the three providers at their fakes.
  gw = await startGateway(
    shippedConfigWith({
      providers: {
        openai: { base_url: openai.url, keys: [{ value: KEY }] },
        elevenlabs: { base_url: eleven.origin, keys: [{ value: KEY }] },
        deepgram: { base_url: deepgram.origin, keys: [{ value: KEY }] },
      },
    }),
  );
});
after(async () => {
  await gw?.close();
  await Promise.all([openai?.close(), eleven?.close(), deepgram?.close()]);
});
beforeEach(() => [openai, eleven, deepgram].forEach((f) => f.reset()));

const voices = async (query = '') => {
  const res = await fetch(`${gw.url}/v1/audio/voices${query}`);
  assert.equal(res.status, 200, await res.clone().text());
  return ((await res.json()) as { data: Array<Record<string, unknown>> }).data;
};

test('GET /v1/audio/voices?provider=elevenlabs: ElevenLabs’ own /v1/voices, mapped, with the key; cached', async () => {
  const data = await voices('?provider=elevenlabs');
  assert.deepEqual(data[0], {
    id: '21m00Tcm4TlvDq8ikWAM',
    name: 'Rachel',
    languages: ['en'],
    gender: 'female',
    preview_url: 'https://storage.googleapis.com/eleven-public-prod/premade/voices/21m00Tcm4TlvDq8ikWAM/preview.mp3',
    provider: 'elevenlabs',
  });
  assert.equal(data.length, 4);
  assert.equal(eleven.last.method, 'GET');
  assert.equal(eleven.last.path, '/v1/voices');
  assert.equal(eleven.last.headers['xi-api-key'], KEY);
  await voices('?provider=elevenlabs');
  assert.equal(eleven.requests.length, 1, 'the second listing came from the cache');
});

test('GET /v1/audio/voices lists every provider’s voices; a static list for OpenAI-compatible and Deepgram', async () => {
  const data = await voices();
  const providers = new Set(data.map((v) => v.provider));
  assert.deepEqual([...providers].sort(), ['deepgram', 'elevenlabs']);
  assert.ok(data.some((v) => v.id === 'aura-2-thalia-en' && v.gender === 'feminine' && (v.languages as string[])[0] === 'en'));
  // OpenAI's static list binds only api.openai.com; an OpenAI-compatible fake has none to list.
  assert.deepEqual(await voices('?provider=openai'), []);
  const bad = await fetch(`${gw.url}/v1/audio/voices?provider=nobody`);
  assert.equal((await expectError(bad, 400, 'unknown_provider')).error.param, 'provider');
});

test('voice "alloy" on every provider: the shipped map names each vendor’s voice', async () => {
  const speak = (model: string) => postJson(`${gw.url}/v1/audio/speech`, { model, input: 'Hello.', voice: 'alloy' });
  assert.equal((await speak('elevenlabs/eleven_multilingual_v2')).status, 200);
  assert.equal(eleven.last.path, '/v1/text-to-speech/21m00Tcm4TlvDq8ikWAM/stream');
  assert.equal((await speak('deepgram/aura-2')).status, 200);
  assert.equal(deepgram.last.query.model, 'aura-2-thalia-en');
  assert.equal((await speak('openai/tts-1')).status, 200);
  assert.equal((openai.last.json as { voice: string }).voice, 'alloy');
});

test('a fallback across vendors with voice "alloy": OpenAI fails, ElevenLabs serves it with the mapped voice', async () => {
  openai.fail({ status: 503, times: 10 });
  const res = await postJson(`${gw.url}/v1/audio/speech`, { model: 'openai/tts-1', fallbacks: ['elevenlabs/eleven_multilingual_v2'], input: 'Hello.', voice: 'alloy' });
  assert.equal(res.status, 200, await res.clone().text());
  assert.equal(res.headers.get('x-bf-provider'), 'elevenlabs');
  assert.equal(res.headers.get('x-bf-fallback-index'), '1');
  assert.ok((await res.arrayBuffer()).byteLength > 0);
  assert.equal(eleven.last.path, '/v1/text-to-speech/21m00Tcm4TlvDq8ikWAM/stream');
});

test('a voice the provider lacks, unmapped, is a 400 naming its voices, before any call and not retried on the fallbacks', async () => {
  const res = await postJson(`${gw.url}/v1/audio/speech`, { model: 'deepgram/aura-2', fallbacks: ['elevenlabs/eleven_multilingual_v2'], input: 'Hello.', voice: 'Kore' });
  const body = await expectError(res, 400, 'unknown_voice');
  assert.equal(body.error.param, 'voice');
  assert.match(body.error.message, /Provider "deepgram" has no voice "Kore"; its voices are aura-2-amalthea-en, /);
  assert.equal(deepgram.requests.length, 0);
  assert.equal(eleven.requests.length, 0);
});
