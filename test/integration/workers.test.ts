// `serve --workers N` / server.workers: N processes (node:cluster) on one
// port, on a real redis-server; check-config and serve refuse workers > 1 on
// memory:// naming why; SIGTERM lets every worker finish its in-flight
// requests before the primary exits.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { stringify } from 'yaml';
import { FakeOpenAI } from '../fakes/openai.js';
import { fakeAudio } from '../fakes/audio.js';
import { upload } from '../helpers/http.js';
import { runCli, startCli } from '../helpers/cli.js';
import { startRedis, type RedisServer } from '../helpers/redis.js';
import { waitFor } from '../helpers/wait.js';

let redis: RedisServer;
let fake: FakeOpenAI;
const dir = mkdtempSync(path.join(tmpdir(), 'voxgate-workers-'));

const configFile = (name: string, extra: { server?: Record<string, unknown>; store?: string }): string => {
  const file = path.join(dir, `${name}.yaml`);
  writeFileSync(
    file,
    stringify({
      server: { host: '127.0.0.1', port: 0, shutdown_timeout_s: 10, ...extra.server },
      store: { url: extra.store ?? redis.url },
      providers: { openai: { base_url: fake.url, keys: [{ value: 'sk-upstream-workers' }] } },
      auth: { required: false },
      log: { level: 'info', destination: 'stdout', pretty: false },
    }),
  );
  return file;
};

/** The pids of a process's children (Linux /proc). */
const childrenOf = (pid: number): number[] =>
  readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8')
    .trim()
    .split(/\s+/)
    .filter(Boolean)
    .map(Number);

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

before(async () => {
  redis = await startRedis();
  fake = await FakeOpenAI.start();
});
after(async () => {
  await fake.close();
  await redis.stop();
});

test('check-config refuses server.workers > 1 on the memory store, naming why and what to set', () => {
  const r = runCli(['check-config', '--config', configFile('memory-workers', { server: { workers: 2 }, store: 'memory://' })]);
  assert.equal(r.status, 78, r.stderr);
  assert.match(r.stderr, /server\.workers/);
  assert.match(r.stderr, /shared store/);
  assert.match(r.stderr, /redis:\/\//);
  const ok = runCli(['check-config', '--config', configFile('redis-workers', { server: { workers: 2 } })]);
  assert.equal(ok.status, 0, ok.stderr);
  assert.match(ok.stdout, /workers: 2/);
});

test('serve --workers 2 on memory:// is refused before anything listens', async () => {
  const cli = startCli(['serve', '--workers', '2', '--config', configFile('memory-serve', { store: 'memory://' })]);
  const code = await new Promise<number | null>((resolve) => cli.child.once('exit', resolve));
  assert.equal(code, 78);
  assert.match(cli.output(), /server\.workers: 2 workers need a shared store/);
  assert.doesNotMatch(cli.output(), /listening/);
});

test('serve --workers 2: two worker processes answer on one port; SIGTERM drains both before the primary exits', async () => {
  const cli = startCli(['serve', '--workers', '2', '--config', configFile('redis-serve', {})]);
  let workers: number[] = [];
  try {
    const url = await cli.listening();
    workers = childrenOf(cli.child.pid!);
    assert.equal(workers.length, 2, `two workers: ${cli.output()}`);
    await waitFor(() => (cli.output().match(/voxgate worker listening/g)?.length ?? 0) >= 2, 'both workers to log that they listen', 10_000);
    const started = [...cli.output().matchAll(/"pid":(\d+)[^\n]*voxgate worker listening/g)].map((m) => Number(m[1]));
    assert.deepEqual(started.sort(), [...workers].sort());
    assert.match(cli.output(), /"workers":2[^\n]*"msg":"voxgate listening"/);

    const health = await fetch(`${url}/health`);
    assert.equal(health.status, 200);

    // Uploads held by the upstream, spread over both workers (round robin), then SIGTERM.
    fake.delayMs = 1500;
    const n = 6;
    const answers = Array.from({ length: n }, () => upload(`${url}/v1/audio/transcriptions`, { fields: { model: 'openai/whisper-1' }, file: { bytes: fakeAudio('mp3', 20_000) } }));
    await waitFor(() => fake.requests.length >= n, 'every upload to reach the upstream', 30_000);
    const exited = cli.stop('SIGTERM');
    const statuses = (await Promise.all(answers)).map((r) => r.status);
    assert.deepEqual(statuses, Array(n).fill(200), 'every in-flight request finished');
    assert.equal(await exited, 0, cli.output());
    const log = cli.output();
    assert.equal(log.match(/"signal":"primary"[^\n]*shutting down/g)?.length, 2, 'both workers drained');
    assert.match(log, /every worker stopped/);
    for (const pid of workers) assert.equal(alive(pid), false, `worker ${pid} is gone`);
  } finally {
    fake.delayMs = 0;
    if (cli.child.exitCode === null) await cli.stop('SIGKILL');
    for (const pid of workers) if (alive(pid)) process.kill(pid, 'SIGKILL');
  }
});
