// Budgets across two gateway instances on one real redis-server: a burst of
// 40 concurrent requests from one key against a budget that fits 10 serves
// exactly 10 and refuses 30 with 402 (spent never passes the budget), a
// team's budget is shared by its keys, the caller reads its own state at
// GET /v1/usage, and GET /admin/usage sums to the costs in the log lines.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { generateVirtualKey } from '../../plugins/auth/keys.js';
import { FakeOpenAI } from '../fakes/openai.js';
import { startGateway, type TestGateway } from '../helpers/gateway.js';
import { expectError, postJson, upload } from '../helpers/http.js';
import { startRedis, type RedisServer } from '../helpers/redis.js';
import { toneWav } from '../helpers/tone-wav.js';
import { waitFor } from '../helpers/wait.js';

const KEYS = { capped: generateVirtualKey(), r1: generateVirtualKey(), r2: generateVirtualKey(), free: generateVirtualKey(), once: generateVirtualKey(), admin: generateVirtualKey() };
const ONE_SECOND = toneWav(44 + 48_000 * 2).bytes;

let fake: FakeOpenAI;
let redis: RedisServer;
let gateways: TestGateway[] = [];

before(async () => {
  fake = await FakeOpenAI.start();
  redis = await startRedis();
  const config = {
    store: { url: redis.url },
    providers: { openai: { base_url: fake.url } },
    auth: {
      admin_keys: [{ name: 'ops', key: KEYS.admin }],
      virtual_keys: [
        // whisper-1 at $0.0001 a second: a 1 s upload costs $0.0001, so $0.001 fits 10.
        { name: 'capped', key: KEYS.capped, budget: { max_usd: 0.001, period: 'month' } },
        { name: 'r1', key: KEYS.r1, team: 'research' },
        { name: 'r2', key: KEYS.r2, team: 'research' },
        { name: 'free', key: KEYS.free },
        { name: 'once', key: KEYS.once, budget: { max_characters: 5, period: 'hour' } },
      ],
    },
    usage: { teams: { research: { budget: { max_characters: 30, period: 'day' } } } },
  };
  gateways = await Promise.all([startGateway(config), startGateway(config)]);
});
after(async () => {
  for (const g of gateways) await g.close();
  await fake.close();
  await redis.stop();
});

const bearer = (key: string) => ({ authorization: `Bearer ${key}` });
const transcribe = (gw: TestGateway, key: string) =>
  upload(`${gw.url}/v1/audio/transcriptions`, { fields: { model: 'openai/whisper-1', response_format: 'text' }, file: { bytes: ONE_SECOND, filename: 'one.wav', type: 'audio/wav' }, headers: bearer(key) });
const speak = (gw: TestGateway, key: string, input: string) => postJson(`${gw.url}/v1/audio/speech`, { model: 'openai/tts-1', input, voice: 'alloy' }, bearer(key));

interface BudgetState {
  max_usd?: number;
  max_characters?: number;
  period: string;
  spent: Record<string, number>;
  remaining: Record<string, number>;
  resets_at: string | null;
}

describe('budgets on one Redis', () => {
  test('40 concurrent requests from one key across both instances against a budget for 10: exactly 10 served', async () => {
    const before = fake.requests.length;
    const answers = await Promise.all(Array.from({ length: 40 }, (_, i) => transcribe(gateways[i % 2]!, KEYS.capped)));
    const served = answers.filter((r) => r.status === 200);
    const refused = answers.filter((r) => r.status === 402);
    assert.equal(served.length, 10);
    assert.equal(refused.length, 30);
    assert.equal(fake.requests.length - before, 10, 'refused requests never reach the provider');
    for (const r of served) await r.text();
    const body = await expectError(refused[0]!, 402, 'budget_exceeded');
    assert.match(body.error.message, /Virtual key "capped" has spent \$0\.001 of its \$0\.001 budget \(max_usd\) this month/);
    assert.match(body.error.message, /resets at \d{4}-\d\d-01T00:00:00\.000Z/);
    const reset = refused[0]!.headers.get('x-bf-budget-reset')!;
    assert.equal(new Date(reset).getUTCDate(), 1);
    assert.ok(new Date(reset).getTime() > Date.now());
    for (const r of refused.slice(1)) await r.text();

    const own = await fetch(`${gateways[1]!.url}/v1/usage`, { headers: bearer(KEYS.capped) });
    const state = (await own.json()) as { key: string; spent_usd: number; budget: BudgetState };
    assert.equal(state.key, 'capped');
    assert.equal(state.spent_usd, 0.001);
    assert.equal(state.budget.max_usd, 0.001);
    assert.equal(state.budget.period, 'month');
    assert.ok(state.budget.spent.usd! <= 0.001, 'spent never passes the budget');
    assert.equal(state.budget.spent.usd, 0.001);
    assert.equal(state.budget.remaining.usd, 0);
    assert.equal(state.budget.resets_at, reset);
  });

  test("a team's budget is shared by its keys, on either instance", async () => {
    assert.equal((await speak(gateways[0]!, KEYS.r1, 'a'.repeat(20))).status, 200);
    const refused = await speak(gateways[1]!, KEYS.r2, 'b'.repeat(20));
    const body = await expectError(refused, 402, 'budget_exceeded');
    assert.match(body.error.message, /Team "research" has spent 20 characters of its 30 characters budget \(max_characters\) this day, and this request needs about 20 characters/);
    const fits = await speak(gateways[1]!, KEYS.r2, 'c'.repeat(10));
    assert.equal(fits.status, 200);
    await fits.arrayBuffer();
    const own = (await (await fetch(`${gateways[0]!.url}/v1/usage`, { headers: bearer(KEYS.r2) })).json()) as { team: string; budget: null; team_budget: BudgetState };
    assert.equal(own.team, 'research');
    assert.equal(own.budget, null);
    assert.deepEqual(own.team_budget.spent, { characters: 30 });
    assert.deepEqual(own.team_budget.remaining, { characters: 0 });
  });

  test('a failed call gives its reservation back', async () => {
    fake.fail({ status: 400, times: 1, body: { error: { message: 'bad input', type: 'invalid_request_error' } } });
    const failed = await speak(gateways[0]!, KEYS.once, 'hello');
    assert.equal(failed.status, 400);
    await failed.text();
    // The budget fits one such request: the failed one took nothing.
    const served = await speak(gateways[1]!, KEYS.once, 'hello');
    assert.equal(served.status, 200);
    await served.arrayBuffer();
    await expectError(await speak(gateways[0]!, KEYS.once, 'h'), 402, 'budget_exceeded');
    // A key without a budget is not limited by another's.
    const free = await transcribe(gateways[1]!, KEYS.free);
    assert.equal(free.status, 200);
    await free.text();
  });

  test('GET /admin/usage sums to the per-request costs in the log lines, grouped by key and model', async () => {
    const costs = new Map<string, number>();
    const servedLines = () => gateways.flatMap((g) => g.logs.records).filter((r) => r.msg === 'request' && r.principal === 'capped' && r.route === 'transcription' && r.status === 200).length;
    await waitFor(() => servedLines() === 10, 'the 10 log lines of the served burst');
    for (const g of gateways) {
      for (const r of g.logs.records) {
        const cost = r.cost as { usd: number } | undefined;
        if (r.msg !== 'request' || !cost || typeof r.principal !== 'string') continue;
        costs.set(r.principal, (costs.get(r.principal) ?? 0) + cost.usd);
      }
    }
    const res = await fetch(`${gateways[0]!.url}/admin/usage?group_by=key`, { headers: bearer(KEYS.admin) });
    assert.equal(res.status, 200);
    const report = (await res.json()) as { data: Array<{ key: string; requests: number; cost_usd: number; audio_seconds: number; characters: number }> };
    const byKey = new Map(report.data.map((row) => [row.key, row]));
    assert.equal(byKey.get('capped')!.requests, 10);
    assert.equal(byKey.get('capped')!.audio_seconds, 10);
    for (const [key, usd] of costs) assert.equal(byKey.get(key)!.cost_usd, Math.round(usd * 1e9) / 1e9, `the report's cost for ${key}`);
    assert.equal(byKey.get('r1')!.characters + byKey.get('r2')!.characters, 30);

    const byModel = (await (await fetch(`${gateways[1]!.url}/admin/usage?group_by=model&team=research`, { headers: bearer(KEYS.admin) })).json()) as { data: Array<{ model: string; characters: number }> };
    assert.deepEqual(byModel.data.map((r) => [r.model, r.characters]), [['openai/tts-1', 30]]);

    const denied = await fetch(`${gateways[0]!.url}/admin/usage`, { headers: bearer(KEYS.free) });
    await expectError(denied, 403);
    await expectError(await fetch(`${gateways[0]!.url}/admin/usage?group_by=week`, { headers: bearer(KEYS.admin) }), 400, 'invalid_query');
  });

  test('with Redis away, a request with a budget is refused (503) and one without is served unmetered', async () => {
    await redis.stop();
    await expectError(await transcribe(gateways[0]!, KEYS.once), 503, 'budget_store_unavailable');
    const free = await transcribe(gateways[1]!, KEYS.free);
    assert.equal(free.status, 200, await free.clone().text());
    await free.text();
    await expectError(await fetch(`${gateways[0]!.url}/admin/usage`, { headers: bearer(KEYS.admin) }), 503, 'usage_store_unavailable');
    // Back, so the instances shut down as they would (their job queues close on it).
    await redis.restart();
  });
});
