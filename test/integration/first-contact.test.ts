// What a newcomer meets beyond the happy path: bare model names with and
// without a default provider (also in fallbacks), GET /v1/models with models
// from config, bring-your-own-key (allow_client_keys) including a key the
// provider refuses, and the serve flags with bad or busy ports.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { FakeOpenAI } from '../fakes/openai.js';
import { fakeAudio } from '../fakes/audio.js';
import { runCli, startCli } from '../helpers/cli.js';
import { startGateway, type TestGateway } from '../helpers/gateway.js';
import { expectError, postJson, upload } from '../helpers/http.js';
import { freePort } from '../helpers/redis.js';
import { shippedConfigWith } from '../helpers/shipped-config.js';
import { waitFor } from '../helpers/wait.js';
import { UPSTREAM_KEY } from '../helpers/setup.js';

const audio = { bytes: fakeAudio('mp3', 8_000), filename: 'a.mp3' };
const transcribe = (url: string, fields: Record<string, string | string[]>, headers: Record<string, string> = {}) =>
  upload(`${url}/v1/audio/transcriptions`, { fields, file: audio, headers });

let fake: FakeOpenAI;
before(async () => {
  fake = await FakeOpenAI.start({ apiKey: UPSTREAM_KEY });
});
after(() => fake.close());

describe('bare model names', () => {
  test('with no openai provider and no routing.default_provider: a 400 naming the setting, for model and fallbacks', async () => {
    const gw = await startGateway({ providers: { local: { type: 'openai', base_url: fake.url, keys: [{ value: UPSTREAM_KEY }] } }, auth: { required: false } });
    try {
      const body = await expectError(await transcribe(gw.url, { model: 'whisper-1' }), 400, 'invalid_model');
      assert.equal(body.error.param, 'model');
      assert.match(body.error.message, /routing\.default_provider/);
      assert.match(body.error.message, /local/);
      const speech = await expectError(await postJson(`${gw.url}/v1/audio/speech`, { model: 'local/tts-1', fallbacks: ['tts-1'], input: 'Hi', voice: 'alloy' }), 400, 'invalid_model');
      assert.equal(speech.error.param, 'fallbacks[0]');
      assert.equal(fake.requests.length, 0, 'refused before any provider call');
    } finally {
      await gw.close();
    }
  });

  test('routing.default_provider sends bare names, fallbacks included, to the provider it names', async () => {
    const gw = await startGateway(
      shippedConfigWith({ providers: { local: { type: 'openai', base_url: fake.url, keys: [{ value: UPSTREAM_KEY }], models: ['large-v3'] } }, routing: { default_provider: 'local' } }),
      { env: { OPENAI_BASE_URL: 'http://127.0.0.1:9/v1', OPENAI_API_KEY: 'sk-unreachable' } },
    );
    try {
      fake.reset();
      const res = await transcribe(gw.url, { model: 'large-v3' });
      const body = (await res.json()) as { extra_fields: { provider: string } };
      assert.equal(res.status, 200, JSON.stringify(body));
      assert.equal(body.extra_fields.provider, 'local');
      // The primary (openai, unreachable) fails; the bare fallback goes to local.
      const fell = await transcribe(gw.url, { model: 'openai/whisper-1', fallbacks: ['large-v3'] });
      const fellBody = (await fell.json()) as { extra_fields: { provider: string; fallback_index: number } };
      assert.equal(fell.status, 200, JSON.stringify(fellBody));
      assert.equal(fellBody.extra_fields.provider, 'local');
      assert.equal(fellBody.extra_fields.fallback_index, 1);

      const list = (await (await fetch(`${gw.url}/v1/models`)).json()) as { object: string; data: Array<{ id: string; object: string; owned_by: string }> };
      assert.equal(list.object, 'list');
      const ids = list.data.map((m) => m.id);
      assert.ok(ids.includes('local/large-v3'), 'models from config are listed');
      assert.ok(ids.includes('local/whisper-1') && ids.includes('openai/tts-1'), "each adapter's known models are listed");
      assert.equal(new Set(ids).size, ids.length, 'no duplicates');
    } finally {
      await gw.close();
    }
  });

  test('routing.default_provider naming no configured provider stops start-up with the key path', async () => {
    await assert.rejects(
      startGateway(shippedConfigWith({ routing: { default_provider: 'nowhere' } }), { env: {} }),
      (err: Error) => /routing\.default_provider: names provider "nowhere", which is not configured/.test(err.message),
    );
  });
});

describe('bring-your-own-key: providers.openai.allow_client_keys', () => {
  const CLIENT_KEY = 'sk-proj-client-own-key-0123456789';
  const REFUSED_KEY = 'sk-proj-client-refused-key-9876543210';
  let own: FakeOpenAI;
  let gw: TestGateway;
  before(async () => {
    own = await FakeOpenAI.start({ apiKey: CLIENT_KEY });
    // The shipped config with no OPENAI_API_KEY: the gateway holds no key of its own.
    const config = shippedConfigWith();
    const providers = config.providers as Record<string, Record<string, unknown>>;
    providers.openai = { ...providers.openai, allow_client_keys: true };
    gw = await startGateway(config, { env: { OPENAI_BASE_URL: own.url } });
  });
  after(async () => {
    await gw.close();
    await own.close();
  });
  const bearer = (key: string) => ({ authorization: `Bearer ${key}` });

  test("the client's key calls the provider; without one the gateway has none", async () => {
    const res = await transcribe(gw.url, { model: 'whisper-1' }, bearer(CLIENT_KEY));
    assert.equal(res.status, 200, await res.clone().text());
    assert.equal(own.last.headers.authorization, `Bearer ${CLIENT_KEY}`);
    await expectError(await transcribe(gw.url, { model: 'whisper-1' }), 503, 'provider_key_missing');
  });

  test("a key the provider refuses: its 401 relayed, the key in no answer or log line", async () => {
    const res = await transcribe(gw.url, { model: 'whisper-1' }, bearer(REFUSED_KEY));
    const text = await res.clone().text();
    const body = await expectError(res, 401, 'invalid_api_key');
    assert.equal(body.is_bifrost_error, false, "the provider's refusal, not the gateway's");
    assert.equal(body.extra_fields.provider, 'openai');
    assert.ok(!text.includes(REFUSED_KEY));
    await waitFor(() => gw.logs.records.some((r) => r.status === 401), 'the request line');
    assert.ok(!gw.logs.text.includes(REFUSED_KEY) && !gw.logs.text.includes(CLIENT_KEY), 'no log line holds a client key');
  });

  test('cache entries made with a client key are that key’s alone', async () => {
    const headers = (key: string) => ({ ...bearer(key), 'x-bf-cache-key': 'byok' });
    own.reset();
    assert.equal((await transcribe(gw.url, { model: 'whisper-1' }, headers(CLIENT_KEY))).status, 200);
    const hit = await transcribe(gw.url, { model: 'whisper-1' }, headers(CLIENT_KEY));
    assert.equal(((await hit.json()) as { extra_fields: { cache_debug: { cache_hit: boolean } } }).extra_fields.cache_debug.cache_hit, true);
    assert.equal(own.requests.length, 1);
    // Another key (the same anonymous caller) misses, and the provider judges it.
    await expectError(await transcribe(gw.url, { model: 'whisper-1' }, headers(REFUSED_KEY)), 401);
    assert.equal(own.requests.length, 2);
  });

  test('an async job runs with the client key and its record holds none', async () => {
    const submitted = await upload(`${gw.url}/v1/async/audio/transcriptions`, { fields: { model: 'whisper-1' }, file: audio, headers: bearer(CLIENT_KEY) });
    assert.equal(submitted.status, 202, await submitted.clone().text());
    const { id } = (await submitted.json()) as { id: string };
    let job: { status: string; result?: { text: string } } | undefined;
    let raw = '';
    await waitFor(async () => {
      const res = await fetch(`${gw.url}/v1/async/audio/transcriptions/${id}`);
      raw = await res.text();
      job = JSON.parse(raw) as typeof job;
      return job?.status === 'completed' || job?.status === 'failed';
    }, 'the job to finish');
    assert.equal(job?.status, 'completed', raw);
    assert.equal(job?.result?.text, own.transcript);
    assert.ok(!raw.includes(CLIENT_KEY));
    assert.ok(!gw.logs.text.includes(CLIENT_KEY));
  });
});

describe('voxgate serve flags', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'voxgate-first-contact-'));
  const config = path.join(dir, 'gateway.yaml');
  writeFileSync(config, `server: { port: 1 }\nauth: { required: false }\nproviders:\n  openai: { base_url: "http://127.0.0.1:9/v1", keys: [{ value: k }] }\n`);

  test('--port, --host and --store override the config file', async () => {
    const port = await freePort();
    const cli = startCli(['serve', '--config', config, '--port', String(port), '--host', '127.0.0.1', '--store', 'memory://']);
    try {
      assert.equal(await cli.listening(), `http://127.0.0.1:${port}`);
      const ready = (await (await fetch(`http://127.0.0.1:${port}/ready`)).json()) as { store: string };
      assert.equal(ready.store, 'memory');
    } finally {
      assert.equal(await cli.stop(), 0);
    }
  });

  test('a --port out of range is refused before anything starts (every bad flag: test/unit/serve-flags.test.ts)', () => {
    const r = runCli(['serve', '--config', config, '--port', '70000']);
    assert.equal(r.status, 2, r.stderr);
    assert.match(r.stderr, /--port "70000" is not a port: give a number from 0 to 65535/);
  });

  test('a port in use names the flag and the variable to change it', async () => {
    const blocker = net.createServer().listen(0, '127.0.0.1');
    await new Promise((r) => blocker.once('listening', r));
    const { port } = blocker.address() as net.AddressInfo;
    try {
      const r = runCli(['serve', '--config', config, '--port', String(port)]);
      assert.equal(r.status, 1);
      assert.match(r.stderr, new RegExp(`cannot listen on 127\\.0\\.0\\.1:${port}: the port is in use; pick another port with --port N or VOXGATE_PORT=N`));
      const viaEnv = runCli(['serve'], { VOXGATE_PORT: String(port) });
      assert.equal(viaEnv.status, 1);
      assert.match(viaEnv.stderr, /the port is in use; pick another port with --port N or VOXGATE_PORT=N/);
    } finally {
      blocker.close();
    }
  });
});
