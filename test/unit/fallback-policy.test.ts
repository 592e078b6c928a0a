import { test } from 'node:test';
import assert from 'node:assert/strict';
import { GatewayError, badRequest, clientClosed, unsupportedByTarget, type ErrorScope } from '../../core/errors.js';
import { upstreamBadAnswer, upstreamTimeout, upstreamUnreachable } from '../../core/upstream/network-errors.js';
import { backoffMs, retryAfterMs, sleep } from '../../plugins/fallback/backoff.js';
import { rotatesKey, verdictFor } from '../../plugins/fallback/policy.js';

const provider = (status: number, headers: Record<string, string> = {}) =>
  new GatewayError({ status, type: 'x', code: `provider_${status}`, message: 'm', fromProvider: true, headers });
// Built as the gateway's factories build them: the scope says whose problem it is (see the last test).
const SCOPES: Readonly<Record<string, ErrorScope>> = {
  upstream_timeout: 'upstream',
  upstream_unreachable: 'upstream',
  upstream_invalid_response: 'upstream',
  unsupported_by_provider: 'target',
  model_not_deployed: 'target',
  provider_key_missing: 'target',
};
const gateway = (status: number, code: string) => new GatewayError({ status, type: 'x', code, message: 'm', scope: SCOPES[code] });

test('provider failures another attempt may not share are retried or fallen back from', () => {
  for (const status of [500, 502, 503, 504, 408, 429]) assert.equal(verdictFor(provider(status)), 'retry', String(status));
  for (const status of [401, 402, 403, 404]) assert.equal(verdictFor(provider(status)), 'fallback', String(status));
});

test("the caller's own fault stops: no retry, no fallback", () => {
  for (const status of [400, 413, 415, 422]) assert.equal(verdictFor(provider(status)), 'stop', String(status));
  assert.equal(verdictFor(gateway(400, 'invalid_request')), 'stop');
  assert.equal(verdictFor(gateway(499, 'client_closed_request')), 'stop');
});

test("the gateway's network failures retry; provider-specific refusals fall back", () => {
  assert.equal(verdictFor(gateway(504, 'upstream_timeout')), 'retry');
  assert.equal(verdictFor(gateway(502, 'upstream_unreachable')), 'retry');
  assert.equal(verdictFor(gateway(502, 'upstream_invalid_response')), 'retry');
  for (const code of ['unsupported_by_provider', 'model_not_deployed', 'provider_key_missing']) assert.equal(verdictFor(gateway(400, code)), 'fallback', code);
});

test('keys rotate on the provider’s 429 and 401 only', () => {
  assert.equal(rotatesKey(provider(429)), true);
  assert.equal(rotatesKey(provider(401)), true);
  assert.equal(rotatesKey(provider(500)), false);
  assert.equal(rotatesKey(gateway(429, 'rate_limited')), false, "the gateway's own 429 is not the provider's");
});

test('Retry-After as seconds or as an HTTP date', () => {
  assert.equal(retryAfterMs(provider(429, { 'retry-after': '3' })), 3000);
  assert.equal(retryAfterMs(provider(429, { 'retry-after': '0.5' })), 500);
  const now = Date.parse('2026-11-21T10:00:00Z');
  assert.equal(retryAfterMs(provider(503, { 'retry-after': 'Sat, 21 Nov 2026 10:00:07 GMT' }), now), 7000);
  assert.equal(retryAfterMs(provider(503, { 'retry-after': 'soon' })), undefined);
  assert.equal(retryAfterMs(provider(503)), undefined);
});

test('backoff doubles per retry within [half, whole] of its step, capped', () => {
  const settings = { baseMs: 100, maxMs: 1000, maxRetryAfterMs: 0 };
  assert.equal(backoffMs(0, settings, () => 0), 50);
  assert.equal(backoffMs(0, settings, () => 1), 100);
  assert.equal(backoffMs(2, settings, () => 0.5), 300);
  assert.equal(backoffMs(10, settings, () => 1), 1000);
});

test('a backoff sleep ends early when the client goes away', async () => {
  const controller = new AbortController();
  const waiting = sleep(60_000, controller.signal);
  controller.abort();
  await assert.rejects(waiting, /closed the connection/);
});

test('the factories set the scope the policy reads: upstream, target, or the request', () => {
  for (const err of [upstreamTimeout('p', 1), upstreamUnreachable('p', 'reset'), upstreamBadAnswer('p', 'cut')]) assert.equal(err.scope, 'upstream', err.code);
  assert.equal(unsupportedByTarget('model_not_deployed', 'm', 'model').scope, 'target');
  assert.equal(badRequest('invalid_request', 'm').scope, 'request');
  assert.equal(clientClosed().scope, 'request');
  assert.equal(new GatewayError({ status: 500, type: 'x', code: 'c', message: 'm', fromProvider: true }).scope, 'upstream');
});
