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
