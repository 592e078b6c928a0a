// SIGTERM with a job that outlasts the shutdown deadline, beside a second
// instance (real redis-server, spawned gateways): the job is handed back to
// the queue at the deadline and completed by the other instance, not failed.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { FakeOpenAI } from '../fakes/openai.js';
import { startRedis, type RedisServer } from '../helpers/redis.js';
import { waitFor } from '../helpers/wait.js';
import { exited, finished, spawnInstance, submitUpload, type Instance } from '../helpers/jobs.js';

let redis: RedisServer;
let fake: FakeOpenAI;
const running: Instance[] = [];

before(async () => {
  redis = await startRedis();
  fake = await FakeOpenAI.start();
});
after(async () => {
  for (const i of running) await i.cli.stop('SIGKILL');
  await fake.close();
  await redis.stop();
});

test('a running job past the shutdown deadline goes back to the queue and completes on the other instance', async () => {
  const config = {
    store: { url: redis.url },
    providers: { openai: { base_url: fake.url } },
    plugins: [{ name: 'async-job', lease_s: 2, shutdown_deadline_s: 1 }, { name: 'fallback', max_retries: 0 }],
  };
  const a = await spawnInstance(config);
  running.push(a);
  fake.fail({ delayMs: 20_000 });
  const { job, hash } = await submitUpload(a.url, 6001);
  await waitFor(() => fake.requests.length === 1, 'the job to be running on the instance to stop', 30_000);
  const b = await spawnInstance(config);
  running.push(b);
  a.cli.child.kill('SIGTERM');
  assert.equal(await exited(a), 0);
  const done = await finished(b.url, job.id, 60_000);
  assert.equal(done.status, 'completed', JSON.stringify(done.error));
  assert.equal(done.result?.x_fake_file?.sha256, hash);
  assert.equal(done.attempts, 2);
  assert.ok(fake.requests[0]!.aborted, "the stopped instance's upstream call was aborted at the deadline");
  assert.match(a.cli.output(), /handed a running job back to the queue at shutdown/);
});
