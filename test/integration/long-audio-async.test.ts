// Long audio, the hard cases, on the shipped default chain: a chunk that
// fails after its fallbacks, the same 40 MB WAV through the async route with
// progress on poll, a file ffmpeg cannot decode, an upload past
// long_audio.max_spool_gb, and a client that disconnects mid-upload (the
// spool file is removed). long-audio.test.ts has the stitching.
import { after, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { LongFakeOpenAI } from '../fakes/long-openai.js';
import { startGateway, type TestGateway } from '../helpers/gateway.js';
import { expectError, upload } from '../helpers/http.js';
import { waitFor } from '../helpers/wait.js';
import { toneWav } from '../helpers/tone-wav.js';

const wav = toneWav(40 * 1024 * 1024);
const spoolRoot = mkdtempSync(path.join(os.tmpdir(), 'voxgate-long-test-'));
let fake: LongFakeOpenAI;
let gw: TestGateway;
const savedTmp = process.env.TMPDIR;

interface Segment {
  id: number;
  start: number;
  end: number;
  text: string;
}

before(async () => {
  process.env.TMPDIR = spoolRoot; // the gateway's spool folder goes here, so the test can watch it
  fake = await LongFakeOpenAI.start();
  // The shipped default chain (plugins unset), with long uploads on.
  gw = await startGateway({
    providers: { openai: { base_url: fake.url, keys: [{ value: 'sk-upstream-test-key' }] } },
    auth: { required: false },
    long_audio: { max_upload_mb: 200, chunk_seconds: 150, concurrency: 2, max_spool_gb: 0.1 },
  });
});
after(async () => {
  await gw.close();
  await fake.close();
  process.env.TMPDIR = savedTmp;
  rmSync(spoolRoot, { recursive: true, force: true });
});
beforeEach(() => {
  fake.reset();
  fake.chunkSeconds.length = 0;
});

const spoolFiles = (): string[] =>
  readdirSync(spoolRoot, { withFileTypes: true })
    .filter((d) => d.isDirectory() && d.name.startsWith('voxgate-spool-'))
    .flatMap((d) => readdirSync(path.join(spoolRoot, d.name)));

const transcribe = (fields: Record<string, string | string[]>, base = gw.url, route = '/v1/audio/transcriptions') =>
  upload(`${base}${route}`, { fields: { model: 'openai/whisper-1', ...fields }, file: { bytes: wav.bytes, filename: 'meeting.wav', type: 'audio/wav' } });

const transcriptionCalls = () => fake.requests.filter((r) => r.path.endsWith('/audio/transcriptions'));

describe('long audio: failures, async, bad input', () => {
  test('a chunk that fails after its fallbacks fails the request, naming the chunk', async () => {
    fake.fail({ status: 500, times: 10, match: (r) => r.path.endsWith('/audio/transcriptions') && r.files[0]?.filename === 'chunk-2.mp3' });
    const res = await transcribe({ response_format: 'json' });
    const err = await expectError(res, res.status);
    assert.ok(res.status >= 500, `status ${res.status}`);
    assert.match(err.error.message, /^Chunk 2 of \d+ \(\d+:\d\d–\d+:\d\d\) failed/);
  });

  test('the async route answers 202 at once and shows progress on poll', async () => {
    const res = await transcribe({ response_format: 'verbose_json' }, gw.url, '/v1/async/audio/transcriptions');
    assert.equal(res.status, 202);
    const { id } = (await res.json()) as { id: string };
    const seen: Array<Record<string, number>> = [];
    let job: { status: string; progress?: Record<string, number>; result?: { segments: Segment[]; duration: number } } = { status: 'pending' };
    await waitFor(
      async () => {
        job = (await (await fetch(`${gw.url}/v1/async/audio/transcriptions/${id}`)).json()) as typeof job;
        if (job.progress) seen.push(job.progress);
        return job.status === 'completed' || job.status === 'failed';
      },
      'the job to finish',
      100_000,
    );
    assert.equal(job.status, 'completed', JSON.stringify(job));
    assert.ok(seen.length > 0, 'progress was shown');
    const total = job.progress!.chunks_total;
    assert.ok(total >= 2);
    assert.deepEqual(job.progress, { chunks_done: total, chunks_total: total });
    assert.ok(Math.abs(job.result!.duration - wav.seconds) <= 1);
    assert.equal(transcriptionCalls().length, total);
    await waitFor(() => spoolFiles().length === 0, 'the job to let go of the spool file');
  });
  test('a file ffmpeg cannot decode: 400 naming the container it saw', async () => {
    const junk = Buffer.alloc(26 * 1024 * 1024, 7);
    junk.write('RIFF', 0, 'latin1');
    const res = await upload(`${gw.url}/v1/audio/transcriptions`, { fields: { model: 'openai/whisper-1' }, file: { bytes: junk, filename: 'broken.wav', type: 'audio/wav' } });
    const err = await expectError(res, 400, 'undecodable_audio');
    assert.match(err.error.message, /WAV \(RIFF\) by its header/);
    assert.equal(transcriptionCalls().length, 0);
  });

  test('an upload past long_audio.max_spool_gb: 413 naming the key', async () => {
    const big = Buffer.alloc(105 * 1024 * 1024); // over the 102.4 MB spool, under max_upload_mb
    const res = await upload(`${gw.url}/v1/audio/transcriptions`, { fields: { model: 'openai/whisper-1' }, file: { bytes: big, filename: 'huge.wav' } });
    const err = await expectError(res, 413);
    assert.match(err.error.message, /long_audio\.max_spool_gb/);
    await waitFor(() => spoolFiles().length === 0, 'the refused spool file to be removed');
  });

  test('a client that disconnects mid-upload: the spool file is removed', async () => {
    const { port } = new URL(gw.url);
    const boundary = 'voxgate-test-boundary';
    const head = `--${boundary}\r\nContent-Disposition: form-data; name="model"\r\n\r\nopenai/whisper-1\r\n--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="a.wav"\r\nContent-Type: audio/wav\r\n\r\n`;
    const socket = net.connect(Number(port), '127.0.0.1');
    await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
    socket.write(`POST /v1/audio/transcriptions HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: multipart/form-data; boundary=${boundary}\r\nContent-Length: ${100 * 1024 * 1024}\r\n\r\n${head}`);
    const block = Buffer.alloc(1024 * 1024, 1);
    for (let i = 0; i < 30; i++) if (!socket.write(block)) await new Promise((r) => socket.once('drain', r));
    await waitFor(() => spoolFiles().length === 1, 'the upload to be spooled to disk', 20_000);
    socket.destroy();
    await waitFor(() => spoolFiles().length === 0, 'the spool file to be removed after the disconnect', 20_000);
  });
});
