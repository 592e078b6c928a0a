// Hardening, item 1: a provider secret never reaches anything the gateway
// emits. The fake upstream echoes its key (and other key-shaped tokens) in
// every field of its error body, nested ones included, and in a streamed
// error event; the key must be absent from the answer, the log lines, the
// metrics and the stored job record (memory store here, a real
// redis-server's record in the second gateway).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createClient } from '@keyv/redis';
import { FakeOpenAI } from '../fakes/openai.js';
import { fakeAudio } from '../fakes/audio.js';
import { startGateway, type TestGateway } from '../helpers/gateway.js';
import { expectError, upload } from '../helpers/http.js';
import { startRedis, type RedisServer } from '../helpers/redis.js';
import { readEvents } from '../helpers/sse.js';
import { TEAM_A, bearer, defaultChainConfig, finishedJob } from '../helpers/hardening.js';

const KEY = 'vendor-secret-key-0123456789abcdef';
const SECOND_KEY = 'second-provider-secret-abcdef0123';
// Shaped like keys the gateway was never told about: scrubbed all the same.
const SHAPED = ['sk-proj-LOOKSLIKEAKEY123456', 'xi-elevenlabs-shaped-123456', 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl'];

let fake: FakeOpenAI;
let redis: RedisServer;
let memory: TestGateway;
let shared: TestGateway;

const providers = (fakeUrl: string) => ({
  openai: { base_url: fakeUrl, keys: [{ value: KEY }] },
  other: { type: 'openai', base_url: fakeUrl, keys: [{ value: SECOND_KEY }] },
});

before(async () => {
  fake = await FakeOpenAI.start();
  redis = await startRedis();
  memory = await startGateway(defaultChainConfig(providers(fake.url)));
  shared = await startGateway(defaultChainConfig(providers(fake.url), { store: { url: redis.url } }));
});
after(async () => {
  await memory.close();
  await shared.close();
  await fake.close();
  await redis.stop();
});

/** An error body with a secret in every string: message, type, code, param, and nested detail. */
const leakyError = () => ({
  error: {
    message: `Incorrect API key provided: ${KEY}; also tried ${SECOND_KEY} and ${SHAPED.join(', ')}`,
    type: `invalid_key_${KEY}`,
    code: KEY,
    param: `header Bearer ${KEY}`,
    details: { nested: [{ key: KEY }] },
  },
});

function assertClean(text: string, where: string): void {
  for (const secret of [KEY, SECOND_KEY, ...SHAPED]) assert.ok(!text.includes(secret), `${where} carries a secret (${secret.slice(0, 12)}…): ${text.slice(0, 400)}`);
}

const transcribe = (gw: TestGateway, path = '/v1/audio/transcriptions', fields: Record<string, string> = { model: 'openai/whisper-1' }) =>
  upload(`${gw.url}${path}`, { fields, file: { bytes: fakeAudio('mp3', 2048) }, headers: bearer(TEAM_A) });

test('an upstream error echoing keys in every field: the answer, logs and metrics carry none', async () => {
  fake.fail({ status: 401, body: leakyError() });
  const res = await transcribe(memory);
  const text = await res.clone().text();
  const body = await expectError(res, 401);
  assert.equal(body.is_bifrost_error, false);
  assert.match(body.error.message, /\[redacted\]/);
  assertClean(text, 'the answer');
  assertClean(memory.logs.text, 'the log');
  assertClean(await (await fetch(`${memory.url}/metrics`)).text(), '/metrics');
});

test('an error event inside a relayed stream is scrubbed too', async () => {
  const events = [{ type: 'transcript.text.delta', delta: 'Hello' }, { type: 'error', error: { message: `upstream failed for key ${KEY}`, code: KEY } }];
  fake.fail({ status: 200, headers: { 'content-type': 'text/event-stream' }, body: events.map((e) => `data: ${JSON.stringify(e)}\n\n`).join('') });
  const res = await transcribe(memory, '/v1/audio/transcriptions', { model: 'openai/gpt-4o-transcribe', stream: 'true' });
  assert.equal(res.status, 200);
  const got = await readEvents(res);
  const error = got.find((e) => e.json?.type === 'error');
  assert.ok(error, 'the error event is relayed');
  assert.match(JSON.stringify(error.json), /\[redacted\]/);
  assertClean(JSON.stringify(got), 'the event stream');
  assertClean(memory.logs.text, 'the log');
});

test('a failed async job: the job as polled, and the record in redis-server, carry no key', async () => {
  fake.fail({ status: 401, body: leakyError() });
  const submit = await transcribe(shared, '/v1/async/audio/transcriptions');
  assert.equal(submit.status, 202);
  const { id } = (await submit.json()) as { id: string };
  const job = await finishedJob(`${shared.url}/v1/async/audio/transcriptions/${id}`, bearer(TEAM_A));
  assert.equal(job.status, 'failed');
  assert.equal(job.status_code, 401);
  assert.match(job.error!.error.message, /\[redacted\]/);
  assertClean(JSON.stringify(job), 'the polled job');

  const client = createClient({ url: redis.url });
  await client.connect();
  try {
    const keys = await client.keys('*');
    const records = keys.filter((k) => k.includes(id));
    assert.ok(records.length > 0, `the job record is in Redis (keys: ${keys.join(', ')})`);
    for (const k of records) {
      const stored = (await client.type(k)) === 'string' ? await client.get(k) : JSON.stringify(await client.hGetAll(k));
      assert.ok(stored && stored.includes('[redacted]'), `the record ${k} holds the scrubbed error`);
      assertClean(stored ?? '', `the Redis record ${k}`);
    }
  } finally {
    await client.close();
  }
  assertClean(shared.logs.text, 'the log');
});
