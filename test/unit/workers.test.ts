// server.workers / --workers: the worker count, and the refusal of more than one on memory://.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkWorkers, workerCount, workersProblems } from '../../core/cluster/workers.js';
import { ConfigError } from '../../core/config/errors.js';
import { UsageError, applyServeFlags, parseServeFlags } from '../../core/commands/serve-flags.js';
import type { GatewayConfig } from '../../core/config/types.js';

const config = (workers: number | 'auto' | undefined, store: string): GatewayConfig =>
  ({ server: { workers }, store: { url: store } }) as Pick<GatewayConfig, 'server' | 'store'> as GatewayConfig;

test('workers: absent is 1, a number is itself, auto is one per CPU', () => {
  assert.equal(workerCount(undefined, 8), 1);
  assert.equal(workerCount(3, 8), 3);
  assert.equal(workerCount('auto', 8), 8);
  assert.equal(workerCount('auto', 0), 1);
});

test('more than one worker on memory:// is a config problem at server.workers naming why; redis:// and one worker are fine', () => {
  const [problem] = workersProblems(config(2, 'memory://'), 2);
  assert.equal(problem?.path, 'server.workers');
  assert.match(problem!.message, /shared store/);
  assert.match(problem!.message, /rate limits/);
  assert.deepEqual(workersProblems(config(2, 'redis://127.0.0.1:6379'), 2), []);
  assert.deepEqual(workersProblems(config(1, 'memory://'), 1), []);
  assert.throws(() => checkWorkers(config('auto', 'memory://'), 'gw.yaml', 4), ConfigError);
  assert.equal(checkWorkers(config('auto', 'memory://'), 'gw.yaml', 1), 1);
  assert.equal(checkWorkers(config('auto', 'rediss://cache:6380'), 'gw.yaml', 4), 4);
});

test('--workers takes 1–256 or auto and beats server.workers', () => {
  assert.equal(parseServeFlags(['--workers', '2']).workers, 2);
  assert.equal(parseServeFlags(['-w', 'auto']).workers, 'auto');
  for (const bad of ['0', '-1', '1.5', 'many', '257']) assert.throws(() => parseServeFlags(['--workers', bad]), UsageError, bad);
  const base = { server: { host: 'h', port: 1, workers: 1 }, store: { url: 'memory://' } } as Pick<GatewayConfig, 'server' | 'store'> as GatewayConfig;
  assert.equal(applyServeFlags(base, { workers: 'auto' }).server.workers, 'auto');
  assert.equal(applyServeFlags(base, {}).server.workers, 1);
});
