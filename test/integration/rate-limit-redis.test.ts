// Limits shared through a real redis-server: two gateway processes enforce
// one limit (requests, characters, concurrency), and when Redis goes away the
// on_store_error policy decides, loudly, both ways.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { stringify } from 'yaml';
import { generateVirtualKey } from '../../plugins/auth/keys.js';
import { FakeOpenAI } from '../fakes/openai.js';
import { startCli, type RunningCli } from '../helpers/cli.js';
import { openAIConfig, startGateway, type TestGateway } from '../helpers/gateway.js';
import { expectError, postJson } from '../helpers/http.js';
import { freePort, startRedis, type RedisServer } from '../helpers/redis.js';
import { UPSTREAM_KEY } from '../helpers/setup.js';
import { waitFor } from '../helpers/wait.js';

const KEYS = { burst: generateVirtualKey(), chars: generateVirtualKey(), conc: generateVirtualKey() };
const virtualKeys = [
  { name: 'burst', key: KEYS.burst, rate_limit: { requests_per_minute: 5 } },
  { name: 'chars', key: KEYS.chars, rate_limit: { characters_per_minute: 20 } },
  { name: 'conc', key: KEYS.conc, rate_limit: { max_concurrent: 1 } },
];

let fake: FakeOpenAI;
let redis: RedisServer;

before(async () => {
  fake = await FakeOpenAI.start({ apiKey: UPSTREAM_KEY });
  redis = await startRedis();
});
after(async () => {
  await fake.close();
  await redis.stop();
});

const speak = (url: string, key: string, input = 'Hello') =>
  postJson(`${url}/v1/audio/speech`, { model: 'openai/tts-1', input, voice: 'alloy' }, { authorization: `Bearer ${key}` });

describe('two gateway processes on one Redis', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'voxgate-rl-redis-'));
  let gateways: RunningCli[] = [];
  let urls: string[] = [];

  before(async () => {
    gateways = await Promise.all(
      [0, 1].map(async (i) => {
        const file = path.join(dir, `gateway-${i}.yaml`);
        writeFileSync(
          file,
          stringify({
            server: { port: await freePort() },
            store: { url: redis.url },
            providers: { openai: { base_url: fake.url, keys: [{ value: UPSTREAM_KEY }] } },
            auth: { virtual_keys: virtualKeys },
            plugins: [{ name: 'auth' }, { name: 'rate-limit', on_store_error: 'refuse' }],
          }),
        );
        return startCli(['serve', '--config', file]);
      }),
    );
    urls = await Promise.all(gateways.map((g) => g.listening()));
  });
  after(async () => {
    for (const g of gateways) await g.stop();
  });

  test('a parallel burst split across both lets exactly the limit through', async () => {
    const before = fake.requests.length;
    const statuses = await Promise.all(
      Array.from({ length: 20 }, (_, i) => speak(urls[i % 2]!, KEYS.burst).then(async (r) => (await r.arrayBuffer(), r.status))),
    );
    assert.equal(statuses.filter((s) => s === 200).length, 5);
    assert.equal(statuses.filter((s) => s === 429).length, 15);
    assert.equal(fake.requests.length - before, 5);
  });

  test('characters used on one instance count on the other', async () => {
    const first = await speak(urls[0]!, KEYS.chars, '12345678');
    assert.equal(first.headers.get('x-ratelimit-remaining-characters'), '12');
    await first.arrayBuffer();
    const second = await speak(urls[1]!, KEYS.chars, '12345678');
    assert.equal(second.headers.get('x-ratelimit-remaining-characters'), '4');
    await second.arrayBuffer();
    await expectError(await speak(urls[0]!, KEYS.chars, '12345678'), 429, 'character_limit_exceeded');
  });

  test('a request running on one instance holds the only slot on both', async () => {
    fake.fail({ hang: true });
    const client = new AbortController();
    const seen = fake.requests.length;
    const running = fetch(`${urls[0]}/v1/audio/speech`, {
      method: 'POST',
      signal: client.signal,
      headers: { 'content-type': 'application/json', authorization: `Bearer ${KEYS.conc}` },
      body: JSON.stringify({ model: 'openai/tts-1', input: 'slow', voice: 'alloy' }),
    }).catch(() => undefined);
    await waitFor(() => fake.requests.length > seen, 'the slow request to reach the provider');
    await expectError(await speak(urls[1]!, KEYS.conc), 429, 'concurrency_limit_exceeded');
    client.abort();
    await running;
    await waitFor(async () => {
      const res = await speak(urls[1]!, KEYS.conc);
      await res.arrayBuffer();
      return res.status === 200;
    }, 'the slot to come free on the other instance');
  });

  test('no key is logged by either process', () => {
    for (const g of gateways) for (const key of Object.values(KEYS)) assert.ok(!g.output().includes(key));
  });
});

describe('Redis unreachable', () => {
  let own: RedisServer;
  let allow: TestGateway;
  let refuse: TestGateway;
  const key = generateVirtualKey();

  before(async () => {
    own = await startRedis();
    const config = (policy: string) =>
      openAIConfig(fake.url, {
        store: { url: own.url },
        auth: { virtual_keys: [{ name: 'team', key, rate_limit: { requests_per_minute: 100 } }] },
        plugins: [{ name: 'auth' }, { name: 'rate-limit', on_store_error: policy }],
      });
    allow = await startGateway(config('allow'));
    refuse = await startGateway(config('refuse'));
  });
  after(async () => {
    await allow.close();
    await refuse.close();
    await own.stop();
  });

  const storeErrors = (gw: TestGateway) => gw.logs.records.filter((r) => r.level === 50 && /rate-limit store unreachable/.test(String(r.msg)));

  test('counted while Redis is up', async () => {
    for (const gw of [allow, refuse]) {
      const res = await speak(gw.url, key);
      assert.equal(res.status, 200);
      assert.equal(res.headers.get('x-ratelimit-limit'), '100');
      await res.arrayBuffer();
    }
  });

  test('on_store_error: allow lets calls through unlimited, and says so at error level', async () => {
    await own.stop();
    for (let i = 0; i < 3; i++) {
      const res = await speak(allow.url, key);
      assert.equal(res.status, 200);
      assert.equal(res.headers.get('x-ratelimit-limit'), null, 'nothing counted, nothing claimed');
      await res.arrayBuffer();
    }
    const logged = storeErrors(allow);
    assert.ok(logged.length >= 1);
    assert.match(String(logged[0]!.msg), /letting requests through unlimited \(on_store_error: allow\)/);
  });

  test('on_store_error: refuse answers 503 with Retry-After, says so at error level, and recovers with Redis', async () => {
    const res = await speak(refuse.url, key);
    assert.equal(res.headers.get('retry-after'), '5');
    const body = await expectError(res, 503, 'rate_limit_store_unavailable');
    assert.match(body.error.message, /on_store_error: refuse/);
    assert.match(String(storeErrors(refuse)[0]?.msg), /refusing requests with 503/);
    await own.restart();
    await waitFor(async () => {
      const again = await speak(refuse.url, key);
      await again.arrayBuffer();
      return again.status === 200;
    }, 'requests to be counted again once Redis is back', 15_000);
  });

  test('no key in the logs', () => {
    assert.ok(!allow.logs.text.includes(key) && !refuse.logs.text.includes(key));
  });
});
