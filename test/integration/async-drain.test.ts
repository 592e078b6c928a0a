// Async jobs on BullMQ through a drain and a store outage, with real
// redis-server and spawned gateway processes, and a slow fake so jobs are
// mid-flight: SIGTERM beside a second instance (503 /ready and
// shutting_down, waiting jobs run elsewhere, nothing failed), a Redis
// restart with AOF (nothing left processing).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { waitFor } from '../helpers/wait.js';
import { exited, finished, poll, submitUpload, type Job } from '../helpers/jobs.js';
import { expectRightResult, withJobCluster } from '../helpers/job-cluster.js';

const cluster = withJobCluster();

test('SIGTERM beside a second instance: /ready 503 and submits shutting_down during the drain, waiting jobs run elsewhere, none failed', async () => {
  const a = await cluster.instance();
  const b = await cluster.instance();
  // Slow enough that the stopping instance's running jobs outlast the start of its drain, with more waiting.
  cluster.fake.delayMs = 3000;
  const submitted = [];
  for (let i = 0; i < 8; i++) submitted.push(await submitUpload(a.url, 3000 + i));
  await waitFor(() => cluster.fake.requests.length >= 4, 'jobs running on both instances, the rest waiting', 30_000);
  a.cli.child.kill('SIGTERM');
  await waitFor(async () => (await fetch(`${a.url}/ready`).catch(() => undefined))?.status === 503, '/ready to answer 503 during the drain', 10_000);
  const refused = await fetch(`${a.url}/v1/async/audio/speech`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ model: 'openai/tts-1', input: 'hi', voice: 'alloy' }) });
  assert.equal(refused.status, 503);
  assert.ok(refused.headers.get('retry-after'), 'with Retry-After');
  assert.equal(((await refused.json()) as { error: { code: string } }).error.code, 'shutting_down');
  const polled = await poll(a.url, submitted[0]!.job.id);
  assert.ok(polled.status === 200 || polled.status === 202, 'polls still answer during the drain');
  assert.equal(await exited(a), 0, 'the draining instance exits cleanly');
  for (const { job, hash } of submitted) expectRightResult(await finished(b.url, job.id, 60_000), hash);
  assert.equal(cluster.fake.requests.length, 8, 'one upstream call per job: nothing was started twice or aborted');
  await b.cli.stop();
});

test('Redis restart (AOF) during running jobs: every job ends completed or failed, none left processing', async () => {
  const a = await cluster.instance();
  const b = await cluster.instance();
  cluster.fake.delayMs = 1500;
  const submitted = [];
  for (let i = 0; i < 6; i++) submitted.push(await submitUpload(i % 2 ? a.url : b.url, 4000 + i));
  await waitFor(() => cluster.fake.requests.length >= 3, 'jobs running', 30_000);
  await cluster.redis.stop();
  await new Promise((r) => setTimeout(r, 3000));
  await cluster.redis.restart();
  for (const { job, hash } of submitted) {
    const done = await finished(b.url, job.id, 60_000);
    assert.ok(done.status === 'completed' || done.status === 'failed', done.status);
    if (done.status === 'completed') assert.equal(done.result?.x_fake_file?.sha256, hash);
  }
  await a.cli.stop();
  await b.cli.stop();
});
