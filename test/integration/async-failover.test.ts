// Async jobs on BullMQ surviving their instance, with real redis-server and
// spawned gateway processes, and a slow fake so jobs are mid-flight: kill -9
// (every job completes on a survivor with its own upload's result), SIGSTOP
// past the lock then SIGCONT (the frozen owner's late write is refused).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { waitFor } from '../helpers/wait.js';
import { finished, poll, submitUpload, type Job } from '../helpers/jobs.js';
import { expectRightResult, withJobCluster } from '../helpers/job-cluster.js';

const cluster = withJobCluster();

test('kill -9 with jobs waiting and running: every job completes on a survivor with its own result, none instance_lost', async () => {
  const [a, b, c] = [await cluster.instance(), await cluster.instance(), await cluster.instance()];
  cluster.fake.delayMs = 700;
  const submitted = [];
  for (let i = 0; i < 30; i++) submitted.push(await submitUpload(a.url, 1000 + i));
  await waitFor(() => cluster.fake.requests.length >= 6, 'jobs to be running on every instance', 30_000);
  a.cli.child.kill('SIGKILL');
  const killedAt = Date.now();
  const jobs = await Promise.all(submitted.map(async ({ job, hash }, i) => ({ done: await finished(i % 2 ? b.url : c.url, job.id, 120_000), hash })));
  const seconds = (Date.now() - killedAt) / 1000;
  for (const { done, hash } of jobs) expectRightResult(done, hash);
  const retried = jobs.filter((j) => (j.done.attempts ?? 0) > 1).length;
  const starts = jobs.reduce((n, j) => n + (j.done.attempts ?? 0), 0);
  assert.ok(retried > 0, 'some job the killed instance held ran again elsewhere');
  assert.ok(cluster.fake.requests.length >= 30 && cluster.fake.requests.length <= starts, `each upstream call counted: ${cluster.fake.requests.length} calls for ${starts} starts`);
  console.log(`# kill -9: ${retried} jobs the killed instance held completed elsewhere; all 30 completed ${seconds.toFixed(1)} s after the kill`);
  await b.cli.stop();
  await c.cli.stop();
});

test('SIGSTOP past the lock, then SIGCONT: the survivor finishes the jobs and the frozen owner cannot overwrite them', async () => {
  const a = await cluster.instance();
  cluster.fake.fail({ delayMs: 4000, times: 2 });
  const submitted = [await submitUpload(a.url, 2001), await submitUpload(a.url, 2002)];
  await waitFor(() => cluster.fake.requests.length === 2, 'both jobs running on the instance about to freeze', 30_000);
  a.cli.child.kill('SIGSTOP');
  const b = await cluster.instance();
  const done = await Promise.all(submitted.map(({ job }) => finished(b.url, job.id, 60_000)));
  submitted.forEach(({ hash }, i) => expectRightResult(done[i]!, hash));
  for (const job of done) assert.equal(job.attempts, 2, 'started again by the survivor');
  a.cli.child.kill('SIGCONT');
  await waitFor(() => (a.cli.output().match(/another worker holds it now/g) ?? []).length === 2, 'the thawed owner to try (and fail) to record both jobs', 30_000);
  for (const [i, { job }] of submitted.entries()) assert.deepEqual((await poll(b.url, job.id)).job, done[i], 'the final state is the survivor’s');
  await a.cli.stop();
  await b.cli.stop();
});
