// Async jobs on one gateway: the lifecycle for both kinds, results that are
// the sync answers, failures, validation before the 202, TTL expiry,
// ownership, other-kind ids, /content, and a full queue.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { FakeOpenAI, openAIError } from '../fakes/openai.js';
import { fakeAudio } from '../fakes/audio.js';
import { startGateway } from '../helpers/gateway.js';
import { withFakeGateway } from '../helpers/setup.js';
import { expectError, postJson, upload } from '../helpers/http.js';
import { waitFor } from '../helpers/wait.js';

interface Job {
  id: string;
  status: string;
  created_at: string;
  completed_at?: string;
  expires_at?: string;
  status_code?: number;
  result?: Record<string, unknown> & { extra_fields?: Record<string, unknown> };
  error?: { error: { code: string; message: string }; is_bifrost_error: boolean; status_code: number };
}

const audio = fakeAudio('mp3', 80_000);

const config = (fakeUrl: string, asyncOptions: Record<string, unknown> = {}) => ({
  providers: { openai: { base_url: fakeUrl } },
  extensions: { plugins: ['./fixtures/plugins'] },
  plugins: [{ name: 'test-principal' }, { name: 'async-job', concurrency: 2, ...asyncOptions }, { name: 'fallback', max_retries: 0 }, { name: 'logging' }],
});

const setup = withFakeGateway(() => FakeOpenAI.start(), (fake) => config(fake.url));

const submitTranscription = (fields: Record<string, string> = {}, headers: Record<string, string> = {}, base = setup.gw.url) =>
  upload(`${base}/v1/async/audio/transcriptions`, { fields: { model: 'openai/whisper-1', ...fields }, file: { bytes: audio }, headers });
const submitSpeech = (body: Record<string, unknown> = {}, headers: Record<string, string> = {}) =>
  postJson(`${setup.gw.url}/v1/async/audio/speech`, { model: 'openai/tts-1', input: 'Async hello', voice: 'alloy', ...body }, headers);
const poll = (kind: 'transcriptions' | 'speech', id: string, headers: Record<string, string> = {}, base = setup.gw.url) =>
  fetch(`${base}/v1/async/audio/${kind}/${id}`, { headers });
async function accepted(res: Response): Promise<Job> {
  assert.equal(res.status, 202, await res.clone().text());
  return (await res.json()) as Job;
}
async function finished(kind: 'transcriptions' | 'speech', id: string, headers: Record<string, string> = {}): Promise<Job> {
  let job: Job | undefined;
  await waitFor(async () => {
    const res = await poll(kind, id, headers);
    job = (await res.json()) as Job;
    return res.status === 200;
  }, `job ${id} to finish`);
  return job!;
}

describe('lifecycle', () => {
  test('transcription: 202 pending, 202 while it runs, then 200 with the sync answer as its result', async () => {
    setup.fake.delayMs = 600;
    const submitted = await submitTranscription({}, { 'x-bf-async-job-result-ttl': '120' });
    const job = await accepted(submitted.clone());
    assert.equal(job.status, 'pending');
    assert.match(job.id, /^[0-9a-f-]{36}$/);
    assert.ok(!Number.isNaN(Date.parse(job.created_at)));
    assert.equal(submitted.headers.get('location'), `/v1/async/audio/transcriptions/${job.id}`);
    for (let i = 0; i < 2; i++) {
      const res = await poll('transcriptions', job.id);
      assert.equal(res.status, 202);
      assert.equal(res.headers.get('retry-after'), '1');
      assert.ok(['pending', 'processing'].includes(((await res.json()) as Job).status));
    }
    const done = await finished('transcriptions', job.id);
    assert.equal(done.status, 'completed');
    assert.equal(done.status_code, 200);
    assert.equal(done.result!.text, setup.fake.transcript);
    assert.deepEqual(done.result!.usage, { type: 'duration', seconds: 3 });
    assert.equal(done.result!.extra_fields!.provider, 'openai');
    assert.equal(done.result!.extra_fields!.model_requested, 'whisper-1');
    assert.equal(Date.parse(done.expires_at!) - Date.parse(done.completed_at!), 120_000);
    assert.equal(setup.fake.requests.length, 1);
  });

  test('a subtitle job holds the text the sync route would answer', async () => {
    const job = await accepted(await submitTranscription({ response_format: 'srt' }));
    const done = await finished('transcriptions', job.id);
    assert.equal(done.result!.text, `1\n00:00:00,000 --> 00:00:02,500\n${setup.fake.transcript}\n\n`);
  });

  test('speech: base64 audio with its type in the result, and /content streams the raw bytes', async () => {
    const job = await accepted(await submitSpeech({ response_format: 'opus' }));
    const done = await finished('speech', job.id);
    const result = done.result as { audio: string; content_type: string; response_format: string };
    assert.equal(result.content_type, 'audio/opus');
    assert.equal(result.response_format, 'opus');
    const expected = fakeAudio('opus', setup.fake.speechBytes);
    assert.ok(Buffer.from(result.audio, 'base64').equals(expected));
    const content = await fetch(`${setup.gw.url}/v1/async/audio/speech/${job.id}/content`);
    assert.equal(content.status, 200);
    assert.equal(content.headers.get('content-type'), 'audio/opus');
    assert.ok(Buffer.from(await content.arrayBuffer()).equals(expected));
  });

  test('/content of a job still running answers 202 with the job', async () => {
    setup.fake.delayMs = 500;
    const job = await accepted(await submitSpeech());
    const early = await fetch(`${setup.gw.url}/v1/async/audio/speech/${job.id}/content`);
    assert.equal(early.status, 202);
    assert.equal(((await early.json()) as Job).id, job.id);
    await finished('speech', job.id);
  });

  test("a failed job keeps the upstream status and the provider's error", async () => {
    setup.fake.fail({ status: 503, body: openAIError('The engine is overloaded', 'overloaded') });
    const job = await accepted(await submitTranscription());
    const done = await finished('transcriptions', job.id);
    assert.equal(done.status, 'failed');
    assert.equal(done.status_code, 503);
    assert.equal(done.error!.status_code, 503);
    assert.equal(done.error!.is_bifrost_error, false);
    assert.equal(done.error!.error.message, 'The engine is overloaded');
    const content = await fetch(`${setup.gw.url}/v1/async/audio/transcriptions/${job.id}`);
    assert.equal(content.status, 200, 'a failed job is a finished job: 200');
  });

  test('the background run gets its own log line with the job id', async () => {
    const job = await accepted(await submitTranscription());
    await finished('transcriptions', job.id);
    await waitFor(() => setup.gw.logs.records.some((r) => r.route === 'async_transcription_job' && r.job_id === job.id), 'the job log line');
    assert.ok(setup.gw.logs.records.some((r) => r.route === 'async_transcription' && r.status === 202 && r.job_id === job.id));
  });
});

describe('validation before the 202', () => {
  test('bad bodies are the sync routes’ 4xx, and nothing is queued', async () => {
    await expectError(await upload(`${setup.gw.url}/v1/async/audio/transcriptions`, { fields: {}, file: { bytes: audio } }), 400, 'invalid_request');
    await expectError(await postJson(`${setup.gw.url}/v1/async/audio/speech`, { model: 'openai/tts-1', voice: 'alloy' }), 400);
    await expectError(await submitSpeech({ speed: 9 }), 400);
    assert.equal(setup.fake.requests.length, 0);
  });

  test('streaming is refused for async requests', async () => {
    assert.equal((await expectError(await submitTranscription({ stream: 'true' }), 400, 'streaming_not_supported')).error.param, 'stream');
    assert.equal((await expectError(await submitSpeech({ stream_format: 'sse' }), 400, 'streaming_not_supported')).error.param, 'stream_format');
  });

  test('what no target can serve is refused now, not failed later', async () => {
    await expectError(await submitSpeech({ with_timestamps: true }), 400, 'unsupported_by_provider');
    await expectError(await submitSpeech({ voice: [{ speaker: 'A', voice: 'alloy' }] }), 400, 'unsupported_by_provider');
    assert.equal(setup.fake.requests.length, 0);
  });

  test('a bad result TTL header is a 400', async () => {
    for (const ttl of ['abc', '0', '-5', '1.5', '604801', '']) {
      const body = await expectError(await submitTranscription({}, { 'x-bf-async-job-result-ttl': ttl }), 400, 'invalid_job_ttl');
      assert.equal(body.error.param, 'x-bf-async-job-result-ttl');
    }
  });
});

describe('expiry, ownership, ids', () => {
  test('after its TTL a job answers 404 and its record is gone from the store', async () => {
    const job = await accepted(await submitTranscription({}, { 'x-bf-async-job-result-ttl': '1' }));
    await finished('transcriptions', job.id);
    assert.ok(await setup.gw.gateway.store.namespace('jobs').get(`job:${job.id}`));
    await new Promise((r) => setTimeout(r, 1100));
    await expectError(await poll('transcriptions', job.id), 404, 'job_not_found');
    assert.equal(await setup.gw.gateway.store.namespace('jobs').get(`job:${job.id}`), undefined);
  });

  test("another caller's job is a 404; an admin reads every job", async () => {
    const alice = { 'x-test-principal': 'alice' };
    const job = await accepted(await submitTranscription({}, alice));
    await finished('transcriptions', job.id, alice);
    await expectError(await poll('transcriptions', job.id, { 'x-test-principal': 'bob' }), 404, 'job_not_found');
    await expectError(await poll('transcriptions', job.id), 404, 'job_not_found');
    const admin = await poll('transcriptions', job.id, { 'x-test-principal': 'root', 'x-test-admin': 'yes' });
    assert.equal(admin.status, 200);
    assert.equal(((await admin.json()) as Job).status, 'completed');
  });

  test('a job of the other kind, and ids that are not ids, are 404s', async () => {
    const job = await accepted(await submitTranscription());
    await finished('transcriptions', job.id);
    await expectError(await poll('speech', job.id), 404, 'job_not_found');
    await expectError(await fetch(`${setup.gw.url}/v1/async/audio/speech/${job.id}/content`), 404, 'job_not_found');
    for (const id of ['nope', '00000000-0000-0000-0000-000000000000', 'x'.repeat(500), '..%2F..%2Fetc']) {
      await expectError(await poll('transcriptions', id), 404, 'job_not_found');
    }
  });
});

describe('a bounded queue', () => {
  test('past max_queued_jobs or max_queued_mb, submits get 503 with Retry-After, never a crash', async () => {
    const local = await startGateway(config(setup.fake.url, { concurrency: 1, max_queued_jobs: 2, max_queued_mb: 0.2, retry_after_s: 7 }));
    try {
      setup.fake.fail({ hang: true, times: 10 });
      await accepted(await submitTranscription({}, {}, local.url));
      await accepted(await submitTranscription({}, {}, local.url));
      const full = await submitTranscription({}, {}, local.url);
      assert.equal(full.headers.get('retry-after'), '7');
      assert.match((await expectError(full, 503, 'job_queue_full')).error.message, /2 jobs/);
      setup.fake.reset();
      const bytesLocal = await startGateway(config(setup.fake.url, { max_queued_mb: 0.1 }));
      try {
        setup.fake.fail({ hang: true, times: 10 });
        await accepted(await submitTranscription({}, {}, bytesLocal.url));
        await expectError(await submitTranscription({}, {}, bytesLocal.url), 503, 'job_queue_full');
      } finally {
        setup.fake.reset();
        await bytesLocal.close();
      }
    } finally {
      setup.fake.reset();
      await local.close();
    }
  });
});
