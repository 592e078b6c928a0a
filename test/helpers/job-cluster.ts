// The async-job failure tests' shared setup (async-drain, async-failover): a
// real redis-server with AOF on, a fake OpenAI, and gateway processes spawned
// on demand with a short job lock, all stopped (thawed first if frozen) after
// the file.
import { after, before, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { FakeOpenAI } from '../fakes/openai.js';
import { startRedis, type RedisServer } from './redis.js';
import { spawnInstance, type Instance, type Job } from './jobs.js';

// A short lock keeps these tests quick; 2 s leaves room for a loaded CI machine.
const ASYNC_OPTIONS = { lease_s: 2, concurrency: 2, shutdown_deadline_s: 20, max_attempts: 2 };

export interface JobCluster {
  readonly redis: RedisServer;
  readonly fake: FakeOpenAI;
  /** A new gateway process on the cluster's Redis. */
  instance(): Promise<Instance>;
}

export function withJobCluster(): JobCluster {
  let redis: RedisServer | undefined;
  let fake: FakeOpenAI | undefined;
  const running: Instance[] = [];
  const cluster: JobCluster = {
    get redis() {
      return redis!;
    },
    get fake() {
      return fake!;
    },
    async instance() {
      const i = await spawnInstance({
        store: { url: redis!.url },
        providers: { openai: { base_url: fake!.url } },
        plugins: [{ name: 'async-job', ...ASYNC_OPTIONS }, { name: 'fallback', max_retries: 0 }],
      });
      running.push(i);
      return i;
    },
  };
  before(async () => {
    redis = await startRedis({ aofDir: mkdtempSync(path.join(tmpdir(), 'voxgate-aof-')) });
    fake = await FakeOpenAI.start();
  });
  after(async () => {
    for (const i of running) {
      if (i.cli.child.signalCode === 'SIGSTOP') i.cli.child.kill('SIGCONT');
      await i.cli.stop('SIGKILL');
    }
    await fake?.close();
    await redis?.stop();
  });
  beforeEach(() => fake!.reset());
  return cluster;
}

export function expectRightResult(job: Job, hash: string): void {
  assert.equal(job.status, 'completed', JSON.stringify(job.error));
  assert.equal(job.result?.x_fake_file?.sha256, hash, 'the result is of its own upload');
}
