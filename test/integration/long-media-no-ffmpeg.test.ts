// Long media without ffmpeg (a PATH that lacks it): the gateway starts,
// /ready says long audio is off and why, an upload over the provider's limit
// is a 413 naming the limit and the missing tool, long text still joins as
// mp3 but opus (which needs ffmpeg) is a 400 naming the formats that work.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { LongFakeOpenAI } from '../fakes/long-openai.js';
import { startGateway, type TestGateway } from '../helpers/gateway.js';
import { expectError, postJson, upload } from '../helpers/http.js';
import { rawRequest } from '../helpers/raw-http.js';

let fake: LongFakeOpenAI;
let gw: TestGateway;
const emptyBin = mkdtempSync(path.join(os.tmpdir(), 'voxgate-no-ffmpeg-'));

before(async () => {
  fake = await LongFakeOpenAI.start();
  const savedPath = process.env.PATH;
  process.env.PATH = emptyBin; // the gateway looks for ffmpeg at start-up only
  try {
    gw = await startGateway({
      server: { max_upload_mb: 30 },
      providers: { openai: { base_url: fake.url, keys: [{ value: 'sk-upstream-test-key' }] } },
      auth: { required: false },
      long_audio: { max_upload_mb: 500 },
    });
  } finally {
    process.env.PATH = savedPath;
  }
});
after(async () => {
  await gw.close();
  await fake.close();
  rmSync(emptyBin, { recursive: true, force: true });
});

test('/ready: ready, with long audio off and why', async () => {
  const res = await fetch(`${gw.url}/ready`);
  assert.equal(res.status, 200);
  const body = (await res.json()) as { status: string; details: { long_audio: string; reason: string } };
  assert.equal(body.status, 'ready');
  assert.equal(body.details.long_audio, 'off');
  assert.match(body.details.reason, /ffmpeg was not found on PATH/);
});

test('an upload over the provider limit: 413 naming the limit and the missing tool', async () => {
  const res = await upload(`${gw.url}/v1/audio/transcriptions`, { fields: { model: 'openai/whisper-1' }, file: { bytes: Buffer.alloc(26 * 1024 * 1024, 1), filename: 'long.wav' } });
  const err = await expectError(res, 413, 'payload_too_large');
  assert.match(err.error.message, /provider "openai" takes at most 25 MB per upload/);
  assert.match(err.error.message, /ffmpeg was not found/);
  assert.equal(fake.requests.length, 0);
});

test('without ffmpeg nothing is spooled: past server.max_upload_mb is the usual 413', async () => {
  const boundary = 'B';
  const preamble = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="model"\r\n\r\nopenai/whisper-1\r\n--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="long.wav"\r\n\r\n`);
  const total = 40 * 1024 * 1024;
  function* body() {
    yield preamble;
    for (let sent = preamble.length; sent < total; sent += 64 * 1024) yield Buffer.alloc(64 * 1024, 1);
  }
  const head = `POST /v1/audio/transcriptions HTTP/1.1\r\nHost: x\r\nContent-Type: multipart/form-data; boundary=${boundary}\r\nContent-Length: ${total}\r\n\r\n`;
  const answer = await rawRequest(gw.url, head, body(), 60_000);
  assert.equal(answer.status, 413);
  assert.match((JSON.parse(answer.body) as { error: { message: string } }).error.message, /30 MB allowed \(server\.max_upload_mb\)/);
});

test('long text: mp3 is still joined; opus is a 400 naming the formats that work', async () => {
  const input = 'A sentence of a long chapter. '.repeat(200);
  const ok = await postJson(`${gw.url}/v1/audio/speech`, { model: 'openai/tts-1', input, voice: 'alloy' });
  assert.equal(ok.status, 200);
  await ok.arrayBuffer();
  const res = await postJson(`${gw.url}/v1/audio/speech`, { model: 'openai/tts-1', input, voice: 'alloy', response_format: 'opus' });
  const err = await expectError(res, 400, 'format_needs_ffmpeg');
  assert.match(err.error.message, /4096 characters/);
  assert.match(err.error.message, /mp3, aac, wav, pcm/);
});
