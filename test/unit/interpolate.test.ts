import { test } from 'node:test';
import assert from 'node:assert/strict';
import { interpolate } from '../../core/config/interpolate.js';

test('${VAR} reads the environment and records the reference by key path', () => {
  const out = interpolate({ providers: { openai: { keys: [{ value: '${KEY}' }] } } }, { KEY: 'sk-1' });
  assert.deepEqual(out.problems, []);
  assert.deepEqual(out.value, { providers: { openai: { keys: [{ value: 'sk-1' }] } } });
  assert.deepEqual(out.envRefs.get('providers.openai.keys[0].value'), ['KEY']);
});

test('a missing ${VAR} is a problem naming the key path and the variable', () => {
  const out = interpolate({ auth: { jwt: { secret: '${JWT_SECRET}' } } }, {});
  assert.equal(out.problems.length, 1);
  assert.equal(out.problems[0]!.path, 'auth.jwt.secret');
  assert.match(out.problems[0]!.message, /JWT_SECRET is not set/);
});

test('${VAR:-default} covers unset and empty; ${VAR-default} only unset', () => {
  const env = { EMPTY: '', SET: 'x' };
  const out = interpolate({ a: '${NOPE:-d}', b: '${EMPTY:-d}', c: '${EMPTY-d}', d: '${NOPE-d}', e: '${SET:-d}', f: '${NOPE:-}' }, env);
  assert.deepEqual(out.value, { a: 'd', b: 'd', c: '', d: 'd', e: 'x', f: '' });
  assert.deepEqual(out.problems, []);
});

test('references inside text, several per value, and $${ as a literal', () => {
  const out = interpolate({ url: 'redis://${HOST}:${PORT:-6379}/0', lit: 'cost $${NOT_A_VAR}' }, { HOST: 'r1' });
  assert.deepEqual(out.value, { url: 'redis://r1:6379/0', lit: 'cost ${NOT_A_VAR}' });
  assert.deepEqual(out.envRefs.get('url'), ['HOST', 'PORT']);
});

test('a whole value env.VAR reads the variable; a missing one is a problem', () => {
  const ok = interpolate({ keys: [{ value: 'env.OPENAI_API_KEY' }] }, { OPENAI_API_KEY: 'sk-2' });
  assert.deepEqual(ok.value, { keys: [{ value: 'sk-2' }] });
  const missing = interpolate({ keys: [{ value: 'env.OPENAI_API_KEY' }] }, {});
  assert.equal(missing.problems[0]!.path, 'keys[0].value');
  // Only a whole value counts: text that merely mentions env. is left alone.
  assert.deepEqual(interpolate({ note: 'see env.FOO docs' }, {}).value, { note: 'see env.FOO docs' });
});

test('a malformed reference is a problem, and the value is not echoed', () => {
  const out = interpolate({ secret: 'sk-abc${OOPS' }, {});
  assert.equal(out.problems.length, 1);
  assert.equal(out.problems[0]!.path, 'secret');
  assert.doesNotMatch(out.problems[0]!.message, /sk-abc/);
});

test('numbers, booleans and nulls pass through untouched', () => {
  assert.deepEqual(interpolate({ a: 1, b: true, c: null, d: [2, '${X}'] }, { X: 'y' }).value, { a: 1, b: true, c: null, d: [2, 'y'] });
});
