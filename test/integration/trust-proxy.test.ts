// server.trust_proxy: which address an anonymous client is known by, seen
// through the per-client rate limit (its bucket is anon:<address>) and the
// realtime session cap. The hot routes (node's own request), the routes
// express serves (a trailing slash) and WebSocket upgrades must all read
// X-Forwarded-For as the setting says, and ignore it when it is off.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { FakeOpenAI } from '../fakes/openai.js';
import { fakeDeepgramLive, type RealtimeFake } from '../fakes/realtime-vendors.js';
import { openAIConfig, startGateway, type TestGateway } from '../helpers/gateway.js';
import { expectError, postJson } from '../helpers/http.js';
import { RealtimeClient, realtimeProviders, refusedUpgrade, transcriptionSession } from '../helpers/realtime.js';
import { UPSTREAM_KEY } from '../helpers/setup.js';

// The default chain, with a per-client limit of two requests a minute.
const CHAIN = [{ name: 'auth' }, { name: 'rate-limit', requests_per_minute: 2 }, { name: 'async-job' }, { name: 'cache' }, { name: 'fallback' }, { name: 'logging' }];

let fake: FakeOpenAI;
let deepgram: RealtimeFake;
const gateways: TestGateway[] = [];
before(async () => {
  fake = await FakeOpenAI.start({ apiKey: UPSTREAM_KEY });
  deepgram = await fakeDeepgramLive();
});
after(async () => {
  for (const gw of gateways) await gw.close();
  await fake.close();
  await deepgram.close();
});

async function gateway(trust_proxy: boolean | string | number): Promise<TestGateway> {
  const config = openAIConfig(fake.url, { server: { trust_proxy }, auth: { required: false }, plugins: CHAIN });
  const gw = await startGateway({ ...config, providers: { ...(config.providers as object), ...realtimeProviders({ deepgram: deepgram.url }) }, realtime: { max_sessions_per_key: 1 } });
  gateways.push(gw);
  return gw;
}

// Distinct inputs, so the cache answers none of them.
let n = 0;
const speak = (gw: TestGateway, forwardedFor: string, path = '/v1/audio/speech') =>
  postJson(`${gw.url}${path}`, { model: 'openai/tts-1', input: `Hello ${++n}`, voice: 'alloy' }, { 'x-forwarded-for': forwardedFor });

async function ok(pending: Promise<Response>): Promise<string | null> {
  const res = await pending;
  assert.equal(res.status, 200, await res.clone().text());
  await res.arrayBuffer();
  return res.headers.get('x-ratelimit-remaining');
}

for (const setting of [true, 'loopback', 1] as const) {
  describe(`trust_proxy: ${JSON.stringify(setting)}`, () => {
    let gw: TestGateway;
    before(async () => {
      gw = await gateway(setting);
    });

    test('each forwarded client has its own bucket, on the hot route and on the route express serves', async () => {
      assert.equal(await ok(speak(gw, '203.0.113.1')), '1');
      assert.equal(await ok(speak(gw, '203.0.113.1', '/v1/audio/speech/')), '0');
      await expectError(await speak(gw, '203.0.113.1'), 429, 'rate_limit_exceeded');
      // Another client behind the same proxy is not refused for the first one's requests.
      assert.equal(await ok(speak(gw, '203.0.113.2', '/v1/audio/speech/')), '1');
      assert.equal(await ok(speak(gw, '203.0.113.2')), '0');
      // true trusts every hop, so the leftmost address is the client; otherwise the nearest untrusted hop is,
      // and an address the client itself put first does not pick another bucket.
      const spoofed = speak(gw, '198.51.100.7, 203.0.113.2');
      if (setting === true) assert.equal(await ok(spoofed), '1');
      else await expectError(await spoofed, 429, 'rate_limit_exceeded');
    });

    test('realtime sessions are capped per forwarded client', async () => {
      const url = `${gw.url}/v1/realtime?intent=transcription&model=deepgram/nova-3`;
      const a = await RealtimeClient.open(url, { headers: { 'x-forwarded-for': '203.0.113.10' } });
      a.send(transcriptionSession());
      try {
        const same = await refusedUpgrade(url, { headers: { 'x-forwarded-for': '203.0.113.10' } });
        assert.equal(same.status, 429);
        assert.equal((same.body.error as { code?: string }).code, 'too_many_sessions');
        const other = await RealtimeClient.open(url, { headers: { 'x-forwarded-for': '203.0.113.11' } });
        await other.close();
      } finally {
        await a.close();
      }
    });
  });
}

describe('trust_proxy: false (the default)', () => {
  let gw: TestGateway;
  let realtimeGw: TestGateway; // its own, as a session counts against the rate limit too
  before(async () => {
    gw = await gateway(false);
    realtimeGw = await gateway(false);
  });

  test('realtime sessions are capped per socket address', async () => {
    const url = `${realtimeGw.url}/v1/realtime?intent=transcription&model=deepgram/nova-3`;
    const a = await RealtimeClient.open(url, { headers: { 'x-forwarded-for': '203.0.113.10' } });
    a.send(transcriptionSession());
    try {
      const other = await refusedUpgrade(url, { headers: { 'x-forwarded-for': '203.0.113.11' } });
      assert.equal(other.status, 429);
      assert.equal((other.body.error as { code?: string }).code, 'too_many_sessions');
    } finally {
      await a.close();
    }
  });

  test('X-Forwarded-For is ignored: every request from this socket address shares one bucket', async () => {
    assert.equal(await ok(speak(gw, '203.0.113.1')), '1');
    assert.equal(await ok(speak(gw, '203.0.113.2', '/v1/audio/speech/')), '0');
    await expectError(await speak(gw, '203.0.113.3'), 429, 'rate_limit_exceeded');
    await expectError(await speak(gw, '203.0.113.4', '/v1/audio/speech/'), 429, 'rate_limit_exceeded');
  });
});
