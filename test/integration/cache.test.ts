// The cache plugin through a real gateway: opt-in by header (or for all by
// config), hits answered without the provider and byte-identical, keyed by
// everything that changes the answer, TTLs, size cap, per-caller isolation,
// shared namespaces, and cache_debug on every answer it touched.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { FakeOpenAI } from '../fakes/openai.js';
import { fakeAudio } from '../fakes/audio.js';
import { startGateway } from '../helpers/gateway.js';
import { withFakeGateway } from '../helpers/setup.js';
import { expectError, postJson, upload } from '../helpers/http.js';
import { startRedis, type RedisServer } from '../helpers/redis.js';
import { waitFor } from '../helpers/wait.js';

interface CacheDebug {
  cache_hit: boolean;
  cache_id: string;
  hit_type?: string;
  requested_provider: string;
  requested_model: string;
  provider_used: string;
  model_used: string;
}

const audio = fakeAudio('mp3', 100_000);

const config = (fakeUrl: string, cache: Record<string, unknown> = {}, store?: string) => ({
  ...(store ? { store: { url: store } } : {}),
  providers: { openai: { base_url: fakeUrl }, other: { type: 'openai', base_url: fakeUrl } },
  extensions: { plugins: ['./fixtures/plugins'] },
  plugins: [{ name: 'test-principal' }, { name: 'cache', shared_namespaces: ['team'], max_entry_mb: 1, ...cache }, { name: 'fallback', max_retries: 0 }],
});

const setup = withFakeGateway(() => FakeOpenAI.start(), (fake) => config(fake.url));

let n = 0;
const unique = () => `ns-${++n}-${Date.now()}`;
const transcribe = (headers: Record<string, string>, fields: Record<string, string> = {}, bytes = audio) =>
  upload(`${setup.gw.url}/v1/audio/transcriptions`, { fields: { model: 'openai/whisper-1', ...fields }, file: { bytes }, headers });
const speak = (headers: Record<string, string>, extra: Record<string, unknown> = {}) =>
  postJson(`${setup.gw.url}/v1/audio/speech`, { model: 'openai/tts-1', input: 'Cache me', voice: 'alloy', ...extra }, headers);
const debugOf = async (res: Response): Promise<{ debug: CacheDebug; text: string }> => {
  const text = await res.text();
  return { debug: (JSON.parse(text) as { extra_fields: { cache_debug: CacheDebug } }).extra_fields.cache_debug, text };
};
const headerDebug = (res: Response) => JSON.parse(res.headers.get('x-bf-cache-debug')!) as CacheDebug;
// Writes land after the answer; wait until the second call is a hit.
const hitEventually = async (call: () => Promise<Response>, isHit: (res: Response) => Promise<boolean>) => {
  let last: Response | undefined;
  await waitFor(async () => isHit((last = await call())), 'the entry to be stored');
  return last!;
};

describe('transcription', () => {
  test('a miss calls the provider; the same request then hits without calling it', async () => {
    const ns = { 'x-bf-cache-key': unique() };
    const miss = await debugOf(await transcribe(ns));
    assert.equal(miss.debug.cache_hit, false);
    assert.match(miss.debug.cache_id, /^[0-9a-f]{64}$/);
    assert.deepEqual([miss.debug.requested_provider, miss.debug.requested_model, miss.debug.provider_used, miss.debug.model_used], ['openai', 'whisper-1', 'openai', 'whisper-1']);
    assert.equal(miss.debug.hit_type, undefined);
    await waitFor(async () => (await debugOf(await transcribe(ns))).debug.cache_hit, 'a hit');
    const calls = setup.fake.requests.length;
    const hit = await debugOf(await transcribe(ns));
    assert.equal(setup.fake.requests.length, calls, 'a hit does not call the provider');
    assert.equal(hit.debug.cache_hit, true);
    assert.equal(hit.debug.hit_type, 'direct');
    assert.equal(hit.debug.cache_id, miss.debug.cache_id);
    const strip = (t: string) => JSON.parse(t) as { text: string; usage: unknown };
    assert.deepEqual({ ...strip(hit.text), extra_fields: 0 }, { ...strip(miss.text), extra_fields: 0 }, 'the same transcript');
    assert.ok(hit.text.startsWith('{"text":"Hello from the fake transcriber.","usage":{"type":"duration","seconds":3}'), 'the provider’s own text, as it was');
  });

  test('subtitles hit too, byte for byte, with cache_debug in a header', async () => {
    const ns = { 'x-bf-cache-key': unique() };
    const miss = await transcribe(ns, { response_format: 'srt' });
    const original = await miss.text();
    assert.equal(headerDebug(miss).cache_hit, false);
    const hit = await hitEventually(() => transcribe(ns, { response_format: 'srt' }), async (r) => headerDebug(r).cache_hit);
    assert.equal(await hit.text(), original);
    assert.equal(headerDebug(hit).hit_type, 'direct');
  });

  test('anything that changes the answer is a different entry', async () => {
    const ns = { 'x-bf-cache-key': unique() };
    const first = (await debugOf(await transcribe(ns))).debug.cache_id;
    const ids = [
      (await debugOf(await transcribe(ns, { language: 'de' }))).debug.cache_id,
      (await debugOf(await transcribe(ns, { temperature: '0.3' }))).debug.cache_id,
      (await debugOf(await transcribe(ns, { response_format: 'verbose_json' }))).debug.cache_id,
      (await debugOf(await transcribe(ns, { chunking_strategy: 'auto' }))).debug.cache_id,
      (await debugOf(await transcribe(ns, {}, fakeAudio('mp3', 100_000, 9)))).debug.cache_id,
      (await debugOf(await upload(`${setup.gw.url}/v1/audio/transcriptions`, { fields: { model: 'other/whisper-1' }, file: { bytes: audio }, headers: ns }))).debug.cache_id,
    ];
    assert.equal(new Set([first, ...ids]).size, 7);
    // Fallbacks change who may answer, not the answer: same entry.
    assert.equal((await debugOf(await transcribe(ns, { fallbacks: 'other/whisper-1' }))).debug.cache_id, first);
  });

  test('no header, no cache: no cache_debug, the provider every time', async () => {
    await transcribe({});
    const res = await transcribe({});
    const body = (await res.json()) as { extra_fields: Record<string, unknown> };
    assert.equal(body.extra_fields.cache_debug, undefined);
    assert.equal(setup.fake.requests.length, 2);
  });

  test('error answers are not cached', async () => {
    const ns = { 'x-bf-cache-key': unique() };
    setup.fake.fail({ status: 500 });
    const failed = await expectError(await transcribe(ns), 500);
    assert.equal((failed.extra_fields.cache_debug as CacheDebug).cache_hit, false);
    const after = await debugOf(await transcribe(ns));
    assert.equal(after.debug.cache_hit, false);
  });
});

describe('speech', () => {
  test('a hit replays the exact audio bytes without calling the provider', async () => {
    const ns = { 'x-bf-cache-key': unique() };
    const miss = await speak(ns, { response_format: 'wav' });
    const original = Buffer.from(await miss.arrayBuffer());
    assert.equal(headerDebug(miss).cache_hit, false);
    const hit = await hitEventually(() => speak(ns, { response_format: 'wav' }), async (r) => {
      const isHit = headerDebug(r).cache_hit;
      if (!isHit) await r.arrayBuffer();
      return isHit;
    });
    const calls = setup.fake.requests.length;
    assert.equal(hit.headers.get('content-type'), 'audio/wav');
    assert.ok(Buffer.from(await hit.arrayBuffer()).equals(original), 'byte-identical audio');
    assert.equal(setup.fake.requests.length, calls);
    assert.equal(hit.headers.get('x-bf-provider'), 'openai');
  });

  test('voice, speed and input are part of the key', async () => {
    const ns = { 'x-bf-cache-key': unique() };
    const ids = new Set<string>();
    for (const extra of [{}, { voice: 'echo' }, { speed: 1.5 }, { input: 'Other words' }, { instructions: 'Whisper' }]) {
      const res = await speak(ns, extra);
      await res.arrayBuffer();
      ids.add(headerDebug(res).cache_id);
    }
    assert.equal(ids.size, 5);
  });

  test('audio larger than max_entry_mb is served but not cached', async () => {
    setup.fake.speechBytes = 2 * 1024 * 1024;
    try {
      const ns = { 'x-bf-cache-key': unique() };
      for (let i = 0; i < 2; i++) {
        const res = await speak(ns);
        assert.equal((await res.arrayBuffer()).byteLength, 2 * 1024 * 1024);
        await new Promise((r) => setTimeout(r, 100));
      }
      assert.equal(setup.fake.requests.length, 2);
    } finally {
      setup.fake.speechBytes = 48 * 1024;
    }
  });
});

describe('ttl and isolation', () => {
  test('x-bf-cache-ttl makes an entry expire', async () => {
    const ns = { 'x-bf-cache-key': unique(), 'x-bf-cache-ttl': '1' };
    await transcribe(ns);
    await hitEventually(() => transcribe(ns), async (r) => (await debugOf(r)).debug.cache_hit);
    await new Promise((r) => setTimeout(r, 1100));
    assert.equal((await debugOf(await transcribe(ns))).debug.cache_hit, false);
  });

  test('bad cache headers are a 400', async () => {
    for (const ttl of ['0', '-5', 'soon', '1.5', '999999999']) {
      assert.equal((await expectError(await transcribe({ 'x-bf-cache-key': 'a', 'x-bf-cache-ttl': ttl }), 400, 'invalid_cache_ttl')).error.param, 'x-bf-cache-ttl');
    }
    await expectError(await transcribe({ 'x-bf-cache-key': 'has space' }), 400, 'invalid_cache_key');
    assert.equal(setup.fake.requests.length, 0);
  });

  test("one caller's entries are never served to another", async () => {
    const ns = unique();
    await transcribe({ 'x-bf-cache-key': ns, 'x-test-principal': 'alice' });
    await hitEventually(() => transcribe({ 'x-bf-cache-key': ns, 'x-test-principal': 'alice' }), async (r) => (await debugOf(r)).debug.cache_hit);
    assert.equal((await debugOf(await transcribe({ 'x-bf-cache-key': ns, 'x-test-principal': 'bob' }))).debug.cache_hit, false);
    assert.equal((await debugOf(await transcribe({ 'x-bf-cache-key': ns }))).debug.cache_hit, false, 'nor to an anonymous caller');
  });

  test('a namespace configured as shared is shared', async () => {
    const fields = { prompt: `shared-${Date.now()}` };
    assert.equal((await debugOf(await transcribe({ 'x-bf-cache-key': 'team', 'x-test-principal': 'carol' }, fields))).debug.cache_hit, false);
    await hitEventually(() => transcribe({ 'x-bf-cache-key': 'team', 'x-test-principal': 'dave' }, fields), async (r) => (await debugOf(r)).debug.cache_hit);
  });
});

describe('configuration', () => {
  test('all_requests caches without a header, in the default namespace', async () => {
    const local = await startGateway(config(setup.fake.url, { all_requests: true }));
    try {
      const call = () => upload(`${local.url}/v1/audio/transcriptions`, { fields: { model: 'openai/whisper-1', response_format: 'text' }, file: { bytes: audio } });
      assert.equal(headerDebug(await call()).cache_hit, false);
      await hitEventually(call, async (r) => headerDebug(r).cache_hit);
    } finally {
      await local.close();
    }
  });

  test('two gateways on one Redis share entries', async () => {
    const redis: RedisServer = await startRedis();
    const a = await startGateway(config(setup.fake.url, {}, redis.url));
    const b = await startGateway(config(setup.fake.url, {}, redis.url));
    try {
      const ns = { 'x-bf-cache-key': unique() };
      const body = { model: 'openai/tts-1', input: 'Cache me', voice: 'alloy' };
      const first = await postJson(`${a.url}/v1/audio/speech`, body, ns);
      assert.equal(headerDebug(first).cache_hit, false);
      await first.arrayBuffer();
      await hitEventually(
        () => postJson(`${a.url}/v1/audio/speech`, body, ns),
        async (r) => {
          const isHit = headerDebug(r).cache_hit;
          if (!isHit) await r.arrayBuffer();
          return isHit;
        },
      );
      const calls = setup.fake.requests.length;
      // a has seen its own entry in Redis; b's very first request must find it too.
      const viaB = await postJson(`${b.url}/v1/audio/speech`, body, ns);
      assert.equal(headerDebug(viaB).cache_hit, true);
      assert.ok(Buffer.from(await viaB.arrayBuffer()).equals(fakeAudio('mp3', setup.fake.speechBytes)));
      assert.equal(setup.fake.requests.length, calls, 'b answered from what a stored');
    } finally {
      await a.close();
      await b.close();
      await redis.stop();
    }
  });
});
