// Azure OpenAI: the adapter's upstream calls (path, api-version, api-key or
// Entra bearer, deployment mapping, Azure's errors) and the Azure-shaped
// inbound routes, including the official AzureOpenAI client.
import { after, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { AzureOpenAI, toFile } from 'openai';
import { stringify } from 'yaml';
import { FakeAzure } from '../fakes/azure.js';
import { FakeOpenAI } from '../fakes/openai.js';
import { fakeAudio, sha256 } from '../fakes/audio.js';
import { startGateway, type TestGateway } from '../helpers/gateway.js';
import { expectError, postJson, upload } from '../helpers/http.js';
import { parseConfigText } from '../../core/config/load.js';
import { prepare } from '../../core/gateway.js';
import { createLogger } from '../../core/logger.js';

const AZURE_KEY = 'azure-key-0123456789abcdef';
let azure: FakeAzure;
let openai: FakeOpenAI;
let gw: TestGateway;
const audio = fakeAudio('wav', 30_000);

before(async () => {
  azure = await FakeAzure.startAzure({ apiKey: AZURE_KEY, deployments: ['my-whisper', 'my-tts', 'gpt4o-stt'], entraToken: 'entra-token-xyz' });
  openai = await FakeOpenAI.start();
  gw = await startGateway({
    providers: {
      azure: { endpoint: azure.endpoint, keys: [{ value: AZURE_KEY }], deployments: { 'whisper-1': 'my-whisper', 'tts-1': 'my-tts', 'gpt-4o-transcribe': 'gpt4o-stt', 'tts-2': 'missing-deployment' } },
      'azure-entra': { type: 'azure', endpoint: azure.endpoint, api_version: '2025-03-01-preview', keys: [{ value: 'entra-token-xyz', type: 'entra' }], deployments: { 'whisper-1': 'my-whisper' } },
      openai: { base_url: openai.url },
    },
    plugins: [],
  });
});
after(async () => {
  await gw.close();
  await azure.close();
  await openai.close();
});
beforeEach(() => {
  azure.reset();
  openai.reset();
});

const transcribe = (model: string, extra: Record<string, string> = {}) => upload(`${gw.url}/v1/audio/transcriptions`, { fields: { model, ...extra }, file: { bytes: audio, filename: 'a.wav', type: 'audio/wav' } });

describe('the azure adapter', () => {
  test('transcription goes to the mapped deployment with api-version and api-key', async () => {
    const res = await transcribe('azure/whisper-1', { language: 'en' });
    const body = (await res.json()) as { text: string; extra_fields: Record<string, unknown> };
    assert.equal(res.status, 200);
    assert.equal(body.text, azure.transcript);
    assert.deepEqual(
      { provider: body.extra_fields.provider, model: body.extra_fields.model_requested, deployment: body.extra_fields.model_deployment },
      { provider: 'azure', model: 'whisper-1', deployment: 'my-whisper' },
    );
    const up = azure.last;
    assert.equal(up.path, '/openai/deployments/my-whisper/audio/transcriptions');
    assert.deepEqual(up.query, { 'api-version': '2024-10-21' });
    assert.equal(up.headers['api-key'], AZURE_KEY);
    assert.equal(up.headers.authorization, undefined);
    assert.deepEqual(up.fields.model, ['whisper-1']);
    assert.deepEqual(up.fields.language, ['en']);
    assert.equal(sha256(up.files[0]!.bytes), sha256(audio));
  });

  test('speech goes to the mapped deployment and streams back', async () => {
    const res = await postJson(`${gw.url}/v1/audio/speech`, { model: 'azure/tts-1', input: 'Hallo', voice: 'nova', response_format: 'opus', speed: 1.5 });
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('x-bf-model-deployment'), 'my-tts');
    assert.ok(Buffer.from(await res.arrayBuffer()).equals(fakeAudio('opus', azure.speechBytes)));
    assert.equal(azure.last.path, '/openai/deployments/my-tts/audio/speech');
    assert.deepEqual(azure.last.json, { model: 'tts-1', input: 'Hallo', voice: 'nova', response_format: 'opus', speed: 1.5 });
  });

  test('a model named by its deployment works too', async () => {
    const res = await transcribe('azure/gpt4o-stt', { response_format: 'text' });
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('x-bf-model-deployment'), 'gpt4o-stt');
    assert.equal(azure.last.path, '/openai/deployments/gpt4o-stt/audio/transcriptions');
  });

  test('a model with no deployment is a 400 naming the config key to set, before any call', async () => {
    const body = await expectError(await transcribe('azure/whisper-2'), 400, 'model_not_deployed');
    assert.match(body.error.message, /providers\.azure\.deployments\.whisper-2/);
    assert.equal(azure.requests.length, 0);
  });

  test('an Entra key entry is sent as a bearer token, with its own api-version', async () => {
    const res = await transcribe('azure-entra/whisper-1');
    assert.equal(res.status, 200);
    assert.equal(azure.last.headers.authorization, 'Bearer entra-token-xyz');
    assert.equal(azure.last.headers['api-key'], undefined);
    assert.equal(azure.last.query['api-version'], '2025-03-01-preview');
  });

  test("Azure's errors keep their status and code, marked as the provider's", async () => {
    const missing = await expectError(
      await postJson(`${gw.url}/v1/audio/speech`, { model: 'azure/tts-2', input: 'x', voice: 'alloy' }),
      404,
      'DeploymentNotFound',
    );
    assert.equal(missing.is_bifrost_error, false);
    assert.match(missing.error.message, /deployment for this resource does not exist/);
    azure.fail({ status: 429, headers: { 'retry-after': '3' }, body: { error: { code: '429', message: 'Requests to the Audio API have exceeded the rate limit.' } } });
    const limited = await transcribe('azure/whisper-1');
    assert.equal(limited.headers.get('retry-after'), '3');
    await expectError(limited, 429, '429');
  });
});

describe('the Azure-shaped inbound routes', () => {
  const azurePath = (prefix: string, deployment: string, op: string) => `${gw.url}${prefix}/deployments/${deployment}/audio/${op}?api-version=2024-10-21`;

  for (const prefix of ['/openai', '/openai/openai']) {
    test(`${prefix}/deployments/{id}/audio/transcriptions serves that deployment`, async () => {
      const res = await upload(azurePath(prefix, 'my-whisper', 'transcriptions'), {
        fields: { model: 'whisper-1', response_format: 'verbose_json' },
        file: { bytes: audio, filename: 'a.wav' },
        headers: { 'api-key': 'client-credential' },
      });
      const body = (await res.json()) as { extra_fields: Record<string, unknown> };
      assert.equal(res.status, 200);
      assert.equal(body.extra_fields.model_deployment, 'my-whisper');
      assert.equal(body.extra_fields.provider, 'azure');
      assert.equal(azure.last.path, '/openai/deployments/my-whisper/audio/transcriptions');
      assert.equal(azure.last.headers['api-key'], AZURE_KEY, "the gateway's own key goes upstream, not the client's");
    });
  }

  test('the speech twin, with no model in the body', async () => {
    const res = await postJson(azurePath('/openai', 'my-tts', 'speech'), { input: 'hi', voice: 'alloy' });
    assert.equal(res.status, 200);
    assert.ok(Buffer.from(await res.arrayBuffer()).equals(fakeAudio('mp3', azure.speechBytes)));
    assert.equal((azure.last.json as { model: string }).model, 'tts-1');
  });

  test('a provider/model in the body wins over the path', async () => {
    const res = await upload(azurePath('/openai', 'my-whisper', 'transcriptions'), { fields: { model: 'openai/whisper-1' }, file: { bytes: audio } });
    assert.equal(res.status, 200);
    assert.equal(azure.requests.length, 0);
    assert.equal(openai.requests.length, 1);
  });

  test('an unknown deployment is a 400 that says where to configure it', async () => {
    const body = await expectError(await postJson(azurePath('/openai', 'nope', 'speech'), { input: 'hi', voice: 'alloy' }), 400, 'deployment_not_configured');
    assert.match(body.error.message, /"nope" is not configured.*providers\.azure\.deployments/);
  });

  test('the official AzureOpenAI client transcribes and synthesizes through the gateway', async () => {
    for (const endpoint of [gw.url, `${gw.url}/openai`]) {
      const stt = new AzureOpenAI({ endpoint, apiKey: 'client-side-key', apiVersion: '2024-10-21', deployment: 'my-whisper', maxRetries: 0 });
      const t = await stt.audio.transcriptions.create({ model: 'whisper-1', file: await toFile(audio, 'a.wav') });
      assert.equal(t.text, azure.transcript);
      const srt = await stt.audio.transcriptions.create({ model: 'whisper-1', file: await toFile(audio, 'a.wav'), response_format: 'srt' });
      assert.match(srt as unknown as string, /^1\n00:00:00,000 -->/);
      const tts = new AzureOpenAI({ endpoint, apiKey: 'client-side-key', apiVersion: '2024-10-21', deployment: 'my-tts', maxRetries: 0 });
      const speech = await tts.audio.speech.create({ model: 'tts-1', input: 'Hello', voice: 'alloy', response_format: 'wav' });
      assert.ok(Buffer.from(await speech.arrayBuffer()).equals(fakeAudio('wav', azure.speechBytes)));
    }
  });
});

describe('azure configuration', () => {
  const check = async (providers: Record<string, unknown>): Promise<string> => {
    try {
      await prepare(parseConfigText(stringify({ providers, plugins: [] }), 'x.yaml', {}), createLogger({ level: 'silent', destination: 'stderr', pretty: false }));
    } catch (err) {
      return (err as Error).message;
    }
    return 'valid';
  };

  test('endpoint is required, base_url is refused, key types are checked', async () => {
    assert.match(await check({ azure: { keys: [{ value: 'k' }] } }), /providers\.azure\.endpoint: is required/);
    assert.match(await check({ azure: { endpoint: 'https://r.openai.azure.com', base_url: 'https://x' } }), /providers\.azure\.base_url: is not used here/);
    assert.match(await check({ azure: { endpoint: 'https://r.openai.azure.com', keys: [{ value: 'k', type: 'oauth' }] } }), /providers\.azure\.keys\[0\]\.type: must be one of "api_key", "entra"/);
    assert.equal(await check({ azure: { endpoint: 'https://r.openai.azure.com', deployments: { 'whisper-1': 'w' } } }), 'valid');
  });

  test('without an azure provider the Azure-shaped routes do not exist', async () => {
    const plain = await startGateway({ providers: { openai: { base_url: openai.url } }, plugins: [] });
    try {
      await expectError(await postJson(`${plain.url}/openai/deployments/my-tts/audio/speech`, { input: 'hi', voice: 'alloy' }), 404, 'route_not_found');
    } finally {
      await plain.close();
    }
  });
});
