// The official openai SDK as a newcomer points it at the gateway: the shipped
// config (config/gateway.yaml: auth off, every built-in plugin), any apiKey
// (the SDK refuses an empty one), bare OpenAI model names, on /v1 and
// /openai/v1; AzureOpenAI with any api-key; then auth on, with a key made
// by `voxgate keys create`.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import OpenAI, { AzureOpenAI, toFile } from 'openai';
import { parse } from 'yaml';
import { FakeAzure } from '../fakes/azure.js';
import { FakeOpenAI } from '../fakes/openai.js';
import { fakeAudio, sha256 } from '../fakes/audio.js';
import { runCli } from '../helpers/cli.js';
import { startGateway, type TestGateway } from '../helpers/gateway.js';
import { shippedConfigWith } from '../helpers/shipped-config.js';
import { UPSTREAM_KEY } from '../helpers/setup.js';

const AZURE_KEY = 'azure-upstream-key-0123456789';
const audio = fakeAudio('mp3', 32_000);
const file = () => toFile(audio, 'talk.mp3', { type: 'audio/mpeg' });

let fake: FakeOpenAI;
let azure: FakeAzure;
before(async () => {
  fake = await FakeOpenAI.start({ apiKey: UPSTREAM_KEY });
  azure = await FakeAzure.startAzure({ apiKey: AZURE_KEY, deployments: ['my-whisper', 'my-tts'] });
});
after(async () => {
  await fake.close();
  await azure.close();
});

const env = () => ({ OPENAI_BASE_URL: fake.url, OPENAI_API_KEY: UPSTREAM_KEY });
const withAzure = (extra: Record<string, unknown> = {}) =>
  shippedConfigWith({ providers: { azure: { endpoint: azure.endpoint, keys: [{ value: AZURE_KEY }], deployments: { 'whisper-1': 'my-whisper', 'tts-1': 'my-tts' } } }, ...extra });

/** The SDK calls a newcomer makes, on one base URL with one apiKey. */
function sdkCalls(client: () => OpenAI, upstreamKeyCheck = true): void {
  test('transcriptions.create with a bare whisper-1 and with openai/whisper-1', async () => {
    for (const model of ['whisper-1', 'openai/whisper-1']) {
      const t = await client().audio.transcriptions.create({ file: await file(), model });
      assert.equal(t.text, fake.transcript);
      const extra = (t as unknown as { extra_fields: { provider: string; model_requested: string } }).extra_fields;
      assert.equal(extra.provider, 'openai');
      assert.equal(extra.model_requested, 'whisper-1');
      assert.equal(fake.last.fields.model?.[0], 'whisper-1', 'the provider gets the model without the prefix');
      if (upstreamKeyCheck) assert.equal(fake.last.headers.authorization, `Bearer ${UPSTREAM_KEY}`, "the gateway's key, never the client's");
    }
  });

  test('verbose_json and srt with a bare model', async () => {
    const v = await client().audio.transcriptions.create({ file: await file(), model: 'whisper-1', response_format: 'verbose_json', timestamp_granularities: ['word'] });
    assert.equal(v.words?.length, 5);
    assert.equal((v as unknown as { x_fake_file: { sha256: string } }).x_fake_file.sha256, sha256(audio));
    const srt = await client().audio.transcriptions.create({ file: await file(), model: 'whisper-1', response_format: 'srt' });
    assert.match(srt as unknown as string, /^1\n00:00:00,000 --> /);
  });

  test('speech.create with a bare tts-1', async () => {
    const res = await client().audio.speech.create({ model: 'tts-1', input: 'Hello', voice: 'alloy', response_format: 'wav' });
    assert.ok(Buffer.from(await res.arrayBuffer()).equals(fakeAudio('wav', fake.speechBytes)));
    assert.equal(fake.last.json && (fake.last.json as { model: string }).model, 'tts-1');
  });

  test('models.list() names every provider/model the gateway serves', async () => {
    const ids: string[] = [];
    for await (const model of client().models.list()) {
      assert.equal(model.object, 'model');
      assert.equal(model.owned_by, model.id.split('/')[0]);
      ids.push(model.id);
    }
    for (const id of ['openai/whisper-1', 'openai/tts-1', 'openai/gpt-4o-transcribe', 'azure/whisper-1', 'azure/tts-1']) assert.ok(ids.includes(id), `${id} in ${ids.join(', ')}`);
  });
}

describe('the shipped config, auth off', () => {
  let gw: TestGateway;
  before(async () => {
    gw = await startGateway(withAzure(), { env: env() });
  });
  after(() => gw.close());

  for (const prefix of ['/v1', '/openai/v1']) {
    describe(`OpenAI SDK, baseURL …${prefix}, apiKey "unused-while-auth-is-off"`, () => {
      sdkCalls(() => new OpenAI({ baseURL: gw.url + prefix, apiKey: 'unused-while-auth-is-off', maxRetries: 0 }));
    });
  }

  test('every request ran the whole default chain, as anonymous', () => {
    const lines = gw.logs.records.filter((r) => r.route === 'transcription');
    assert.ok(lines.length > 0, 'the logging plugin wrote request lines');
    for (const line of lines) assert.match(String(line.principal), /^anon/);
    assert.ok(!gw.logs.text.includes('unused-while-auth-is-off'), 'the ignored credential is in no log line');
  });

  test('AzureOpenAI with an arbitrary api-key transcribes and synthesizes', async () => {
    const stt = new AzureOpenAI({ endpoint: gw.url, apiKey: 'any-azure-key', apiVersion: '2024-10-21', deployment: 'my-whisper', maxRetries: 0 });
    const t = await stt.audio.transcriptions.create({ model: 'whisper-1', file: await file() });
    assert.equal(t.text, azure.transcript);
    assert.equal(azure.last.headers['api-key'], AZURE_KEY);
    const tts = new AzureOpenAI({ endpoint: gw.url, apiKey: 'any-azure-key', apiVersion: '2024-10-21', deployment: 'my-tts', maxRetries: 0 });
    const speech = await tts.audio.speech.create({ model: 'tts-1', input: 'Hello', voice: 'alloy', response_format: 'wav' });
    assert.ok(Buffer.from(await speech.arrayBuffer()).equals(fakeAudio('wav', azure.speechBytes)));
  });

  test('a credential shaped as a virtual key or JWT still has to be valid', async () => {
    for (const apiKey of ['sk-bf-not-a-key-this-gateway-knows', 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl']) {
      await assert.rejects(
        new OpenAI({ baseURL: `${gw.url}/v1`, apiKey, maxRetries: 0 }).audio.transcriptions.create({ file: await file(), model: 'whisper-1' }),
        (err: unknown) => err instanceof OpenAI.AuthenticationError && err.status === 401,
      );
    }
  });
});

describe('the shipped config with auth on and a key from `voxgate keys create`', () => {
  let gw: TestGateway;
  let key: string;
  before(async () => {
    const made = runCli(['keys', 'create', '--name', 'newcomer']);
    assert.equal(made.status, 0, made.stderr);
    key = /^key: (sk-bf-\S+)$/m.exec(made.stdout)![1]!;
    const entry = (parse(made.stdout.slice(made.stdout.indexOf('- name: newcomer'))) as unknown[])[0];
    gw = await startGateway(withAzure({ auth: { required: true, virtual_keys: [entry] } }), { env: env() });
  });
  after(() => gw.close());

  for (const prefix of ['/v1', '/openai/v1']) {
    describe(`OpenAI SDK, baseURL …${prefix}, the virtual key as apiKey`, () => {
      sdkCalls(() => new OpenAI({ baseURL: gw.url + prefix, apiKey: key, maxRetries: 0 }));
    });
  }

  test('AzureOpenAI with the virtual key as api-key', async () => {
    const stt = new AzureOpenAI({ endpoint: gw.url, apiKey: key, apiVersion: '2024-10-21', deployment: 'my-whisper', maxRetries: 0 });
    assert.equal((await stt.audio.transcriptions.create({ model: 'whisper-1', file: await file() })).text, azure.transcript);
  });

  test('any other apiKey is refused, models.list() included', async () => {
    const stranger = new OpenAI({ baseURL: `${gw.url}/v1`, apiKey: 'unused-while-auth-is-off', maxRetries: 0 });
    await assert.rejects(stranger.audio.transcriptions.create({ file: await file(), model: 'whisper-1' }), (err: unknown) => err instanceof OpenAI.AuthenticationError);
    await assert.rejects(stranger.models.list(), (err: unknown) => err instanceof OpenAI.AuthenticationError);
    const res = await fetch(`${gw.url}/v1/models`);
    assert.equal(res.status, 401);
    assert.equal(((await res.json()) as { error: { code: string } }).error.code, 'missing_credentials');
    assert.ok(!gw.logs.text.includes(key), 'the virtual key is in no log line');
  });
});
