// The pure pieces behind the hardening: secret scrubbing of nested values
// and errors, model-name checks, bounded metric labels, odd upstream
// statuses, fallback counts, and the streamed base64 of a speech job.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { GatewayError } from '../../core/errors.js';
import { checkModelName } from '../../core/model-name.js';
import { MetricLabels, OTHER_LABEL } from '../../core/metric-labels.js';
import { scrubDeep, scrubError } from '../../core/upstream/scrub.js';
import { unclassifiableStatus } from '../../core/upstream/provider-error.js';
import { checkFallbackCount, configuredMaxFallbacks } from '../../plugins/fallback/limits.js';
import { jobJsonWithAudio } from '../../plugins/async-job/audio-json.js';
import type { GatewayConfig } from '../../core/config/types.js';

const SECRET = 'configured-secret-value-123';

test('scrubDeep scrubs every string, keys and nested ones too, and leaves the input alone', () => {
  const input = { error: { message: `bad ${SECRET}`, [SECRET]: 1, list: [`x ${SECRET}`, 2, null, { deep: 'Bearer abc.def-123456' }] } };
  const out = JSON.stringify(scrubDeep(input, [SECRET]));
  assert.ok(!out.includes(SECRET));
  assert.ok(!out.includes('abc.def-123456'));
  assert.match(out, /\[redacted\]/);
  assert.ok(JSON.stringify(input).includes(SECRET), 'the input is not mutated');
  // __proto__ as a key stays a plain key, never the prototype.
  const own = scrubDeep(JSON.parse('{"__proto__": {"polluted": true}}'), []) as Record<string, unknown>;
  assert.equal(({} as Record<string, unknown>).polluted, undefined);
  assert.ok(Object.hasOwn(own, '__proto__'));
});

test('scrubError cleans message, type, code, param and headers; an error without secrets is returned as is', () => {
  const err = new GatewayError({ status: 401, type: `t-${SECRET}`, code: SECRET, message: `m ${SECRET}`, param: `p ${SECRET}`, fromProvider: true, headers: { 'x-echo': SECRET } });
  const clean = scrubError(err, [SECRET]);
  assert.ok(!JSON.stringify({ ...clean, message: clean.message }).includes(SECRET));
  assert.equal(clean.status, 401);
  assert.equal(clean.fromProvider, true);
  const plain = new GatewayError({ status: 400, type: 'invalid_request_error', code: 'x', message: 'nothing secret here' });
  assert.equal(scrubError(plain, [SECRET]), plain);
});

test('model names: 200 characters of the safe set pass; longer, or any other character, is invalid_model', () => {
  checkModelName(`openai/${'a'.repeat(193)}`, 'model');
  checkModelName('azure/gpt-4o-mini-tts:2025@eu.1_x', 'model');
  for (const bad of [`openai/${'a'.repeat(194)}`, 'openai/a b', 'openai/ä', 'openai/\u0000', 'openai/\u202e', 'openai/a\nb', 'openai/a"b']) {
    assert.throws(() => checkModelName(bad, 'model'), (e: GatewayError) => e.status === 400 && e.code === 'invalid_model' && e.param === 'model', JSON.stringify(bad));
  }
});

test('metric labels: configured providers, models once served (up to a cap), else other', () => {
  const labels = new MetricLabels(new Set(['openai']));
  assert.equal(labels.provider('openai'), 'openai');
  assert.equal(labels.provider('nope'), OTHER_LABEL);
  assert.equal(labels.model('openai', 'whisper-1'), OTHER_LABEL);
  labels.learn('openai', 'whisper-1');
  labels.learn('nope', 'x');
  assert.equal(labels.model('openai', 'whisper-1'), 'whisper-1');
  assert.equal(labels.model('nope', 'x'), OTHER_LABEL);
  for (let i = 0; i < 1000; i++) labels.learn('openai', `m${i}`);
  assert.equal(labels.model('openai', 'm999'), OTHER_LABEL, 'past the cap, new names stay other');
});

test('upstream statuses outside 100–599 or unregistered 5xx are the gateway’s 502', () => {
  for (const status of [0, 99, 520, 599, 600, 999]) assert.equal(unclassifiableStatus('p', status)?.code, 'upstream_invalid_response', String(status));
  for (const status of [200, 400, 429, 500, 503, 504, 511]) assert.equal(unclassifiableStatus('p', status), undefined, String(status));
});

test('fallback counts: more than max is too_many_fallbacks; the chain’s limit comes from the fallback entry', () => {
  checkFallbackCount(3, 3);
  assert.throws(() => checkFallbackCount(4, 3), (e: GatewayError) => e.code === 'too_many_fallbacks' && e.param === 'fallbacks');
  const config = (plugins?: GatewayConfig['plugins']) => ({ plugins }) as GatewayConfig;
  assert.equal(configuredMaxFallbacks(config(undefined)), 3);
  assert.equal(configuredMaxFallbacks(config([{ name: 'fallback', max_fallbacks: 5 }])), 5);
  assert.equal(configuredMaxFallbacks(config([{ name: 'auth' }])), undefined);
});

test('a speech job’s JSON is streamed with its base64, whatever the chunk sizes', async () => {
  const audio = Buffer.from(Array.from({ length: 1000 }, (_, i) => (i * 7) & 0xff));
  for (const sizes of [[1000], [1, 2, 997], [3, 3, 994], [500, 1, 499], [999, 1]]) {
    const chunks: Buffer[] = [];
    let at = 0;
    for (const n of sizes) chunks.push(audio.subarray(at, (at += n)));
    let text = '';
    for await (const piece of jobJsonWithAudio({ id: 'j', status: 'completed' }, { content_type: 'audio/mpeg', response_format: 'mp3' }, chunks)) text += String(piece);
    const parsed = JSON.parse(text) as { id: string; result: { audio: string; content_type: string } };
    assert.equal(parsed.id, 'j');
    assert.equal(parsed.result.content_type, 'audio/mpeg');
    assert.ok(Buffer.from(parsed.result.audio, 'base64').equals(audio), JSON.stringify(sizes));
  }
});
