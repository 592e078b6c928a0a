// The logging plugin: one JSON line per request, with the fields an operator
// needs, for successes, refusals before parsing, unknown routes, fallbacks,
// cache hits and hang-ups; never a secret; content only when asked for.
import { after, before, beforeEach, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { FakeOpenAI } from '../fakes/openai.js';
import { fakeAudio } from '../fakes/audio.js';
import { startGateway, type TestGateway } from '../helpers/gateway.js';
import { postJson, upload } from '../helpers/http.js';
import { waitFor } from '../helpers/wait.js';

const UPSTREAM_KEY = 'sk-upstream-never-logged-123456';
const CLIENT_TOKEN = 'sk-bf-client-never-logged-654321';
let fake: FakeOpenAI;
let gw: TestGateway;
const audio = fakeAudio('mp3', 50_000);

const config = (fakeUrl: string, logging: Record<string, unknown> = {}) => ({
  providers: { openai: { base_url: fakeUrl, keys: [{ value: UPSTREAM_KEY }] }, spare: { type: 'openai', base_url: fakeUrl, keys: [{ value: UPSTREAM_KEY }] } },
  extensions: { plugins: ['./fixtures/plugins'] },
  plugins: [{ name: 'test-principal' }, { name: 'cache' }, { name: 'fallback', max_retries: 0 }, { name: 'logging', ...logging }],
});

before(async () => {
  fake = await FakeOpenAI.start({ apiKey: UPSTREAM_KEY });
  gw = await startGateway(config(fake.url));
});
after(async () => {
  await gw.close();
  await fake.close();
});
beforeEach(() => fake.reset());

type Line = Record<string, unknown> & { request_id: string };
const linesFor = async (logs: TestGateway['logs'], requestId: string): Promise<Line[]> => {
  await waitFor(() => logs.records.some((r) => r.request_id === requestId), `a log line for ${requestId}`);
  return logs.records.filter((r) => r.request_id === requestId) as Line[];
};
const auth = { authorization: `Bearer ${CLIENT_TOKEN}`, 'x-bf-vk': CLIENT_TOKEN, 'api-key': CLIENT_TOKEN };

test('a transcription: one line with who, what, what served it, and how it went', async () => {
  const res = await upload(`${gw.url}/v1/audio/transcriptions`, {
    fields: { model: 'openai/whisper-1' },
    file: { bytes: audio },
    headers: { ...auth, 'x-test-principal': 'team-a', 'x-bf-cache-key': `log-${Date.now()}` },
  });
  const id = res.headers.get('x-request-id')!;
  const bodyText = await res.text();
  const lines = await linesFor(gw.logs, id);
  assert.equal(lines.length, 1, 'exactly one line');
  const line = lines[0]!;
  assert.equal(line.msg, 'request');
  assert.equal(line.level, 30);
  assert.equal(line.route, 'transcription');
  assert.equal(line.method, 'POST');
  assert.equal(line.path, '/v1/audio/transcriptions');
  assert.equal(line.status, 200);
  assert.equal(line.principal, 'team-a');
  assert.equal(line.model_requested, 'openai/whisper-1');
  assert.equal(line.provider, 'openai');
  assert.equal(line.model, 'whisper-1');
  assert.equal(line.cache_hit, false);
  assert.deepEqual((line.attempts as Array<{ status: number }>).map((a) => a.status), [200]);
  assert.equal(typeof line.latency_ms, 'number');
  assert.ok((line.bytes_in as number) > audio.length, 'bytes in counts the upload');
  assert.ok((line.bytes_out as number) >= Buffer.byteLength(bodyText), 'bytes out counts the answer');
  assert.equal(line.transcript, undefined, 'no content unless asked for');
});

test('speech: bytes out counts the streamed audio; the input is not logged', async () => {
  const res = await postJson(`${gw.url}/v1/audio/speech`, { model: 'openai/tts-1', input: 'private words', voice: 'alloy' }, auth);
  await res.arrayBuffer();
  const [line] = await linesFor(gw.logs, res.headers.get('x-request-id')!);
  assert.equal(line!.route, 'speech');
  assert.ok((line!.bytes_out as number) >= fake.speechBytes);
  assert.ok(!JSON.stringify(line).includes('private words'));
});

test('a request refused before parsing still gets its line, with the error', async () => {
  const res = await upload(`${gw.url}/v1/audio/transcriptions`, { fields: {}, file: { bytes: audio }, headers: auth });
  const [line] = await linesFor(gw.logs, res.headers.get('x-request-id')!);
  assert.equal(line!.status, 400);
  assert.deepEqual(line!.error, { code: 'invalid_request', type: 'invalid_request_error', message: 'model is required.', from_provider: false });
});

test('a small body refused after it was read counts its bytes in (it came in with the headers)', async () => {
  const body = JSON.stringify({ model: 'openai/tts-1' });
  const res = await fetch(`${gw.url}/v1/audio/speech`, { method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body });
  assert.equal(res.status, 400);
  await res.arrayBuffer();
  const [line] = await linesFor(gw.logs, res.headers.get('x-request-id')!);
  assert.equal(line!.bytes_in, Buffer.byteLength(body));
});

test('unknown routes and wrong methods get lines; health checks only at debug', async () => {
  const missing = await fetch(`${gw.url}/v2/nothing?api-key=${CLIENT_TOKEN}`, { headers: auth });
  const [line] = await linesFor(gw.logs, missing.headers.get('x-request-id')!);
  assert.equal(line!.status, 404);
  assert.equal(line!.route, 'not_found');
  assert.equal(line!.path, '/v2/nothing', 'the query string is not logged');
  const wrong = await fetch(`${gw.url}/v1/audio/speech`);
  assert.equal((await linesFor(gw.logs, wrong.headers.get('x-request-id')!))[0]!.route, 'method_not_allowed');
  const health = await fetch(`${gw.url}/health`);
  await health.text();
  await new Promise((r) => setTimeout(r, 50));
  assert.equal(gw.logs.records.filter((r) => r.request_id === health.headers.get('x-request-id')).length, 0);
});

test('fallbacks: the attempts and the fallback index; 5xx at error level', async () => {
  fake.fail({ status: 503 });
  const res = await postJson(`${gw.url}/v1/audio/speech`, { model: 'openai/tts-1', fallbacks: ['spare/tts-1'], input: 'x', voice: 'alloy' });
  await res.arrayBuffer();
  const [line] = await linesFor(gw.logs, res.headers.get('x-request-id')!);
  assert.deepEqual((line!.attempts as Array<{ provider: string; status: number }>).map((a) => `${a.provider}:${a.status}`), ['openai:503', 'spare:200']);
  assert.equal(line!.fallback_index, 1);
  assert.equal(line!.provider, 'spare');
  fake.fail({ status: 500, times: 2 });
  const failed = await postJson(`${gw.url}/v1/audio/speech`, { model: 'openai/tts-1', fallbacks: ['spare/tts-1'], input: 'x', voice: 'alloy' });
  await failed.text();
  const [bad] = await linesFor(gw.logs, failed.headers.get('x-request-id')!);
  assert.equal(bad!.level, 50);
  assert.equal((bad!.error as { from_provider: boolean }).from_provider, true);
});

test('a client hang-up is logged as aborted', async () => {
  fake.fail({ hang: true });
  const controller = new AbortController();
  const aborting = fetch(`${gw.url}/v1/audio/speech`, {
    method: 'POST',
    signal: controller.signal,
    headers: { 'content-type': 'application/json', 'x-request-id': 'hangup-2' },
    body: JSON.stringify({ model: 'openai/tts-1', input: 'x', voice: 'alloy' }),
  });
  await waitFor(() => fake.requests.length >= 1, 'the upstream call');
  controller.abort();
  await assert.rejects(aborting);
  const [line] = await linesFor(gw.logs, 'hangup-2');
  assert.equal(line!.aborted, true);
  assert.equal(line!.status, 499);
  assert.equal(line!.level, 40);
});

test('no log line anywhere holds a key or token', () => {
  assert.ok(gw.logs.lines.length >= 8, `lines were written (${gw.logs.lines.length})`);
  for (const secret of [UPSTREAM_KEY, CLIENT_TOKEN]) assert.ok(!gw.logs.text.includes(secret), `${secret} leaked into the log`);
});

test('log_content adds transcripts and speech input; destination writes to a file', async () => {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'voxgate-log-')), 'requests.log');
  const local = await startGateway(config(fake.url, { log_content: true, destination: file }));
  try {
    const t = await upload(`${local.url}/v1/audio/transcriptions`, { fields: { model: 'openai/whisper-1', response_format: 'text' }, file: { bytes: audio } });
    await t.text();
    const s = await postJson(`${local.url}/v1/audio/speech`, { model: 'openai/tts-1', input: 'say this', voice: 'alloy' });
    await s.arrayBuffer();
    await local.close();
    const lines = readFileSync(file, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Line);
    assert.equal(lines.find((l) => l.request_id === t.headers.get('x-request-id'))!.transcript, `${fake.transcript}\n`);
    assert.equal(lines.find((l) => l.request_id === s.headers.get('x-request-id'))!.input, 'say this');
    assert.equal(local.logs.records.filter((r) => r.msg === 'request').length, 0, 'request lines went to the file, not the main log');
  } finally {
    await local.close();
  }
});
