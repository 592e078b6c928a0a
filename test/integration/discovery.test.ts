// Discovery and assembly: plugins from extension folders and paths, run in
// config order with validated options; provider instances that reuse an
// adapter type; and start-up refusing every broken piece by name.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { stringify } from 'yaml';
import { FakeOpenAI } from '../fakes/openai.js';
import { fakeAudio } from '../fakes/audio.js';
import { startGateway, type TestGateway } from '../helpers/gateway.js';
import { startupProblems } from '../helpers/startup.js';
import { postJson, upload } from '../helpers/http.js';
import { parseConfigText } from '../../core/config/load.js';

let main: FakeOpenAI;
let local: FakeOpenAI;
let gw: TestGateway;

before(async () => {
  main = await FakeOpenAI.start();
  local = await FakeOpenAI.start({ prefix: '/api/v1' });
  local.transcript = 'Heard by the local whisper.';
  gw = await startGateway({
    providers: {
      openai: { base_url: main.url, keys: [{ value: 'sk-a' }] },
      'local-whisper': { type: 'openai', base_url: local.url },
    },
    extensions: { plugins: ['./fixtures/plugins'] },
    plugins: [{ name: 'counter', step: 2 }, { path: './fixtures/single-plugin.js' }, { name: 'stamp', header: 'x-stamped' }],
  });
});
after(async () => {
  await gw.close();
  await main.close();
  await local.close();
});

const speak = (headers: Record<string, string> = {}) => postJson(`${gw.url}/v1/audio/speech`, { model: 'openai/tts-1', input: 'hi', voice: 'alloy' }, headers);

test('plugins from an extension folder and a path run in config order, with their options', async () => {
  const res = await speak();
  await res.arrayBuffer();
  assert.equal(res.status, 200);
  assert.equal(res.headers.get('x-order'), 'counter,single,stamp,');
  assert.equal(res.headers.get('x-stamped'), 'after:speech', 'the object plugin got its options through setup()');
  assert.equal(res.headers.get('x-count'), '2', 'the class plugin got the store and its options injected');
  const again = await speak();
  await again.arrayBuffer();
  assert.equal(again.headers.get('x-count'), '4');
});

test('a plugin can end the chain without calling the provider', async () => {
  const before = main.requests.length;
  const res = await speak({ 'x-short-circuit': 'yes' });
  assert.deepEqual(await res.json(), { short: true });
  assert.equal(res.headers.get('x-order'), 'counter,single,');
  assert.equal(main.requests.length, before);
});

test('a provider instance reuses an adapter type with its own base_url', async () => {
  const res = await upload(`${gw.url}/v1/audio/transcriptions`, { fields: { model: 'local-whisper/whisper-large-v3' }, file: { bytes: fakeAudio('wav', 1000), filename: 'a.wav' } });
  const body = (await res.json()) as { text: string; extra_fields: { provider: string; model_requested: string } };
  assert.equal(body.text, 'Heard by the local whisper.');
  assert.equal(body.extra_fields.provider, 'local-whisper');
  assert.equal(body.extra_fields.model_requested, 'whisper-large-v3');
  assert.equal(local.last.path, '/api/v1/audio/transcriptions');
  assert.deepEqual(local.last.fields.model, ['whisper-large-v3']);
});

async function problemsFor(config: Record<string, unknown>): Promise<Map<string, string>> {
  const found = await startupProblems(config);
  assert.ok(found.size > 0, 'expected start-up to be refused');
  return found;
}

test('start-up refuses broken plugins, naming each and what is wrong', async () => {
  const found = await problemsFor({
    extensions: { plugins: ['./fixtures/plugins', './fixtures/nowhere'] },
    plugins: [
      { name: 'stamp' },
      { name: 'counter', step: 0 },
      { name: 'stmap' },
      { path: './fixtures/broken/throws.js' },
      { path: './fixtures/broken/no-handle.js' },
      { path: './fixtures/missing.js' },
      { name: 'counter' },
    ],
  });
  assert.match(found.get('extensions.plugins[1]')!, /no such file or folder/);
  assert.match(found.get('plugins[0].header')!, /is required/);
  assert.match(found.get('plugins[1].step')!, />= 1/);
  assert.match(found.get('plugins[2].name')!, /no plugin named "stmap" \(available: .*counter.*stamp/);
  assert.match(found.get('plugins[3]')!, /throws\.js failed to load: boom while loading/);
  assert.match(found.get('plugins[4]')!, /does not default-export a plugin/);
  assert.match(found.get('plugins[5].path')!, /no such file/);
  assert.match(found.get('plugins[6]')!, /listed twice/);
});

test('start-up refuses unknown adapter types and unknown provider keys', async () => {
  const found = await problemsFor({
    providers: {
      together: { base_url: 'https://api.together.xyz/v1' },
      mine: { type: 'whisperx' },
      openai: { base_ulr: 'https://x', keys: [{ value: 'k' }] },
    },
  });
  assert.match(found.get('providers.together')!, /no adapter of type "together" \(known types: .*openai.*\); set type:/);
  assert.match(found.get('providers.mine.type')!, /no adapter of type "whisperx"/);
  assert.match(found.get('providers.openai.base_ulr')!, /not a known key/);
  // Common provider keys are checked by the main schema, before discovery.
  assert.throws(() => parseConfigText(stringify({ providers: { openai: { max_connections: 0 } } }), 'x.yaml', {}), /providers\.openai\.max_connections: must be >= 1/);
});

test('a plugin that takes no options refuses them', async () => {
  const found = await problemsFor({ extensions: { plugins: ['./fixtures/plugins'] }, plugins: [{ path: './fixtures/single-plugin.js', color: 'red' }] });
  assert.match(found.get('plugins[0].color')!, /not a known key/);
});

test('a config that requires auth refuses to start without the auth plugin', async () => {
  const found = await problemsFor({ auth: { required: true }, plugins: [] });
  assert.match(found.get('auth.required')!, /no auth plugin runs/);
});
