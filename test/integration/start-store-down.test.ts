// A gateway started while its Redis is down (an orchestrator starting both
// at once): it listens after a short wait instead of waiting for Redis, /ready
// answers 503 naming the store, and once Redis comes up everything works
// without a restart: sync calls, the shared job queue, run-time keys.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { stringify } from 'yaml';
import { FakeOpenAI } from '../fakes/openai.js';
import { startCli } from '../helpers/cli.js';
import { freePort, startRedis } from '../helpers/redis.js';
import { waitFor } from '../helpers/wait.js';

const ADMIN = 'sk-bf-admin-start-store-down-0123456789';

test('started with Redis down, it listens, says it is not ready, and works once Redis is up', async () => {
  const redis = await startRedis();
  await redis.stop();
  const fake = await FakeOpenAI.start();
  const dir = mkdtempSync(path.join(tmpdir(), 'voxgate-start-down-'));
  const file = path.join(dir, 'gateway.yaml');
  writeFileSync(
    file,
    stringify({
      server: { host: '127.0.0.1', port: await freePort(), shutdown_timeout_s: 2 },
      store: { url: redis.url },
      auth: { required: true, admin_keys: [{ name: 'ops', key: ADMIN }] },
      logs: { store: `sqlite://${path.join(dir, 'logs.db')}` },
      providers: { openai: { base_url: fake.url, keys: [{ value: 'sk-upstream-test-key' }] } },
    }),
  );
  const cli = startCli(['serve', '--config', file]);
  try {
    // Generous: this catches a start-up that waits for Redis for ever, it does not time the wait.
    const url = await Promise.race([cli.listening(), new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`not listening with Redis down:\n${cli.output()}`)), 60_000).unref())]);
    assert.match(cli.output(), /store not reachable at start-up/);
    const notReady = await fetch(`${url}/ready`);
    assert.equal(notReady.status, 503);
    assert.match(((await notReady.json()) as { error: { message: string } }).error.message, /redis store does not answer/);

    await redis.restart();
    await waitFor(async () => (await fetch(`${url}/ready`)).status === 200, '/ready once Redis is up', 30_000);
    const admin = { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' };
    const created = await fetch(`${url}/admin/virtual-keys`, { method: 'POST', headers: admin, body: JSON.stringify({ name: 'late-team' }) });
    assert.equal(created.status, 201, await created.clone().text());
    const { key } = (await created.json()) as { key: string };
    const asKey = { authorization: `Bearer ${key}`, 'content-type': 'application/json' };
    const speech = await fetch(`${url}/v1/audio/speech`, { method: 'POST', headers: asKey, body: JSON.stringify({ model: 'openai/tts-1', input: 'after the outage', voice: 'alloy' }) });
    assert.equal(speech.status, 200, await speech.clone().text());
    const submitted = await fetch(`${url}/v1/async/audio/speech`, { method: 'POST', headers: asKey, body: JSON.stringify({ model: 'openai/tts-1', input: 'a job after the outage', voice: 'alloy' }) });
    assert.equal(submitted.status, 202, await submitted.clone().text());
    const { id } = (await submitted.json()) as { id: string };
    await waitFor(async () => (await fetch(`${url}/v1/async/audio/speech/${id}`, { headers: asKey })).status === 200, 'the job to run on the queue', 30_000);
  } finally {
    await cli.stop('SIGTERM');
    await fake.close();
    await redis.stop();
    rmSync(dir, { recursive: true, force: true });
  }
});
