// Auth decides on the headers alone, before the body is read: an
// unauthenticated client cannot make the gateway read (or hold) an upload.
// And job polls, which call no provider, are not counted by rate limits.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { FakeOpenAI } from '../fakes/openai.js';
import { fakeAudio } from '../fakes/audio.js';
import { startGateway, type TestGateway } from '../helpers/gateway.js';
import { upload } from '../helpers/http.js';
import { rawRequest } from '../helpers/raw-http.js';
import { generateVirtualKey } from '../../plugins/auth/keys.js';
import { signHs256, validClaims } from '../helpers/jwt.js';

const KEY = generateVirtualKey();
let fake: FakeOpenAI;
let gw: TestGateway;

before(async () => {
  fake = await FakeOpenAI.start();
  gw = await startGateway({
    providers: { openai: { base_url: fake.url } },
    auth: { required: true, virtual_keys: [{ name: 'team-a', key: KEY }] },
    plugins: [{ name: 'auth' }, { name: 'rate-limit', requests_per_minute: 2 }, { name: 'async-job' }],
  });
});
after(async () => {
  await gw.close();
  await fake.close();
});

test('an upload without a valid credential is refused with 401 before it is read', async () => {
  const total = 40 * 1024 * 1024;
  for (const auth of ['', `Authorization: Bearer ${KEY.slice(0, -2)}xx\r\n`]) {
    const head = `POST /v1/audio/transcriptions HTTP/1.1\r\nHost: x\r\n${auth}Content-Type: multipart/form-data; boundary=B\r\nContent-Length: ${total}\r\n\r\n`;
    function* body() {
      yield Buffer.from('--B\r\nContent-Disposition: form-data; name="file"; filename="a.mp3"\r\n\r\n');
      for (let sent = 0; sent < total; sent += 64 * 1024) yield Buffer.alloc(64 * 1024, 1);
    }
    const answer = await rawRequest(gw.url, head, body());
    assert.equal(answer.status, 401, answer.body);
    assert.ok(answer.sentBeforeAnswer < 4 * 1024 * 1024, `answered after ${answer.sentBeforeAnswer} of ${total} bytes`);
  }
  assert.equal(fake.requests.length, 0);
});

test('job polls are not counted against requests_per_minute', async () => {
  const auth = { authorization: `Bearer ${KEY}` };
  const submitted = await upload(`${gw.url}/v1/async/audio/transcriptions`, { fields: { model: 'openai/whisper-1' }, file: { bytes: fakeAudio('mp3', 1000) }, headers: auth });
  assert.equal(submitted.status, 202);
  const { id } = (await submitted.json()) as { id: string };
  for (let i = 0; i < 5; i++) {
    const poll = await fetch(`${gw.url}/v1/async/audio/transcriptions/${id}`, { headers: auth });
    assert.ok(poll.status === 200 || poll.status === 202, `poll ${i}: ${poll.status}`);
    await poll.text();
  }
  const second = await upload(`${gw.url}/v1/audio/transcriptions`, { fields: { model: 'openai/whisper-1' }, file: { bytes: fakeAudio('mp3', 1000) }, headers: auth });
  assert.equal(second.status, 200, 'the second of two allowed requests still passes after five polls');
  const third = await upload(`${gw.url}/v1/audio/transcriptions`, { fields: { model: 'openai/whisper-1' }, file: { bytes: fakeAudio('mp3', 1000) }, headers: auth });
  assert.equal(third.status, 429);
});

test('async jobs with real credentials: another key gets 404, a virtual-key JWT acts as its key, an admin JWT reads all', async () => {
  const secret = 'a-test-secret-that-is-long-enough-0123456789';
  const [keyA, keyB] = [generateVirtualKey(), generateVirtualKey()];
  const local = await startGateway({
    providers: { openai: { base_url: fake.url } },
    auth: { required: true, jwt: { secret, algorithms: ['HS256'], issuer: 'voxgate-test', audience: 'speech-api' }, virtual_keys: [{ name: 'a', key: keyA }, { name: 'b', key: keyB }] },
    plugins: [{ name: 'auth' }, { name: 'async-job' }],
  });
  try {
    const submitted = await upload(`${local.url}/v1/async/audio/transcriptions`, {
      fields: { model: 'openai/whisper-1' },
      file: { bytes: fakeAudio('mp3', 1000) },
      headers: { authorization: `Bearer ${keyA}` },
    });
    const { id } = (await submitted.json()) as { id: string };
    const read = (token: string) => fetch(`${local.url}/v1/async/audio/transcriptions/${id}`, { headers: { authorization: `Bearer ${token}` } });
    assert.ok([200, 202].includes((await read(keyA)).status));
    assert.equal((await read(keyB)).status, 404);
    assert.ok([200, 202].includes((await read(signHs256(validClaims({ vk: 'a' }), secret))).status), "a token for key a is key a");
    assert.equal((await read(signHs256(validClaims({ vk: 'b' }), secret))).status, 404);
    assert.ok([200, 202].includes((await read(signHs256(validClaims({ role: 'admin', sub: 'ops' }), secret))).status), 'admins read every job');
    assert.equal((await fetch(`${local.url}/v1/async/audio/transcriptions/${id}`)).status, 401, 'polls need a credential too');
  } finally {
    await local.close();
  }
});
