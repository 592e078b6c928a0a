// SIGTERM while the Redis store is down: the gateway must still exit. Each
// teardown step (the drain, close hooks, plugins, the store) that waits on a
// store that never answers is given up on after a bound, and the log says
// which, instead of the process hanging until someone sends SIGKILL.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { stringify } from 'yaml';
import { startCli } from '../helpers/cli.js';
import { freePort, startRedis } from '../helpers/redis.js';

test('a gateway whose Redis went away exits on SIGTERM, naming the steps it gave up on', async () => {
  const redis = await startRedis();
  const dir = mkdtempSync(path.join(tmpdir(), 'voxgate-shutdown-'));
  const file = path.join(dir, 'gateway.yaml');
  writeFileSync(file, stringify({ server: { host: '127.0.0.1', port: await freePort(), shutdown_timeout_s: 1 }, store: { url: redis.url }, auth: { required: false }, providers: { openai: { base_url: 'http://127.0.0.1:9', keys: [{ value: 'sk-upstream-test-key' }] } } }));
  const cli = startCli(['serve', '--config', file]);
  try {
    const url = await cli.listening();
    assert.equal((await fetch(`${url}/ready`)).status, 200);
    await redis.stop();
    // Generous (the bounds add up to about 15 s): this catches a hang, it does not time the shutdown.
    const hung = new Promise<'hung'>((resolve) => setTimeout(() => resolve('hung'), 90_000).unref());
    const code = await Promise.race([cli.stop('SIGTERM'), hung]);
    assert.equal(code, 0, `the gateway did not exit after SIGTERM:\n${cli.output()}`);
    assert.match(cli.output(), /shutdown step did not finish in time/);
  } finally {
    await cli.stop('SIGKILL');
    await redis.stop().catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
  }
});
