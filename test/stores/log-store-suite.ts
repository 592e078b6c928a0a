// One suite for every log store (SQLite, PostgreSQL): write, query with each
// filter, pagination, lookups, stats rows and retention. Each store's test
// file runs it on its own database.
import { after, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { LogStore } from '../../plugins/logging/store/store.js';
import type { LogRecord } from '../../plugins/logging/store/record.js';
import { encodeCursor, parseLogQuery, type QueryParams } from '../../plugins/logging/store/filters.js';

const T0 = Date.parse('2026-03-01T12:00:00Z');

export function record(over: Partial<LogRecord> & { id: string }): LogRecord {
  return {
    request_id: over.id,
    time: T0,
    route: 'transcription',
    method: 'POST',
    path: '/v1/audio/transcriptions',
    status: 200,
    latency_ms: 120.5,
    upstream_latency_ms: 100,
    principal: 'team-a',
    principal_kind: 'virtual_key',
    model_requested: 'openai/whisper-1',
    provider: 'openai',
    model: 'whisper-1',
    error_code: null,
    error_message: null,
    job_id: null,
    cache_hit: false,
    trace_id: null,
    cost: null,
    detail: { bytes_in: 10, attempts: [{ provider: 'openai', status: 200 }] },
    ...over,
  };
}

const FIXTURES: LogRecord[] = [
  record({ id: 'r1', time: T0 }),
  record({ id: 'r2', time: T0 + 1000, principal: 'team-b', status: 429, error_code: 'rate_limited', error_message: 'Too many requests: 100% used' }),
  record({ id: 'r3', time: T0 + 2000, route: 'speech', path: '/v1/audio/speech', model_requested: 'elevenlabs/eleven_v3', provider: 'elevenlabs', model: 'eleven_v3', cache_hit: true, trace_id: 'a'.repeat(32) }),
  record({ id: 'r4', time: T0 + 3000, status: 502, error_code: 'upstream_error', error_message: 'Provider openai failed', model_requested: 'openai/whisper-1', provider: 'azure', model: 'my-whisper' }),
  record({ id: 'r5', time: T0 + 4000, route: 'async_transcription', status: 202, job_id: 'job-1' }),
  record({ id: 'r5.job', request_id: 'r5', time: T0 + 5000, route: 'async_transcription_job', method: 'JOB', path: 'jobs/job-1', status: 200, job_id: 'job-1' }),
  record({ id: 'r7', time: T0 + 5000, principal: 'anonymous', principal_kind: 'anonymous', cost: 0.25 }),
];

export function logStoreSuite(name: string, open: () => Promise<{ store: LogStore; done: () => Promise<void> }>): void {
  describe(`${name} log store`, () => {
    let store: LogStore;
    let done: () => Promise<void>;
    before(async () => {
      ({ store, done } = await open());
      await store.migrate();
      await store.migrate(); // a second start-up finds the table and indexes there
    });
    after(async () => {
      await store.close();
      await done();
    });
    beforeEach(async () => {
      await store.deleteBefore(Number.MAX_SAFE_INTEGER);
      await store.insert(FIXTURES);
    });

    const ids = async (params: QueryParams): Promise<string[]> => {
      const q = parseLogQuery(params);
      return (await store.list(q.filter, q.limit, q.cursor)).map((r) => r.id);
    };

    test('records come back as written, newest first (ties by id)', async () => {
      const all = await store.list({}, 100);
      assert.deepEqual(all.map((r) => r.id), ['r7', 'r5.job', 'r5', 'r4', 'r3', 'r2', 'r1']);
      assert.deepEqual(all.find((r) => r.id === 'r3'), FIXTURES[2]);
      assert.deepEqual(all.find((r) => r.id === 'r7'), FIXTURES[6]);
    });

    test('writing a record again replaces it', async () => {
      await store.insert([record({ id: 'r1', status: 500 })]);
      const [r1] = await store.get('r1');
      assert.equal(r1?.status, 500);
      assert.equal((await store.list({}, 100)).length, FIXTURES.length);
    });

    test('every filter narrows the list', async () => {
      assert.deepEqual(await ids({ from: String(T0 + 3000) }), ['r7', 'r5.job', 'r5', 'r4']);
      assert.deepEqual(await ids({ to: new Date(T0 + 1000).toISOString() }), ['r2', 'r1']);
      assert.deepEqual(await ids({ key: 'team-b' }), ['r2']);
      assert.deepEqual(await ids({ model: 'elevenlabs/eleven_v3' }), ['r3']);
      assert.deepEqual(await ids({ model: 'azure/my-whisper' }), ['r4'], 'the served provider/model');
      assert.deepEqual(await ids({ model: 'my-whisper' }), ['r4'], 'the served model name alone');
      assert.deepEqual(await ids({ provider: 'azure' }), ['r4']);
      assert.deepEqual(await ids({ status: '429' }), ['r2']);
      assert.deepEqual(await ids({ status: '5xx' }), ['r4']);
      assert.deepEqual(await ids({ status: '2xx', key: 'team-a', route: 'transcription' }), ['r1']);
      assert.deepEqual(await ids({ route: 'speech' }), ['r3']);
      assert.deepEqual(await ids({ q: 'RATE_LIM' }), ['r2'], 'q is case-insensitive');
      assert.deepEqual(await ids({ q: '100%' }), ['r2'], 'q takes % literally');
      assert.deepEqual(await ids({ q: 'job-1' }), ['r5.job', 'r5']);
      assert.deepEqual(await ids({ job: 'true' }), ['r5.job', 'r5']);
      assert.deepEqual(await ids({ q: 'nothing like this' }), []);
    });

    test('pages follow the cursor without repeats or gaps', async () => {
      const seen: string[] = [];
      let cursor: string | undefined;
      let pages = 0;
      do {
        const q = parseLogQuery({ limit: '3', ...(cursor ? { cursor } : {}) });
        const rows = await store.list(q.filter, q.limit + 1, q.cursor);
        const page = rows.slice(0, 3);
        seen.push(...page.map((r) => r.id));
        const last = page[page.length - 1];
        cursor = rows.length > 3 && last ? encodeCursor(q.filter, { time: last.time, id: last.id }) : undefined;
        pages++;
      } while (cursor);
      assert.equal(pages, 3);
      assert.deepEqual(seen, ['r7', 'r5.job', 'r5', 'r4', 'r3', 'r2', 'r1']);
    });

    test("a request's rows: the exchange and its job's end", async () => {
      assert.deepEqual((await store.get('r5')).map((r) => r.id), ['r5', 'r5.job']);
      assert.deepEqual(await store.get('missing'), []);
    });

    test('stats rows hold the range, without the job ends', async () => {
      const rows = await store.statsRows(T0, T0 + 5000, 'provider');
      assert.deepEqual(rows.map((r) => r.group), ['openai', 'openai', 'elevenlabs', 'azure', 'openai', 'openai']);
      assert.deepEqual(rows.find((r) => r.cost !== null), { time: T0 + 5000, group: 'openai', status: 200, latency_ms: 120.5, cost: 0.25 });
    });

    test('retention deletes what is older than the cut', async () => {
      assert.equal(await store.deleteBefore(T0 + 2000), 2);
      assert.deepEqual((await store.list({}, 100)).map((r) => r.id), ['r7', 'r5.job', 'r5', 'r4', 'r3']);
    });
  });
}
