// The auth plugin with virtual keys: every header a key may come in, every
// way a credential is refused (401) or a model is (403), anonymous access
// when auth is optional, and no key ever echoed in an answer or a log line.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { generateVirtualKey, sha256Hex } from '../../plugins/auth/keys.js';
import { FakeOpenAI } from '../fakes/openai.js';
import { fakeAudio } from '../fakes/audio.js';
import { openAIConfig, startGateway, type TestGateway } from '../helpers/gateway.js';
import { expectError, postJson, upload } from '../helpers/http.js';
import { UPSTREAM_KEY } from '../helpers/setup.js';

const KEY_A = generateVirtualKey();
const KEY_B = generateVirtualKey();
const KEY_FROZEN = generateVirtualKey();
const UNKNOWN_KEY = generateVirtualKey();

const authConfig = (required: boolean) => ({
  extensions: { plugins: ['./fixtures/plugins'] },
  plugins: [{ name: 'auth' }, { name: 'whoami' }],
  auth: {
    required,
    virtual_keys: [
      { name: 'team-a', key: KEY_A, allowed_models: ['openai/tts-*', 'openai/whisper-1'], rate_limit: { requests_per_minute: 100 } },
      { name: 'team-b', key_sha256: sha256Hex(KEY_B) },
      { name: 'frozen', key: KEY_FROZEN, allowed_models: [] },
    ],
  },
});

let fake: FakeOpenAI;
let gw: TestGateway;
let open: TestGateway;
/** Every answer's headers and body, for the never-echoed check at the end. */
const seen: string[] = [];

before(async () => {
  fake = await FakeOpenAI.start({ apiKey: UPSTREAM_KEY });
  gw = await startGateway(openAIConfig(fake.url, authConfig(true)));
  open = await startGateway(openAIConfig(fake.url, authConfig(false)));
});
after(async () => {
  await gw.close();
  await open.close();
  await fake.close();
});

async function track(pending: Promise<Response>): Promise<Response> {
  const res = await pending;
  seen.push(JSON.stringify([...res.headers]), await res.clone().text());
  return res;
}

const speak = (headers: Record<string, string>, body: Record<string, unknown> = {}, base = gw.url) =>
  track(postJson(`${base}/v1/audio/speech`, { model: 'openai/tts-1', input: 'Hello', voice: 'alloy', ...body }, headers));

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

describe('virtual keys', () => {
  test('a key is accepted from Authorization: Bearer, x-bf-vk and api-key alike', async () => {
    const variants: Array<Record<string, string>> = [bearer(KEY_A), { 'x-bf-vk': KEY_A }, { 'api-key': KEY_A }];
    for (const headers of variants) {
      const res = await speak(headers);
      assert.equal(res.status, 200, JSON.stringify(Object.keys(headers)));
      assert.equal(res.headers.get('x-principal'), 'vk:team-a');
      assert.equal(res.headers.get('x-principal-kind'), 'virtual_key');
      assert.equal(res.headers.get('x-principal-admin'), 'false');
      assert.deepEqual(JSON.parse(res.headers.get('x-principal-limits')!), { requests_per_minute: 100 });
      await res.arrayBuffer();
    }
  });

  test('a key configured only by its sha256 is accepted, and may use every model when allowed_models is unset', async () => {
    const res = await speak(bearer(KEY_B), { model: 'openai/gpt-4o-mini-tts' });
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('x-principal'), 'vk:team-b');
    await res.arrayBuffer();
  });

  test('the transcription route and the /openai/v1 alias authenticate the same way', async () => {
    const ok = await track(upload(`${gw.url}/openai/v1/audio/transcriptions`, { fields: { model: 'openai/whisper-1' }, file: { bytes: fakeAudio('mp3', 500) }, headers: bearer(KEY_A) }));
    assert.equal(ok.status, 200);
    assert.equal(ok.headers.get('x-principal'), 'vk:team-a');
    await ok.arrayBuffer();
    await expectError(await track(upload(`${gw.url}/v1/audio/transcriptions`, { fields: { model: 'openai/whisper-1' }, file: { bytes: fakeAudio('mp3', 500) } })), 401, 'missing_credentials');
  });

  test('the same key in several headers is fine; different credentials are refused', async () => {
    const same = await speak({ ...bearer(KEY_A), 'x-bf-vk': KEY_A });
    assert.equal(same.status, 200);
    await same.arrayBuffer();
    const body = await expectError(await speak({ ...bearer(KEY_A), 'x-bf-vk': KEY_B }), 401, 'conflicting_credentials');
    assert.match(body.error.message, /Authorization, x-bf-vk/);
    assert.equal(body.error.type, 'authentication_error');
  });
});

describe('refusals', () => {
  test('no credential: 401 with a bare Bearer challenge, and nothing reaches the provider', async () => {
    const before = fake.requests.length;
    const res = await speak({});
    assert.equal(res.headers.get('www-authenticate'), 'Bearer realm="voxgate"');
    const body = await expectError(res, 401, 'missing_credentials');
    assert.match(body.error.message, /Authorization: Bearer/);
    assert.equal(fake.requests.length, before);
  });

  test('a non-Bearer Authorization header, and a token that is neither a key nor a JWT, are malformed', async () => {
    const basic = await speak({ authorization: 'Basic dXNlcjpwYXNz' });
    assert.match(basic.headers.get('www-authenticate') ?? '', /error="invalid_token"/);
    assert.match((await expectError(basic, 401, 'malformed_credentials')).error.message, /Bearer <token>/);
    const junk = await expectError(await speak(bearer('not-a-key-at-all')), 401, 'malformed_credentials');
    assert.match(junk.error.message, /neither a virtual key \(sk-bf-…\) nor a JWT/);
  });

  test('an unknown key: 401 invalid_token challenge', async () => {
    const res = await speak(bearer(UNKNOWN_KEY));
    assert.equal(res.headers.get('www-authenticate'), 'Bearer realm="voxgate", error="invalid_token"');
    await expectError(res, 401, 'unknown_virtual_key');
    await expectError(await speak({ 'x-bf-vk': `${KEY_A}x` }), 401, 'unknown_virtual_key');
  });

  test('a model the key may not use is 403, naming the model and what is allowed', async () => {
    const before = fake.requests.length;
    const body = await expectError(await speak(bearer(KEY_A), { model: 'openai/gpt-4o-mini-tts-x' }), 403, 'model_not_allowed');
    assert.equal(body.error.type, 'permission_error');
    assert.equal(body.error.param, 'model');
    assert.match(body.error.message, /team-a.*openai\/gpt-4o-mini-tts-x.*allowed: openai\/tts-\*, openai\/whisper-1/);
    assert.equal(fake.requests.length, before, 'refused before any upstream call');
  });

  test('every fallback is checked too', async () => {
    const body = await expectError(await speak(bearer(KEY_A), { fallbacks: ['openai/tts-1-hd', 'openai/gpt-4o-mini-tts'] }), 403, 'model_not_allowed');
    assert.equal(body.error.param, 'fallbacks');
    assert.match(body.error.message, /fallback model openai\/gpt-4o-mini-tts/);
    const allowed = await speak(bearer(KEY_A), { fallbacks: ['openai/tts-1-hd'] });
    assert.equal(allowed.status, 200);
    await allowed.arrayBuffer();
  });

  test('an empty allowed_models allows nothing', async () => {
    const body = await expectError(await speak(bearer(KEY_FROZEN)), 403, 'model_not_allowed');
    assert.match(body.error.message, /allowed: no model/);
  });
});

describe('auth.required: false', () => {
  test('a call without credentials is anonymous, keyed by the client address', async () => {
    const res = await speak({}, {}, open.url);
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('x-principal'), 'anon:127.0.0.1');
    assert.equal(res.headers.get('x-principal-kind'), 'anonymous');
    await res.arrayBuffer();
  });

  test('a credential that is present but wrong is still refused, and a right one still limits models', async () => {
    await expectError(await speak(bearer(UNKNOWN_KEY), {}, open.url), 401, 'unknown_virtual_key');
    await expectError(await speak({ authorization: 'Token abc' }, {}, open.url), 401, 'malformed_credentials');
    await expectError(await speak(bearer(KEY_FROZEN), {}, open.url), 403, 'model_not_allowed');
    const ok = await speak(bearer(KEY_A), {}, open.url);
    assert.equal(ok.headers.get('x-principal'), 'vk:team-a');
    await ok.arrayBuffer();
  });
});

test('no key appears in any answer or log line; logs name keys and codes', () => {
  const logs = gw.logs.text + open.logs.text;
  for (const secret of [KEY_A, KEY_B, KEY_FROZEN, UNKNOWN_KEY]) {
    for (const text of seen) assert.ok(!text.includes(secret), 'a key was echoed in an answer');
    assert.ok(!logs.includes(secret), 'a key was logged');
  }
  assert.ok(seen.length > 20);
  assert.match(gw.logs.text, /"virtual_keys":\["team-a","team-b","frozen"\]/);
  assert.match(gw.logs.text, /"code":"unknown_virtual_key"/);
});
