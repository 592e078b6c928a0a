// Hostile and broken clients: half-open and slow-loris uploads, slow or
// oversized headers, garbage instead of HTTP, and a flood of uploads past
// the in-flight budget. Every one gets an answer in the error shape, never
// a hang or a crash.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { FakeOpenAI } from '../fakes/openai.js';
import { fakeAudio } from '../fakes/audio.js';
import { startGateway, type TestGateway } from '../helpers/gateway.js';
import { upload } from '../helpers/http.js';
import { rawRequest } from '../helpers/raw-http.js';
import { waitFor } from '../helpers/wait.js';

let fake: FakeOpenAI;
let gw: TestGateway;

before(async () => {
  fake = await FakeOpenAI.start();
  gw = await startGateway({
    server: { headers_timeout_s: 1, body_timeout_s: 2, idle_timeout_s: 0.6, max_inflight_mb: 1 },
    providers: { openai: { base_url: fake.url } },
    plugins: [],
  });
});
after(async () => {
  await gw.close();
  await fake.close();
});

const uploadHead = (length: number) =>
  `POST /v1/audio/transcriptions HTTP/1.1\r\nHost: x\r\nContent-Type: multipart/form-data; boundary=B\r\nContent-Length: ${length}\r\n\r\n`;
const preamble = Buffer.from('--B\r\nContent-Disposition: form-data; name="model"\r\n\r\nopenai/whisper-1\r\n--B\r\nContent-Disposition: form-data; name="file"; filename="a.mp3"\r\n\r\n');

function errorOf(body: string): { code: string; message: string } {
  return (JSON.parse(body) as { error: { code: string; message: string } }).error;
}

test('a half-open upload (the client stops sending) gets 408 after idle_timeout_s', async () => {
  const answer = await rawRequest(gw.url, uploadHead(1_000_000), [preamble, Buffer.alloc(1000, 1)]);
  assert.equal(answer.status, 408);
  assert.equal(answer.headers.connection, 'close');
  const error = errorOf(answer.body);
  assert.equal(error.code, 'request_timeout');
  assert.match(error.message, /idle_timeout_s/);
});

test('a slow-loris upload (a byte now and then) gets 408 after body_timeout_s', async () => {
  function* drip() {
    yield preamble;
    for (let i = 0; i < 100; i++) yield Buffer.from([1]);
  }
  const answer = await rawRequest(gw.url, uploadHead(1_000_000), drip(), 10_000, 300);
  assert.equal(answer.status, 408);
  assert.match(errorOf(answer.body).message, /body_timeout_s/);
});

test('headers that never finish get 408 in the error shape', async () => {
  const answer = await rawRequest(gw.url, 'POST /v1/audio/speech HTTP/1.1\r\nHost: x\r\nX-Slow: ', []);
  assert.equal(answer.status, 408);
  assert.equal(errorOf(answer.body).code, 'request_timeout');
});

test('oversized headers get 431, garbage gets 400, both in the error shape', async () => {
  const huge = await rawRequest(gw.url, `GET /health HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(64 * 1024)}\r\n\r\n`, []);
  assert.equal(huge.status, 431);
  assert.equal(errorOf(huge.body).code, 'headers_too_large');
  const garbage = await rawRequest(gw.url, 'THIS IS NOT HTTP\r\n\r\n', []);
  assert.equal(garbage.status, 400);
  assert.equal(errorOf(garbage.body).code, 'malformed_request');
  const control = await rawRequest(gw.url, 'GET /health HTTP/1.1\r\nHost: x\r\nX-Odd: a\u0000b\r\n\r\n', []);
  assert.equal(control.status, 400);
});

test('no hostile connection is left open', async () => {
  const open = () => new Promise<number>((resolve) => gw.gateway.server.getConnections((_e, n) => resolve(n)));
  await waitFor(async () => (await open()) === 0, 'every connection of the tests above to be closed by the gateway');
});

test('a flood of uploads past max_inflight_mb is shed with 503 + Retry-After, and the rest are served', async () => {
  fake.delayMs = 400;
  try {
    const bytes = fakeAudio('mp3', 300_000);
    const answers = await Promise.all(Array.from({ length: 10 }, () => upload(`${gw.url}/v1/audio/transcriptions`, { fields: { model: 'openai/whisper-1' }, file: { bytes } })));
    const statuses = answers.map((a) => a.status);
    const shed = answers.filter((a) => a.status === 503);
    assert.ok(shed.length > 0, `some were shed: ${statuses}`);
    assert.ok(statuses.filter((s) => s === 200).length > 0, `some were served: ${statuses}`);
    assert.ok(statuses.every((s) => s === 200 || s === 503), `${statuses}`);
    for (const a of shed) {
      assert.equal(a.headers.get('retry-after'), '2');
      assert.equal(((await a.json()) as { error: { code: string } }).error.code, 'upload_budget_exhausted');
    }
  } finally {
    fake.delayMs = 0;
  }
});

test('the gateway is alive and answering after all of it', async () => {
  assert.equal((await fetch(`${gw.url}/health`)).status, 200);
});
