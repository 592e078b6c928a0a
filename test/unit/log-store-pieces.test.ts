// The log store's pure parts: the query-string filters, the cursor, the
// stats aggregation and percentiles, and the bounded batch writer.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { encodeCursor, parseFilter, parseLogQuery, parseStatsQuery } from '../../plugins/logging/store/filters.js';
import { aggregate, percentile } from '../../plugins/logging/store/stats.js';
import { BatchWriter } from '../../plugins/logging/store/writer.js';
import { isGatewayError } from '../../core/errors.js';
import type { LogRecord } from '../../plugins/logging/store/record.js';

const refusal = (fn: () => unknown): { code: string; param?: string } => {
  try {
    fn();
  } catch (err) {
    assert.ok(isGatewayError(err));
    return { code: err.code, param: err.param };
  }
  assert.fail('expected a refusal');
};

test('filters: times as RFC 3339 or epoch ms, statuses and classes, text bounded', () => {
  assert.deepEqual(parseFilter({ from: '2026-01-01T00:00:00Z', to: '1767225600000', status: '4xx' }), { from: Date.parse('2026-01-01T00:00:00Z'), to: 1767225600000, key: undefined, model: undefined, provider: undefined, status: { min: 400, max: 500 }, route: undefined, q: undefined });
  assert.deepEqual(parseFilter({ status: '404' }).status, { min: 404, max: 405 });
  assert.deepEqual(refusal(() => parseFilter({ status: '4x' })), { code: 'invalid_filter', param: 'status' });
  assert.deepEqual(refusal(() => parseFilter({ key: 'x'.repeat(257) })), { code: 'invalid_filter', param: 'key' });
  assert.deepEqual(refusal(() => parseFilter({ key: '' })), { code: 'invalid_filter', param: 'key' });
  assert.deepEqual(refusal(() => parseFilter({ job: 'yes' })), { code: 'invalid_filter', param: 'job' });
});

test('a cursor continues only the listing it came from', () => {
  const filter = parseFilter({ model: 'openai/whisper-1' });
  const cursor = encodeCursor(filter, { time: 5, id: 'r5' });
  assert.deepEqual(parseLogQuery({ model: 'openai/whisper-1', cursor }).cursor, { time: 5, id: 'r5' });
  assert.deepEqual(refusal(() => parseLogQuery({ model: 'openai/tts-1', cursor })), { code: 'invalid_cursor', param: 'cursor' });
  assert.deepEqual(refusal(() => parseLogQuery({ cursor: Buffer.from('{"t":"x"}').toString('base64url') })), { code: 'invalid_cursor', param: 'cursor' });
});

test('stats queries: defaults, choices, and at most 2000 buckets', () => {
  const q = parseStatsQuery({}, 1_000_000_000_000);
  assert.deepEqual(q, { from: 1_000_000_000_000 - 86_400_000, to: 1_000_000_000_000, bucket: 'hour', groupBy: 'model' });
  assert.deepEqual(refusal(() => parseStatsQuery({ bucket: 'minute', from: '0', to: String(86_400_000 * 2) })), { code: 'invalid_filter', param: 'bucket' });
  assert.deepEqual(refusal(() => parseStatsQuery({ group_by: 'route' })), { code: 'invalid_filter', param: 'group_by' });
});

test('percentiles are nearest-rank; aggregation buckets by group and time', () => {
  assert.equal(percentile([], 50), null);
  assert.equal(percentile([10], 95), 10);
  assert.equal(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 50), 5);
  assert.equal(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 95), 10);
  const rows = [
    { time: 60_000, group: 'openai', status: 200, latency_ms: 10, cost: null },
    { time: 61_000, group: 'openai', status: 500, latency_ms: 30, cost: 0.5 },
    { time: 125_000, group: 'openai', status: 200, latency_ms: 20, cost: null },
    { time: 60_000, group: null, status: 404, latency_ms: 1, cost: null },
  ];
  const out = aggregate(rows, { from: 0, to: 180_000, bucket: 'minute', groupBy: 'provider' }, false);
  assert.deepEqual(out.groups.map((g) => g.group), ['openai', '(none)']);
  const openai = out.groups[0]!;
  assert.deepEqual(openai.totals, { requests: 3, errors: 1, p50_ms: 20, p95_ms: 30, cost: 0.5, error_rate: 1 / 3 });
  assert.deepEqual(openai.points.map((p) => [p.t, p.requests, p.errors]), [[60_000, 2, 1], [120_000, 1, 0]]);
  assert.equal(out.groups[1]!.totals.cost, null, 'no priced request: no cost');
});

const rec = (id: string): LogRecord => ({ id, request_id: id, time: 0, route: 'r', method: 'POST', path: '/', status: 200, latency_ms: 1, upstream_latency_ms: null, principal: null, principal_kind: null, model_requested: null, provider: null, model: null, error_code: null, error_message: null, job_id: null, cache_hit: null, trace_id: null, cost: null, detail: {} });

test('the writer never waits: a hung store fills the bounded queue, the rest is dropped and counted', async () => {
  const drops: Record<string, number> = {};
  let calls = 0;
  const writer = new BatchWriter(
    () => {
      calls++;
      return new Promise<void>(() => undefined); // never settles
    },
    { maxQueue: 3, batchSize: 2, flushMs: 60_000, onDrop: (reason, n) => (drops[reason] = (drops[reason] ?? 0) + n), onError: () => undefined },
  );
  for (let i = 0; i < 10; i++) writer.push(rec(`r${i}`));
  await new Promise((resolve) => setImmediate(resolve));
  assert.equal(calls, 1, 'one batch in flight at a time');
  assert.equal(writer.queued, 3);
  assert.equal(drops.queue_full, 5);
  await writer.close(10);
  assert.equal(drops.queue_full, 8, 'what was still queued at shutdown is counted too');
});

test('a failed batch is dropped and counted; the next one is written', async () => {
  const drops: Record<string, number> = {};
  const written: string[] = [];
  let fail = true;
  const writer = new BatchWriter(
    async (batch) => {
      if (fail) throw new Error('down');
      written.push(...batch.map((r) => r.id));
    },
    { maxQueue: 100, batchSize: 2, flushMs: 60_000, onDrop: (reason, n) => (drops[reason] = (drops[reason] ?? 0) + n), onError: () => undefined },
  );
  writer.push(rec('a'));
  writer.push(rec('b'));
  await writer.flush();
  fail = false;
  writer.push(rec('c'));
  await writer.flush();
  assert.deepEqual(drops, { store_failed: 2 });
  assert.deepEqual(written, ['c']);
  await writer.close(1000);
});
