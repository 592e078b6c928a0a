// Hardening, item 5: answers stay inside the contract. An upstream status
// outside 100–599 (or a 5xx nobody registered) is a 502; a dripping upstream
// is cut at request_timeout_s; an announced oversized JSON body is refused
// before it is read; an upload of exactly max_upload_mb is accepted; Node's
// own refusals (Expect, no Host) come in the error shape; a JWT with an
// unknown `crit` header and an empty Authorization are refused.
import { after, before, beforeEach, test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import jwt from 'jsonwebtoken';
import { FakeOpenAI } from '../fakes/openai.js';
import { fakeAudio } from '../fakes/audio.js';
import { startGateway, type TestGateway } from '../helpers/gateway.js';
import { expectError, postJson, upload } from '../helpers/http.js';
import { rawRequest } from '../helpers/raw-http.js';
import { JWT_SECRET, TEAM_A, bearer, defaultChainConfig } from '../helpers/hardening.js';
import { validClaims } from '../helpers/jwt.js';
import { waitFor } from '../helpers/wait.js';
import { UPSTREAM_KEY } from '../helpers/setup.js';

let fake: FakeOpenAI;
let gw: TestGateway;
/** An upstream that sends its headers, then one byte of body every 100 ms, forever. */
let drip: http.Server;
const dripTimers = new Set<NodeJS.Timeout>();

before(async () => {
  fake = await FakeOpenAI.start({ apiKey: UPSTREAM_KEY });
  drip = http.createServer((req, res) => {
    // The gateway gives up mid-upload or mid-answer: nothing to report.
    req.on('error', () => undefined);
    req.resume();
    res.writeHead(200, { 'content-type': 'application/json' });
    const timer = setInterval(() => res.write(' '), 100);
    dripTimers.add(timer);
    res.on('close', () => clearInterval(timer));
  });
  await new Promise<void>((resolve) => drip.listen(0, '127.0.0.1', resolve));
  const dripUrl = `http://127.0.0.1:${(drip.address() as AddressInfo).port}/v1`;
  gw = await startGateway(
    defaultChainConfig(
      {
        openai: { base_url: fake.url, keys: [{ value: UPSTREAM_KEY }] },
        drip: { type: 'openai', base_url: dripUrl, timeout_s: 1 },
      },
      { server: { max_upload_mb: 1, max_json_kb: 8 } },
    ),
  );
});
after(async () => {
  await gw.close();
  for (const t of dripTimers) clearInterval(t);
  drip.closeAllConnections();
  await new Promise((r) => drip.close(r));
  await fake.close();
});
beforeEach(() => fake.reset());

const auth = bearer(TEAM_A);
const transcribe = (model = 'openai/whisper-1', bytes = fakeAudio('mp3', 2048)) => upload(`${gw.url}/v1/audio/transcriptions`, { fields: { model }, file: { bytes }, headers: auth });
const origin = () => new URL(gw.url).host;

test('an upstream status outside 100–599, or an unregistered 5xx, is a 502', async () => {
  for (const status of [599, 520, 700, 999]) {
    fake.fail({ status, body: { error: { message: 'odd', type: 'server_error', code: 'odd', param: null } }, times: 3 });
    const body = await expectError(await transcribe(), 502, 'upstream_invalid_response');
    assert.match(body.error.message, new RegExp(`status ${status}`));
    assert.equal(body.is_bifrost_error, true);
    fake.reset();
  }
  // A registered 5xx is the provider's own error, as before.
  fake.fail({ status: 503, times: 3 });
  assert.equal((await transcribe()).status, 503);
});

test('an upstream that drips a byte every 100 ms is cut at its timeout (1 s): 504', async () => {
  const started = Date.now();
  const body = await expectError(await transcribe('drip/whisper-1'), 504, 'upstream_timeout');
  assert.equal(body.extra_fields.provider, 'drip');
  const took = Date.now() - started;
  // Three tries of ~1 s each (the default max_retries: 2), never the open-ended drip.
  assert.ok(took < 8000, `took ${took} ms`);
});

test('a JSON body announced larger than max_json_kb is refused (413) before a byte of it is sent', async () => {
  const answer = await rawRequest(
    gw.url,
    `POST /v1/audio/speech HTTP/1.1\r\nHost: ${origin()}\r\nAuthorization: Bearer ${TEAM_A}\r\nContent-Type: application/json\r\nContent-Length: ${10 * 1024 * 1024}\r\n\r\n`,
    [],
    5000,
  );
  assert.equal(answer.status, 413);
  assert.equal(answer.sentBeforeAnswer, 0);
  assert.equal((JSON.parse(answer.body) as { error: { code: string } }).error.code, 'payload_too_large');
});

test('an upload of exactly max_upload_mb is accepted; one byte more is a 413', async () => {
  const limit = 1024 * 1024;
  assert.equal((await transcribe('openai/whisper-1', Buffer.alloc(limit, 1))).status, 200);
  assert.equal(fake.last.files[0]?.bytes.length, limit);
  await expectError(await transcribe('openai/whisper-1', Buffer.alloc(limit + 1, 1)), 413, 'payload_too_large');
});

test('Expect other than 100-continue: 417 in the error shape', async () => {
  const answer = await rawRequest(gw.url, `POST /v1/audio/speech HTTP/1.1\r\nHost: ${origin()}\r\nExpect: 200-ok\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n`, [Buffer.from('{}')]);
  assert.equal(answer.status, 417);
  const body = JSON.parse(answer.body) as { status_code: number; error: { code: string } };
  assert.equal(body.status_code, 417);
  assert.equal(body.error.code, 'expectation_failed');
});

test('a request without Host: 400 missing_host in the error shape', async () => {
  const answer = await rawRequest(gw.url, 'GET /health HTTP/1.1\r\nConnection: close\r\n\r\n', []);
  assert.equal(answer.status, 400);
  const body = JSON.parse(answer.body) as { status_code: number; error: { code: string } };
  assert.equal(body.error.code, 'missing_host');
  await waitFor(() => gw.logs.records.some((r) => (r.error as { code?: string } | undefined)?.code === 'missing_host'), 'the refusal to have its log line');
  // HTTP/1.0 has no Host requirement.
  assert.equal((await rawRequest(gw.url, 'GET /health HTTP/1.0\r\n\r\n', [])).status, 200);
});

test('a JWT with a crit header the gateway does not understand is refused', async () => {
  const token = jwt.sign(validClaims({ vk: 'team-a' }), JWT_SECRET, { algorithm: 'HS256', noTimestamp: true, header: { alg: 'HS256', typ: 'JWT', crit: ['x-custom'], 'x-custom': 1 } as jwt.JwtHeader });
  const body = await expectError(await postJson(`${gw.url}/v1/audio/speech`, { model: 'openai/tts-1', input: 'hi', voice: 'alloy' }, bearer(token)), 401, 'invalid_token');
  assert.match(body.error.message, /crit/);
  // The same claims without crit pass.
  const plain = jwt.sign(validClaims({ vk: 'team-a' }), JWT_SECRET, { algorithm: 'HS256', noTimestamp: true });
  assert.equal((await postJson(`${gw.url}/v1/audio/speech`, { model: 'openai/tts-1', input: 'hi', voice: 'alloy' }, bearer(plain))).status, 200);
});

test('an empty Authorization header is malformed_credentials', async () => {
  const answer = await rawRequest(gw.url, `POST /v1/audio/speech HTTP/1.1\r\nHost: ${origin()}\r\nAuthorization: \r\nContent-Type: application/json\r\nContent-Length: 2\r\nConnection: close\r\n\r\n`, [Buffer.from('{}')]);
  assert.equal(answer.status, 401);
  assert.equal((JSON.parse(answer.body) as { error: { code: string } }).error.code, 'malformed_credentials');
});
