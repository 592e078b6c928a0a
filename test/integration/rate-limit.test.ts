// The rate-limit plugin on one instance (memory store): requests and speech
// characters per minute, concurrent requests, per-key overrides of the
// plugin's defaults, the X-RateLimit-* headers and Retry-After, refusals that
// consume nothing, and a parallel burst that never gets past the limit.
import { after, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { generateVirtualKey } from '../../plugins/auth/keys.js';
import { FakeOpenAI } from '../fakes/openai.js';
import { fakeAudio } from '../fakes/audio.js';
import { openAIConfig, startGateway, type TestGateway } from '../helpers/gateway.js';
import { expectError, postJson, upload } from '../helpers/http.js';
import { signHs256, validClaims } from '../helpers/jwt.js';
import { UPSTREAM_KEY } from '../helpers/setup.js';
import { waitFor } from '../helpers/wait.js';

const SECRET = 'rate-limit-test-secret-0123456789-0123456789';
const LIMITS = {
  rpm: { requests_per_minute: 3 },
  other: { requests_per_minute: 3 },
  chars: { characters_per_minute: 20, requests_per_minute: 100 },
  conc: { max_concurrent: 2, requests_per_minute: 1000 },
  burst: { requests_per_minute: 10 },
  shared: { requests_per_minute: 2 },
  plain: undefined,
} as const;
type KeyName = keyof typeof LIMITS;
const KEYS = Object.fromEntries(Object.keys(LIMITS).map((name) => [name, generateVirtualKey()])) as Record<KeyName, string>;

let fake: FakeOpenAI;
let gw: TestGateway;

before(async () => {
  fake = await FakeOpenAI.start({ apiKey: UPSTREAM_KEY });
  gw = await startGateway(
    openAIConfig(fake.url, {
      auth: {
        required: false,
        jwt: { secret: SECRET, issuer: 'voxgate-test', audience: 'speech-api' },
        virtual_keys: Object.entries(LIMITS).map(([name, rate_limit]) => ({ name, key: KEYS[name as KeyName], ...(rate_limit ? { rate_limit } : {}) })),
      },
      plugins: [{ name: 'auth' }, { name: 'rate-limit', requests_per_minute: 5 }],
    }),
  );
});
after(async () => {
  await gw.close();
  await fake.close();
});
beforeEach(() => fake.reset());

const auth = (token?: string): Record<string, string> => (token ? { authorization: `Bearer ${token}` } : {});
const speak = (token?: string, input = 'Hello') => postJson(`${gw.url}/v1/audio/speech`, { model: 'openai/tts-1', input, voice: 'alloy' }, auth(token));
const transcribe = (token?: string) => upload(`${gw.url}/v1/audio/transcriptions`, { fields: { model: 'openai/whisper-1' }, file: { bytes: fakeAudio('mp3', 300) }, headers: auth(token) });

async function ok(pending: Promise<Response>): Promise<Headers> {
  const res = await pending;
  assert.equal(res.status, 200, await res.clone().text());
  await res.arrayBuffer();
  return res.headers;
}

const inWindow = (value: string | null) => {
  const n = Number(value);
  assert.ok(Number.isInteger(n) && n >= 1 && n <= 60, `expected 1..60 seconds, got ${value}`);
};

describe('requests per minute', () => {
  test('each answer reports limit, remaining and reset; past the limit: 429 with Retry-After', async () => {
    for (const remaining of ['2', '1', '0']) {
      const headers = await ok(speak(KEYS.rpm));
      assert.equal(headers.get('x-ratelimit-limit'), '3');
      assert.equal(headers.get('x-ratelimit-remaining'), remaining);
      inWindow(headers.get('x-ratelimit-reset'));
    }
    const refused = await speak(KEYS.rpm);
    inWindow(refused.headers.get('retry-after'));
    assert.equal(refused.headers.get('x-ratelimit-limit'), '3');
    assert.equal(refused.headers.get('x-ratelimit-remaining'), '0');
    const body = await expectError(refused, 429, 'rate_limit_exceeded');
    assert.equal(body.error.type, 'rate_limit_error');
    assert.match(body.error.message, /Virtual key "rpm" may make 3 requests per minute.*retry after \d+ s/);
    assert.equal(fake.requests.length, 3, 'the refused request never reached the provider');
  });

  test('every principal has its own count, and transcriptions count too', async () => {
    assert.equal((await ok(speak(KEYS.other))).get('x-ratelimit-remaining'), '2');
    assert.equal((await ok(transcribe(KEYS.other))).get('x-ratelimit-remaining'), '1');
  });

  test('principals without their own rate_limit get the plugin defaults: keys, admins per subject, anonymous per address', async () => {
    assert.equal((await ok(speak(KEYS.plain))).get('x-ratelimit-limit'), '5');
    const alice = signHs256(validClaims({ role: 'admin', sub: 'alice' }), SECRET);
    const bob = signHs256(validClaims({ role: 'admin', sub: 'bob' }), SECRET);
    assert.equal((await ok(speak(alice))).get('x-ratelimit-remaining'), '4');
    assert.equal((await ok(speak(alice))).get('x-ratelimit-remaining'), '3');
    assert.equal((await ok(speak(bob))).get('x-ratelimit-remaining'), '4');
    const anon = await ok(speak());
    assert.deepEqual([anon.get('x-ratelimit-limit'), anon.get('x-ratelimit-remaining')], ['5', '4']);
  });

  test('a virtual-key JWT and the key itself share one count', async () => {
    const token = signHs256(validClaims({ vk: 'shared' }), SECRET);
    assert.equal((await ok(speak(KEYS.shared))).get('x-ratelimit-remaining'), '1');
    assert.equal((await ok(speak(token))).get('x-ratelimit-remaining'), '0');
    await expectError(await speak(KEYS.shared), 429, 'rate_limit_exceeded');
  });

  test('the headers ride on error answers too', async () => {
    fake.fail({ status: 400, body: { error: { message: 'Voice nobody is not one of the voices', type: 'invalid_request_error', param: 'voice', code: null } } });
    const res = await speak(KEYS.plain);
    assert.equal(res.headers.get('x-ratelimit-limit'), '5');
    assert.equal(res.headers.get('x-ratelimit-remaining'), '3');
    await expectError(res, 400);
  });
});

describe('speech characters per minute', () => {
  test('input counts against the minute; a refusal consumes neither characters nor the request', async () => {
    const first = await ok(speak(KEYS.chars, '12345678'));
    assert.deepEqual([first.get('x-ratelimit-limit-characters'), first.get('x-ratelimit-remaining-characters'), first.get('x-ratelimit-remaining')], ['20', '12', '99']);
    inWindow(first.get('x-ratelimit-reset-characters'));
    assert.equal((await ok(speak(KEYS.chars, '12345678'))).get('x-ratelimit-remaining-characters'), '4');
    const refused = await speak(KEYS.chars, '12345678');
    assert.equal(refused.headers.get('x-ratelimit-remaining-characters'), '4');
    assert.equal(refused.headers.get('x-ratelimit-remaining'), '98', 'the refused request gave its count back');
    inWindow(refused.headers.get('retry-after'));
    const body = await expectError(refused, 429, 'character_limit_exceeded');
    assert.match(body.error.message, /20 characters of speech input per minute; 16 are used this minute and this request has 8/);
    const last = await ok(speak(KEYS.chars, '1234'));
    assert.deepEqual([last.get('x-ratelimit-remaining-characters'), last.get('x-ratelimit-remaining')], ['0', '97']);
  });

  test('input longer than a whole minute allows is 400, since waiting cannot help', async () => {
    const body = await expectError(await speak(KEYS.chars, 'x'.repeat(21)), 400, 'input_exceeds_character_limit');
    assert.equal(body.error.param, 'input');
    assert.match(body.error.message, /21 characters, more than the 20 per minute/);
  });

  test('transcriptions carry no character headers', async () => {
    const headers = await ok(transcribe(KEYS.chars));
    assert.equal(headers.get('x-ratelimit-limit-characters'), null);
    assert.equal(headers.get('x-ratelimit-limit'), '100');
  });
});

describe('concurrent requests', () => {
  test('past max_concurrent: 429 until a running request ends; the refusal consumes no request count', async () => {
    fake.fail({ hang: true, times: 2 });
    const clients = [new AbortController(), new AbortController()];
    const running = clients.map((c) =>
      fetch(`${gw.url}/v1/audio/speech`, { method: 'POST', signal: c.signal, headers: { 'content-type': 'application/json', ...auth(KEYS.conc) }, body: JSON.stringify({ model: 'openai/tts-1', input: 'slow', voice: 'alloy' }) }).catch(() => undefined),
    );
    await waitFor(() => fake.requests.length === 2, 'both requests to reach the provider');
    const refused = await speak(KEYS.conc);
    assert.equal(refused.headers.get('retry-after'), '1');
    assert.equal(refused.headers.get('x-ratelimit-remaining'), '998', 'two running, the refused one given back');
    const body = await expectError(refused, 429, 'concurrency_limit_exceeded');
    assert.match(body.error.message, /may have 2 request\(s\) running at once/);
    assert.equal(fake.requests.length, 2);

    clients[0]!.abort();
    await running[0];
    await waitFor(async () => {
      const res = await speak(KEYS.conc);
      await res.arrayBuffer();
      return res.status === 200;
    }, 'a slot to come free once a client goes away');
    clients[1]!.abort();
    await running[1];
  });
});

test('a parallel burst never lets more than the limit through', async () => {
  const answers = await Promise.all(Array.from({ length: 40 }, () => speak(KEYS.burst).then(async (r) => (await r.arrayBuffer(), r.status))));
  assert.equal(answers.filter((s) => s === 200).length, 10);
  assert.equal(answers.filter((s) => s === 429).length, 30);
  assert.equal(fake.requests.length, 10);
});
