import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compose } from '../../core/chain.js';
import { createContext, createHead, stateKey, type GatewayContext } from '../../core/context.js';
import type { Plugin } from '../../core/plugin.js';
import type { SpeechRequest } from '../../core/types.js';

function ctx(): GatewayContext {
  const request: SpeechRequest = {
    type: 'speech',
    model: { provider: 'openai', model: 'tts-1' },
    fallbacks: [],
    input: 'hi',
    voice: 'alloy',
    response_format: 'mp3',
    providerOptions: {},
    extra: {},
  };
  const head = createHead({ id: 'r1', route: { name: 'speech', requestType: 'speech', mode: 'sync' }, headers: {}, credentials: [], clientAddress: '127.0.0.1', startedAt: 0 });
  return createContext(head, { request, signal: new AbortController().signal, bytesIn: 0 });
}

const tracer = (name: string, log: string[]): Plugin => ({
  name,
  async handle(_ctx, next) {
    log.push(`${name}:before`);
    await next();
    log.push(`${name}:after`);
  },
});

test('plugins run in order around the terminal, like an onion', async () => {
  const log: string[] = [];
  const run = compose([tracer('a', log), tracer('b', log)], async () => void log.push('terminal'));
  await run(ctx());
  assert.deepEqual(log, ['a:before', 'b:before', 'terminal', 'b:after', 'a:after']);
});

test('a plugin ends the chain by not calling next', async () => {
  const log: string[] = [];
  const stop: Plugin = { name: 'stop', handle: async (c) => void (c.result = { type: 'json', status: 200, body: { hit: true } }) };
  const run = compose([tracer('a', log), stop, tracer('never', log)], async () => void log.push('terminal'));
  const c = ctx();
  await run(c);
  assert.deepEqual(log, ['a:before', 'a:after']);
  assert.deepEqual(c.result, { type: 'json', status: 200, body: { hit: true } });
});

test('a plugin may call next again after it settles (retries, fallbacks)', async () => {
  let calls = 0;
  const retry: Plugin = {
    name: 'retry',
    async handle(_c, next) {
      try {
        await next();
      } catch {
        await next();
      }
    },
  };
  const run = compose([retry], async () => {
    calls += 1;
    if (calls === 1) throw new Error('first try fails');
  });
  await run(ctx());
  assert.equal(calls, 2);
});

test('two overlapping next() calls are refused', async () => {
  const greedy: Plugin = { name: 'greedy', handle: async (_c, next) => void (await Promise.all([next(), next()])) };
  const run = compose([greedy], () => new Promise((r) => setTimeout(r, 5)));
  await assert.rejects(run(ctx()), /greedy.*next\(\) while a previous next\(\) was still running/);
});

test('errors thrown inside propagate outwards through every plugin', async () => {
  const seen: string[] = [];
  const watcher: Plugin = {
    name: 'watcher',
    async handle(_c, next) {
      try {
        await next();
      } catch (err) {
        seen.push((err as Error).message);
        throw err;
      }
    },
  };
  const run = compose([watcher], async () => {
    throw new Error('upstream down');
  });
  await assert.rejects(run(ctx()), /upstream down/);
  assert.deepEqual(seen, ['upstream down']);
});

test('stateKey gives typed per-request slots that do not collide', () => {
  const a = stateKey<number>('a');
  const b = stateKey<string>('a');
  const c = ctx();
  a.set(c, 1);
  b.set(c, 'one');
  assert.equal(a.get(c), 1);
  assert.equal(b.get(c), 'one');
});
