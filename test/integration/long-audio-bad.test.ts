// Bad long input: a file ffmpeg cannot decode (400 naming the container it
// saw), an upload past long_audio.max_spool_gb (413 naming the key), and a
// client that disconnects mid-upload (the spool file is removed).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { expectError, upload } from '../helpers/http.js';
import { waitFor } from '../helpers/wait.js';
import { withLongAudioGateway } from '../helpers/long-audio.js';

const setup = withLongAudioGateway();

test('a file ffmpeg cannot decode: 400 naming the container it saw', async () => {
  const junk = Buffer.alloc(26 * 1024 * 1024, 7);
  junk.write('RIFF', 0, 'latin1');
  const res = await upload(`${setup.gw.url}/v1/audio/transcriptions`, { fields: { model: 'openai/whisper-1' }, file: { bytes: junk, filename: 'broken.wav', type: 'audio/wav' } });
  const err = await expectError(res, 400, 'undecodable_audio');
  assert.match(err.error.message, /WAV \(RIFF\) by its header/);
  assert.equal(setup.transcriptionCalls().length, 0);
  await waitFor(() => setup.spoolFiles().length === 0, 'the spool file to be removed');
});

test('an upload past long_audio.max_spool_gb: 413 naming the key', async () => {
  const big = Buffer.alloc(105 * 1024 * 1024); // over the 102.4 MB spool, under long_audio.max_upload_mb
  const res = await upload(`${setup.gw.url}/v1/audio/transcriptions`, { fields: { model: 'openai/whisper-1' }, file: { bytes: big, filename: 'huge.wav' } });
  const err = await expectError(res, 413);
  assert.match(err.error.message, /long_audio\.max_spool_gb/);
  await waitFor(() => setup.spoolFiles().length === 0, 'the refused spool file to be removed');
});

test('a client that disconnects mid-upload: the spool file is removed', async () => {
  const { port } = new URL(setup.gw.url);
  const boundary = 'voxgate-test-boundary';
  const head = `--${boundary}\r\nContent-Disposition: form-data; name="model"\r\n\r\nopenai/whisper-1\r\n--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="a.wav"\r\nContent-Type: audio/wav\r\n\r\n`;
  const socket = net.connect(Number(port), '127.0.0.1');
  await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
  socket.write(`POST /v1/audio/transcriptions HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: multipart/form-data; boundary=${boundary}\r\nContent-Length: ${100 * 1024 * 1024}\r\n\r\n${head}`);
  const block = Buffer.alloc(1024 * 1024, 1);
  for (let i = 0; i < 30; i++) if (!socket.write(block)) await new Promise((r) => socket.once('drain', r));
  await waitFor(() => setup.spoolFiles().length === 1, 'the upload to be spooled to disk', 20_000);
  socket.destroy();
  await waitFor(() => setup.spoolFiles().length === 0, 'the spool file to be removed after the disconnect', 20_000);
});
