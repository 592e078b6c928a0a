// Every bad input the issue lists gets the error body, the right 4xx, and
// never reaches the provider.
import { afterEach, test } from 'node:test';
import assert from 'node:assert/strict';
import { fakeAudio } from '../fakes/audio.js';
import { withOpenAIGateway } from '../helpers/setup.js';
import { expectError, postJson, upload } from '../helpers/http.js';
import { rawRequest } from '../helpers/raw-http.js';
import { waitFor } from '../helpers/wait.js';
import net from 'node:net';

const setup = withOpenAIGateway({ server: { max_upload_mb: 1, max_json_kb: 16 } });

const audio = fakeAudio('mp3', 20_000);

afterEach(() => assert.equal(setup.fake.requests.length, 0, 'a bad input reached the provider'));

const T = () => `${setup.gw.url}/v1/audio/transcriptions`;
const S = () => `${setup.gw.url}/v1/audio/speech`;
const withFile = (fields: Record<string, string | string[]>) => upload(T(), { fields, file: { bytes: audio } });

test('transcription: missing model', async () => {
  const body = await expectError(await withFile({}), 400, 'invalid_request');
  assert.equal(body.error.param, 'model');
  assert.equal(body.is_bifrost_error, true);
});

test('transcription: missing file, and a file sent as a text field', async () => {
  assert.equal((await expectError(await upload(T(), { fields: { model: 'openai/whisper-1' } }), 400, 'missing_file')).error.param, 'file');
  assert.equal((await expectError(await upload(T(), { fields: { model: 'openai/whisper-1', file: 'not a file' } }), 400, 'invalid_file')).error.param, 'file');
});

test('transcription: an empty file, a second file, a file in the wrong part', async () => {
  await expectError(await upload(T(), { fields: { model: 'openai/whisper-1' }, file: { bytes: Buffer.alloc(0) } }), 400, 'empty_file');
  const two = new FormData();
  two.append('model', 'openai/whisper-1');
  two.append('file', new Blob([audio]), 'a.mp3');
  two.append('file', new Blob([audio]), 'b.mp3');
  await expectError(await fetch(T(), { method: 'POST', body: two }), 400, 'too_many_files');
  const wrong = new FormData();
  wrong.append('model', 'openai/whisper-1');
  wrong.append('audio', new Blob([audio]), 'a.mp3');
  assert.equal((await expectError(await fetch(T(), { method: 'POST', body: wrong }), 400, 'unexpected_file')).error.param, 'audio');
});

test('model with an empty provider, no model, or naming an unknown provider', async () => {
  // A bare name goes to the default provider (openai here; first-contact.test.ts covers a gateway without one).
  assert.match((await expectError(await withFile({ model: '/whisper-1' }), 400, 'invalid_model')).error.message, /provider\/model/);
  assert.match((await expectError(await withFile({ model: 'groq/whisper-1' }), 400, 'unknown_provider')).error.message, /groq.*configured providers: openai/);
  await expectError(await postJson(S(), { model: ' ', input: 'x', voice: 'alloy' }), 400, 'invalid_model');
});

test('unsupported response_format', async () => {
  assert.equal((await expectError(await withFile({ model: 'openai/whisper-1', response_format: 'xml' }), 400)).error.param, 'response_format');
  assert.equal((await expectError(await postJson(S(), { model: 'openai/tts-1', input: 'x', voice: 'a', response_format: 'ogg' }), 400)).error.param, 'response_format');
});

test('temperature and speed out of range; non-numeric numbers in multipart', async () => {
  const hot = await expectError(await withFile({ model: 'openai/whisper-1', temperature: '1.5' }), 400);
  assert.equal(hot.error.param, 'temperature');
  assert.match(hot.error.message, /<= 1/);
  const nan = await expectError(await withFile({ model: 'openai/whisper-1', temperature: 'warm' }), 400);
  assert.match(nan.error.message, /temperature must be a number/);
  await expectError(await withFile({ model: 'openai/whisper-1', stream: 'perhaps' }), 400);
  for (const speed of [0.1, 4.5]) {
    assert.equal((await expectError(await postJson(S(), { model: 'openai/tts-1', input: 'x', voice: 'a', speed }), 400)).error.param, 'speed');
  }
  assert.match((await expectError(await postJson(S(), { model: 'openai/tts-1', input: 'x', voice: 'a', speed: '1.0' }), 400)).error.message, /speed must be a number/);
});

test('a scalar field given twice is refused rather than guessed', async () => {
  assert.equal((await expectError(await withFile({ model: ['openai/whisper-1', 'openai/other'] }), 400, 'duplicate_field')).error.param, 'model');
});

test('not multipart, or multipart without a boundary', async () => {
  await expectError(await fetch(T(), { method: 'POST', body: 'model=x', headers: { 'content-type': 'application/x-www-form-urlencoded' } }), 415, 'unsupported_media_type');
  await expectError(await fetch(T(), { method: 'POST', body: '{}', headers: { 'content-type': 'application/json' } }), 415);
  await expectError(await fetch(T(), { method: 'POST', body: 'x', headers: { 'content-type': 'multipart/form-data' } }), 400, 'invalid_multipart');
});

test('a part without a name (found by the fuzz test)', async () => {
  for (const part of ['name=""', 'name=""; filename="a.mp3"']) {
    const body = `--XX\r\nContent-Disposition: form-data; ${part}\r\n\r\nopenai/whisper-1\r\n--XX--\r\n`;
    const res = await fetch(T(), { method: 'POST', body, headers: { 'content-type': 'multipart/form-data; boundary=XX' } });
    assert.match((await expectError(res, 400, 'invalid_multipart')).error.message, /has no name/);
  }
});

test('a truncated multipart body', async () => {
  const body = '--XX\r\nContent-Disposition: form-data; name="model"\r\n\r\nopenai/whisper-1\r\n--XX\r\nContent-Disposition: form-data; name="file"; filename="a.mp3"\r\n\r\nabcdef';
  const res = await fetch(T(), { method: 'POST', body, headers: { 'content-type': 'multipart/form-data; boundary=XX' } });
  assert.match((await expectError(res, 400, 'invalid_multipart')).error.message, /truncated/);
});

test('a file over max_upload_mb is refused with 413 before the upload is read to its end', async () => {
  const total = 40 * 1024 * 1024;
  const boundary = 'BOUNDARY';
  const preamble = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="model"\r\n\r\nopenai/whisper-1\r\n--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="big.mp3"\r\nContent-Type: audio/mpeg\r\n\r\n`,
  );
  const head = `POST /v1/audio/transcriptions HTTP/1.1\r\nHost: x\r\nContent-Type: multipart/form-data; boundary=${boundary}\r\nContent-Length: ${total}\r\n\r\n`;
  function* body() {
    yield preamble;
    for (let sent = preamble.length; sent < total; sent += 64 * 1024) yield Buffer.alloc(64 * 1024, 1);
  }
  const answer = await rawRequest(setup.gw.url, head, body());
  assert.equal(answer.status, 413);
  const parsed = JSON.parse(answer.body) as { error: { code: string; param: string; message: string } };
  assert.equal(parsed.error.code, 'payload_too_large');
  assert.equal(parsed.error.param, 'file');
  assert.match(parsed.error.message, /1 MB.*max_upload_mb/);
  assert.ok(answer.sentBeforeAnswer < 8 * 1024 * 1024, `answered after ${answer.sentBeforeAnswer} bytes of ${total}`);
});

test('speech: missing input, missing voice, wrong voice shape', async () => {
  assert.equal((await expectError(await postJson(S(), { model: 'openai/tts-1', voice: 'alloy' }), 400)).error.param, 'input');
  assert.equal((await expectError(await postJson(S(), { model: 'openai/tts-1', input: 'x' }), 400)).error.param, 'voice');
  assert.equal((await expectError(await postJson(S(), { input: 'x', voice: 'alloy' }), 400)).error.param, 'model');
  assert.equal((await expectError(await postJson(S(), { model: 'openai/tts-1', input: '', voice: 'alloy' }), 400)).error.param, 'input');
  const shape = await expectError(await postJson(S(), { model: 'openai/tts-1', input: 'x', voice: [{ speaker: 'a' }] }), 400);
  assert.match(shape.error.message, /voice must be a voice name or id, or a list of \{speaker, voice\}/);
});

test('speech: invalid JSON, a JSON array, JSON over its cap, not JSON at all', async () => {
  assert.match((await expectError(await postJson(S(), '{"model": '), 400, 'invalid_json')).error.message, /not valid JSON/);
  await expectError(await postJson(S(), '[1,2]'), 400, 'invalid_body');
  await expectError(await postJson(S(), 'null'), 400, 'invalid_body');
  const huge = await expectError(await postJson(S(), { model: 'openai/tts-1', voice: 'a', input: 'x'.repeat(40_000) }), 413, 'payload_too_large');
  assert.match(huge.error.message, /16 KB.*max_json_kb/);
  await expectError(await fetch(S(), { method: 'POST', body: 'input=x' }), 415, 'unsupported_media_type');
});

test('unknown routes and wrong methods answer in the error shape', async () => {
  const missing = await expectError(await fetch(`${setup.gw.url}/v1/audio/isolation`, { method: 'POST' }), 404, 'route_not_found');
  assert.match(missing.error.message, /POST \/v1\/audio\/isolation/);
  const wrong = await fetch(S());
  assert.equal(wrong.headers.get('allow'), 'POST');
  await expectError(wrong, 405, 'method_not_allowed');
});

test('after all of it the gateway is still up', async () => {
  assert.deepEqual(await (await fetch(`${setup.gw.url}/health`)).json(), { status: 'ok' });
});

test('a client uploading too much reads the 413 instead of a broken connection', async () => {
  // fetch sends the whole body; a gateway that closed on it mid-upload would surface as a network error.
  const big = new Uint8Array(24 * 1024 * 1024);
  for (let i = 0; i < 5; i++) {
    const res = await upload(T(), { fields: { model: 'openai/whisper-1' }, file: { bytes: Buffer.from(big) } });
    await expectError(res, 413, 'payload_too_large');
  }
});

test('a refused upload is read to its end (within bounds): the client finishes, reads the 413, and can reuse the connection', async () => {
  const { hostname, port } = new URL(setup.gw.url);
  const total = 3 * 1024 * 1024;
  const preamble = Buffer.from('--B\r\nContent-Disposition: form-data; name="file"; filename="a.mp3"\r\n\r\n');
  const socket = net.connect(Number(port), hostname);
  await new Promise((r) => socket.once('connect', r));
  let received = '';
  socket.on('data', (d) => (received += d.toString('latin1')));
  socket.write(`POST /v1/audio/transcriptions HTTP/1.1\r\nHost: x\r\nContent-Type: multipart/form-data; boundary=B\r\nContent-Length: ${total}\r\n\r\n`);
  socket.write(preamble);
  for (let sent = preamble.length; sent < total; sent += 64 * 1024) {
    if (!socket.write(Buffer.alloc(Math.min(64 * 1024, total - sent), 1))) await new Promise((r) => socket.once('drain', r));
  }
  socket.write('GET /health HTTP/1.1\r\nHost: x\r\n\r\n');
  await waitFor(() => /HTTP\/1\.1 200 OK[\s\S]*"status":"ok"/.test(received), 'the second answer on the same connection');
  assert.match(received, /^HTTP\/1\.1 413 /);
  socket.destroy();
});
