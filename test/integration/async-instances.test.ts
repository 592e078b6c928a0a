// Async jobs across instances on one real redis-server: submit on one, poll
// on another. (Failures of instances are in async-failover.test.ts.)
import { after, before, beforeEach, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { stringify } from 'yaml';
import { FakeOpenAI } from '../fakes/openai.js';
import { fakeAudio } from '../fakes/audio.js';
import { startGateway, type TestGateway } from '../helpers/gateway.js';
import { upload } from '../helpers/http.js';
import { startCli, type RunningCli } from '../helpers/cli.js';
import { freePort, startRedis, type RedisServer } from '../helpers/redis.js';
import { waitFor } from '../helpers/wait.js';

interface Job {
  id: string;
  status: string;
  status_code?: number;
  result?: { text?: string };
  error?: { error: { code: string; message: string } };
}

let redis: RedisServer;
let fake: FakeOpenAI;
let survivor: TestGateway;
const dir = mkdtempSync(path.join(tmpdir(), 'voxgate-async-'));

const asyncOptions = { heartbeat_s: 0.2, lease_s: 1, sweep_interval_s: 0.3, shutdown_deadline_s: 1 };
const config = (port: number) => ({
  server: { host: '127.0.0.1', port, shutdown_timeout_s: 1 },
  store: { url: redis.url },
  providers: { openai: { base_url: fake.url } },
  plugins: [{ name: 'async-job', ...asyncOptions }, { name: 'fallback', max_retries: 0 }],
});

async function instance(): Promise<{ cli: RunningCli; url: string }> {
  const file = path.join(dir, `gw-${Date.now()}-${Math.random()}.yaml`);
  writeFileSync(file, stringify(config(await freePort())));
  const cli = startCli(['serve', '--config', file]);
  return { cli, url: await cli.listening() };
}

before(async () => {
  redis = await startRedis();
  fake = await FakeOpenAI.start();
  const { server: _server, ...rest } = config(0);
  survivor = await startGateway(rest);
});
after(async () => {
  await survivor.close();
  await fake.close();
  await redis.stop();
});
beforeEach(() => fake.reset());

const submit = async (base: string): Promise<Job> => {
  const res = await upload(`${base}/v1/async/audio/transcriptions`, { fields: { model: 'openai/whisper-1' }, file: { bytes: fakeAudio('mp3', 50_000) } });
  assert.equal(res.status, 202, await res.clone().text());
  return (await res.json()) as Job;
};
const poll = async (base: string, id: string): Promise<{ status: number; job: Job }> => {
  const res = await fetch(`${base}/v1/async/audio/transcriptions/${id}`);
  return { status: res.status, job: (await res.json()) as Job };
};
const finishedOn = async (base: string, id: string, timeoutMs = 10_000): Promise<Job> => {
  let job: Job | undefined;
  await waitFor(async () => {
    const answer = await poll(base, id);
    job = answer.job;
    return answer.status === 200;
  }, `job ${id} to finish`, timeoutMs);
  return job!;
};

test('a job submitted to one instance is polled on another', async () => {
  const a = await instance();
  try {
    fake.delayMs = 300;
    const job = await submit(a.url);
    assert.equal((await poll(survivor.url, job.id)).status, 202, 'the other instance sees it running');
    const done = await finishedOn(survivor.url, job.id);
    assert.equal(done.status, 'completed');
    assert.equal(done.result?.text, fake.transcript);
  } finally {
    await a.cli.stop();
  }
});

test('a speech job submitted to one instance: its audio is stored as bytes and /content streams it from another', async () => {
  const a = await instance();
  try {
    const res = await fetch(`${a.url}/v1/async/audio/speech`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ model: 'openai/tts-1', input: 'Shared hello', voice: 'alloy' }) });
    assert.equal(res.status, 202);
    const job = (await res.json()) as Job;
    let content: Response | undefined;
    await waitFor(async () => (content = await fetch(`${survivor.url}/v1/async/audio/speech/${job.id}/content`)).status === 200, 'the audio', 30_000);
    const bytes = Buffer.from(await content!.arrayBuffer());
    assert.equal(content!.headers.get('content-type'), 'audio/mpeg');
    assert.ok(bytes.length > 0);
    const view = (await (await fetch(`${a.url}/v1/async/audio/speech/${job.id}`)).json()) as { result: { audio: string } };
    assert.deepEqual(Buffer.from(view.result.audio, 'base64'), bytes, 'the job JSON carries the same audio as base64');
  } finally {
    await a.cli.stop();
  }
});

test('a job whose every allowed worker was lost fails instance_lost, saying why', async () => {
  // Its own database: no other worker can take the job before the instance holding it dies.
  const shared = { store: { url: `${redis.url}/3` }, providers: { openai: { base_url: fake.url } }, plugins: [{ name: 'async-job', lease_s: 1, max_attempts: 1 }, { name: 'fallback', max_retries: 0 }] };
  const file = path.join(dir, `gw-lost-${Date.now()}.yaml`);
  writeFileSync(file, stringify({ ...shared, server: { host: '127.0.0.1', port: await freePort() } }));
  const cli = startCli(['serve', '--config', file]);
  const url = await cli.listening();
  fake.fail({ hang: true });
  const job = await submit(url);
  await waitFor(() => fake.requests.length === 1, 'the job to start', 30_000);
  await cli.stop('SIGKILL');
  const other = await startGateway(shared);
  try {
    const lost = await finishedOn(other.url, job.id, 30_000);
    assert.equal(lost.status, 'failed');
    assert.equal(lost.status_code, 503);
    assert.equal(lost.error?.error.code, 'instance_lost');
    assert.match(lost.error!.error.message, /stopped answering before finishing it/);
    assert.equal(fake.requests.length, 1, 'not started again past max_attempts');
  } finally {
    await other.close();
  }
});
