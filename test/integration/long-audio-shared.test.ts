// A long upload (past server.max_upload_mb, so spooled to disk) submitted as
// an async job on a shared store: with blob_store: file:// the job's input is
// a copy of the spool file and the job that runs it reads that file, so the
// whole upload is transcribed; with the Redis blob store (which would hold it
// whole in memory) the submit is refused with a 413 that names the fix.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { withLongAudioGateway } from '../helpers/long-audio.js';
import { startGateway, type TestGateway } from '../helpers/gateway.js';
import { builtinChain } from '../helpers/hardening.js';
import { startRedis, type RedisServer } from '../helpers/redis.js';
import { upload } from '../helpers/http.js';
import { waitFor } from '../helpers/wait.js';

// Started before the file's hooks are registered: the gateway's config names it.
const redis: RedisServer = await startRedis();
const blobDir = mkdtempSync(path.join(os.tmpdir(), 'voxgate-blobs-'));

const shared = {
  store: { url: `${redis.url}/1` },
  plugins: builtinChain({ 'async-job': { blob_store: pathToFileURL(blobDir).href } }),
};
const setup = withLongAudioGateway({}, shared);
// Registered after the helper's own hook: the gateway closes before the Redis it uses stops.
after(async () => {
  await redis.stop();
  rmSync(blobDir, { recursive: true, force: true });
});

test('a spooled upload runs as a shared async job from its file and is transcribed whole', async () => {
  const res = await setup.transcribe({ response_format: 'verbose_json' }, '/v1/async/audio/transcriptions');
  assert.equal(res.status, 202, await res.clone().text());
  const { id } = (await res.json()) as { id: string };
  let job: { status: string; result?: { duration: number }; error?: unknown } = { status: 'pending' };
  await waitFor(
    async () => {
      job = (await (await fetch(`${setup.gw.url}/v1/async/audio/transcriptions/${id}`)).json()) as typeof job;
      return job.status === 'completed' || job.status === 'failed';
    },
    'the job to finish',
    100_000,
  );
  assert.equal(job.status, 'completed', JSON.stringify(job));
  assert.ok(Math.abs(job.result!.duration - setup.wav.seconds) <= 1, `transcribed ${job.result!.duration} s of ${setup.wav.seconds} s`);
  const sent = setup.transcriptionCalls().length;
  assert.ok(sent >= 2, 'the long upload was cut into chunks');
  await waitFor(() => readdirSync(blobDir).length === 0, 'the job input to be deleted once the job is final');
  await waitFor(() => setup.spoolFiles().length === 0, 'the request to let go of its spool file');
});

test('on the Redis blob store, a spooled upload is refused with a 413 naming blob_store, and nothing is queued', async () => {
  let redisBlobs: TestGateway | undefined;
  try {
    redisBlobs = await startGateway({
      providers: { openai: { base_url: setup.fake.url, keys: [{ value: 'sk-upstream-test-key' }] } },
      auth: { required: false },
      store: { url: `${redis.url}/2` },
      long_audio: { max_upload_mb: 200, chunk_seconds: 60, max_spool_gb: 0.1 },
    });
    const res = await upload(`${redisBlobs.url}/v1/async/audio/transcriptions`, { fields: { model: 'openai/whisper-1' }, file: { bytes: setup.wav.bytes, filename: 'meeting.wav', type: 'audio/wav' } });
    assert.equal(res.status, 413);
    const body = (await res.json()) as { error: { code: string; message: string; param?: string } };
    assert.match(body.error.message, /blob_store/);
    assert.equal(body.error.param, 'file');
    assert.equal(setup.transcriptionCalls().length, 0);
    // A small upload on the same gateway still queues.
    const small = await upload(`${redisBlobs.url}/v1/async/audio/transcriptions`, { fields: { model: 'openai/whisper-1' }, file: { bytes: setup.wav.bytes.subarray(0, 200_000), filename: 'short.wav', type: 'audio/wav' } });
    assert.equal(small.status, 202, await small.clone().text());
  } finally {
    await redisBlobs?.close();
  }
});
