// The request log store through the admin API: a request's record appears,
// filters and pages, its detail; stats for the charts; jobs; and the admin
// door: no credential 401, a virtual key 403, an admin key or admin JWT 200.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { fakeAudio } from '../fakes/audio.js';
import { expectError, postJson, upload } from '../helpers/http.js';
import { waitFor } from '../helpers/wait.js';
import { signHs256 } from '../helpers/jwt.js';
import { ADMIN_KEY, JWT_SECRET, TEAM_KEY, asAdmin, asTeam, startAdminGateway, type AdminSetup } from '../helpers/admin.js';

let s: AdminSetup;
const inTenMinutes = (): number => Math.floor(Date.now() / 1000) + 600;
before(async () => {
  s = await startAdminGateway();
});
after(() => s.close());

const get = (path: string, headers: Record<string, string> = asAdmin) => fetch(`${s.gw.url}${path}`, { headers });
type Rec = Record<string, unknown> & { id: string; request_id: string; status: number };
const list = async (query: string): Promise<{ data: Rec[]; next_cursor: string | null }> => {
  const res = await get(`/admin/logs?${query}`);
  assert.equal(res.status, 200, await res.clone().text());
  return (await res.json()) as { data: Rec[]; next_cursor: string | null };
};
const stored = async (requestId: string): Promise<Rec> => {
  let found: Rec | undefined;
  await waitFor(async () => {
    found = (await list(`q=${requestId}`)).data.find((r) => r.request_id === requestId);
    return found !== undefined;
  }, `the log record of ${requestId}`);
  return found!;
};
const transcribe = (headers: Record<string, string> = asTeam) => upload(`${s.gw.url}/v1/audio/transcriptions`, { fields: { model: 'openai/whisper-1' }, file: { bytes: fakeAudio('mp3', 4000) }, headers });

test("a request's record reaches the store with who, what, what served it and how it went; never a key", async () => {
  const res = await transcribe();
  assert.equal(res.status, 200);
  const id = res.headers.get('x-request-id')!;
  const rec = await stored(id);
  assert.equal(rec.route, 'transcription');
  assert.equal(rec.status, 200);
  assert.equal(rec.principal, 'team-a');
  assert.equal(rec.model_requested, 'openai/whisper-1');
  assert.equal(rec.provider, 'openai');
  assert.equal(rec.model, 'whisper-1');
  assert.equal(typeof rec.latency_ms, 'number');
  assert.equal(typeof rec.upstream_latency_ms, 'number');
  assert.equal((rec.detail as { transcript?: string }).transcript, undefined, 'logs.content is off by default');
  const text = JSON.stringify(rec);
  assert.ok(!text.includes(TEAM_KEY) && !text.includes('sk-upstream-admin-tests'), 'no key in the record');

  const detail = await get(`/admin/logs/${id}`);
  assert.equal(detail.status, 200);
  const body = (await detail.json()) as { records: Rec[] };
  assert.deepEqual(body.records.map((r) => r.id), [id]);
  assert.ok(Array.isArray((body.records[0]!.detail as { attempts?: unknown }).attempts) || body.records[0]!.detail !== undefined);
});

test('filters narrow the list; pages follow next_cursor', async () => {
  const failed = await postJson(`${s.gw.url}/v1/audio/speech`, { model: 'nope/tts-1', input: 'hi', voice: 'alloy' }, asTeam);
  assert.equal(failed.status, 400);
  const failedId = failed.headers.get('x-request-id')!;
  await stored(failedId);
  for (let i = 0; i < 3; i++) assert.equal((await transcribe()).status, 200);
  await waitFor(async () => (await list('model=openai/whisper-1&status=200')).data.length >= 4, 'four transcriptions stored');

  assert.ok((await list('status=4xx')).data.some((r) => r.request_id === failedId));
  assert.ok(!(await list('status=2xx')).data.some((r) => r.request_id === failedId));
  assert.ok((await list('key=team-a&route=transcription')).data.every((r) => r.route === 'transcription' && r.principal === 'team-a'));
  assert.deepEqual((await list('key=nobody')).data, []);

  const first = await list('route=transcription&limit=2');
  assert.equal(first.data.length, 2);
  assert.ok(first.next_cursor);
  const second = await list(`route=transcription&limit=2&cursor=${first.next_cursor}`);
  assert.equal(second.data.length, 2);
  assert.equal(new Set([...first.data, ...second.data].map((r) => r.id)).size, 4, 'no record on two pages');
  assert.ok((first.data[1]!.time as number) >= (second.data[0]!.time as number), 'newest first');

  const elsewhere = await get(`/admin/logs?route=speech&limit=2&cursor=${first.next_cursor}`);
  const err = await expectError(elsewhere, 400, 'invalid_cursor');
  assert.equal(err.error.param, 'cursor');
  await expectError(await get('/admin/logs?cursor=not-a-cursor'), 400, 'invalid_cursor');
});

test('a bad filter value is a 400 naming it', async () => {
  for (const [query, param] of [['status=abc', 'status'], ['from=yesterday', 'from'], ['limit=0', 'limit'], ['limit=9999', 'limit'], ['colour=red', 'colour'], ['from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z', 'from'], ['status=200&status=404', 'status']] as const) {
    const body = await expectError(await get(`/admin/logs?${query}`), 400, 'invalid_filter');
    assert.equal(body.error.param, param, query);
    assert.match(body.error.message, new RegExp(`^${param}: `));
  }
  for (const [query, param] of [['group_by=colour', 'group_by'], ['bucket=week', 'bucket'], ['bucket=minute&from=0', 'bucket']] as const) {
    const body = await expectError(await get(`/admin/stats?${query}`), 400, 'invalid_filter');
    assert.equal(body.error.param, param, query);
  }
});

test('GET /admin/logs/{id} of an unknown request is a 404', async () => {
  await expectError(await get('/admin/logs/no-such-request'), 404, 'log_not_found');
});

test('stats: requests, errors, p50/p95 latency per group and bucket', async () => {
  assert.equal((await transcribe()).status, 200);
  await waitFor(async () => {
    const res = await get('/admin/stats?group_by=provider&bucket=minute&from=' + (Date.now() - 3_600_000));
    const body = (await res.json()) as { groups: Array<{ group: string; totals: { requests: number } }> };
    return body.groups.some((g) => g.group === 'openai' && g.totals.requests >= 1);
  }, 'openai in the stats');
  const res = await get('/admin/stats?group_by=key&bucket=hour');
  const body = (await res.json()) as { group_by: string; bucket: string; groups: Array<{ group: string; totals: Record<string, number | null>; points: Array<Record<string, number | null>> }> };
  assert.equal(body.group_by, 'key');
  const team = body.groups.find((g) => g.group === 'team-a')!;
  assert.ok(team.totals.requests! >= 1);
  assert.ok(team.totals.p95_ms! >= team.totals.p50_ms!);
  // whisper-1 has a shipped price: the usage plugin's cost reaches the log store's cost column.
  assert.ok(typeof team.totals.cost === 'number' && team.totals.cost > 0, `a cost from the shipped price, got ${team.totals.cost}`);
  assert.equal(team.points.reduce((n, p) => n + p.requests!, 0), team.totals.requests);
});

test('async jobs are listed from their records: submitted, then completed', async () => {
  const res = await upload(`${s.gw.url}/v1/async/audio/transcriptions`, { fields: { model: 'openai/whisper-1' }, file: { bytes: fakeAudio('mp3', 4000) }, headers: asTeam });
  assert.equal(res.status, 202);
  const job = (await res.json()) as { id: string };
  let state: string | undefined;
  await waitFor(async () => {
    const body = (await (await get('/admin/jobs')).json()) as { data: Array<{ job_id: string; state: string }> };
    state = body.data.find((j) => j.job_id === job.id)?.state;
    return state === 'completed';
  }, 'the job completed in /admin/jobs');
  const detail = (await (await get(`/admin/logs/${res.headers.get('x-request-id')}`)).json()) as { records: Rec[] };
  assert.deepEqual(detail.records.map((r) => r.method), ['POST', 'JOB'], 'the submit and the job run');
});

test('the admin door: none 401, a virtual key 403, its JWT 403, an admin key or admin JWT 200', async () => {
  await expectError(await get('/admin/logs', {}), 401, 'missing_credentials');
  const vk = await expectError(await get('/admin/logs', asTeam), 403, 'admin_only');
  assert.ok(!vk.error.message.includes(TEAM_KEY));
  await expectError(await get('/admin/stats', { 'x-bf-vk': TEAM_KEY }), 403, 'admin_only');
  await expectError(await get('/admin/logs', { authorization: `Bearer ${signHs256({ vk: 'team-a', exp: inTenMinutes() }, JWT_SECRET)}` }), 403, 'admin_only');
  await expectError(await get('/admin/logs', { authorization: 'Bearer sk-bf-not-a-key-of-this-gateway-000' }), 401, 'unknown_virtual_key');
  assert.equal((await get('/admin/logs', { authorization: `Bearer ${ADMIN_KEY}` })).status, 200);
  assert.equal((await get('/admin/jobs', { authorization: `Bearer ${signHs256({ role: 'admin', sub: 'alice', exp: inTenMinutes() }, JWT_SECRET)}` })).status, 200);
  // An admin key is an admin's, not a virtual key: it may call the models too.
  assert.equal((await transcribe({ authorization: `Bearer ${ADMIN_KEY}` })).status, 200);
});

test('the log store writes are counted in /metrics', async () => {
  const text = await (await fetch(`${s.gw.url}/metrics`)).text();
  assert.match(text, /voxgate_log_records_written_total [1-9]/);
  assert.match(text, /voxgate_log_records_dropped_total\{reason="queue_full"\} 0/);
});
