// closeBounded: a BullMQ queue or worker whose close() never settles (Redis
// away, or just restarted) has its connection cut after the bound, so no
// client is left reconnecting and keeping the process alive; one that closes
// in time is not disconnected.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { closeBounded } from '../../plugins/async-job/shared/close-bounded.js';

const closable = (close: () => Promise<void>) => {
  const calls: string[] = [];
  return {
    calls,
    target: {
      close: () => (calls.push('close'), close()),
      disconnect: async () => void calls.push('disconnect'),
    },
  };
};

test('a close that never settles is cut off after the bound', async () => {
  const { calls, target } = closable(() => new Promise<void>(() => undefined));
  const started = Date.now();
  await closeBounded(target, 50);
  assert.deepEqual(calls, ['close', 'disconnect']);
  assert.ok(Date.now() - started < 5_000);
});

test('a close that fails is cut off at once; one that closes in time is left alone', async () => {
  const failing = closable(() => Promise.reject(new Error('Connection is closed.')));
  await closeBounded(failing.target, 10_000);
  assert.deepEqual(failing.calls, ['close', 'disconnect']);
  const fine = closable(() => Promise.resolve());
  await closeBounded(fine.target, 10_000);
  assert.deepEqual(fine.calls, ['close']);
});
