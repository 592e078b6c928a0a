// Golden prices through the default chain: fractional seconds billed exactly
// (the provider's duration, or the upload measured), per-character speech,
// token-billed transcription, a fallback priced at what served it, and an
// unpriced model flagged (answer, /metrics), never a silent $0. The log line
// carries the same cost, and the log store's cost column.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { CostRecord } from '../../core/extra-fields.js';
import { generateVirtualKey } from '../../plugins/auth/keys.js';
import { FakeOpenAI } from '../fakes/openai.js';
import { startGateway, type TestGateway } from '../helpers/gateway.js';
import { postJson, upload } from '../helpers/http.js';
import { toneWav } from '../helpers/tone-wav.js';
import { waitFor } from '../helpers/wait.js';

/** As gpt-4o-transcribe answers json: usage in tokens. */
class TokenFake extends FakeOpenAI {
  protected override answerExtras(): Record<string, unknown> {
    return { usage: { type: 'tokens', input_tokens: 1000, output_tokens: 50, total_tokens: 1050, input_token_details: { audio_tokens: 1000, text_tokens: 0 } } };
  }
}

let fake: FakeOpenAI;
let tokens: TokenFake;
let backup: FakeOpenAI;
let gw: TestGateway;
const KEY = generateVirtualKey();
const AUTH = { authorization: `Bearer ${KEY}` };

before(async () => {
  fake = await FakeOpenAI.start();
  tokens = await new TokenFake().listen();
  backup = await FakeOpenAI.start();
  gw = await startGateway({
    providers: {
      openai: { base_url: fake.url },
      tokens: { type: 'openai', base_url: tokens.url, prices: { 'gpt-4o-transcribe': { per_input_token: 0.0000025, per_output_token: 0.00001 } } },
      backup: { type: 'openai', base_url: backup.url, prices: { 'whisper-1': { per_audio_second: 0.001 } } },
      local: { type: 'openai', base_url: fake.url, models: ['my-whisper'] },
    },
    auth: { virtual_keys: [{ name: 'golden', key: KEY }] },
  });
});
after(async () => {
  await gw.close();
  for (const f of [fake, tokens, backup]) await f.close();
});

type Cost = CostRecord;

const transcribe = (fields: Record<string, string | string[]>, bytes = toneWav(44 + 48_000 * 2 * 2).bytes) =>
  upload(`${gw.url}/v1/audio/transcriptions`, { fields, file: { bytes, filename: 'clip.wav', type: 'audio/wav' }, headers: AUTH });

async function costOf(res: Response): Promise<Cost> {
  const text = await res.text();
  assert.equal(res.status, 200, text);
  return (JSON.parse(text) as { extra_fields: { cost: Cost } }).extra_fields.cost;
}

async function loggedCost(requestId: string | null): Promise<Cost> {
  await waitFor(() => gw.logs.records.some((r) => r.request_id === requestId && r.msg === 'request'), 'the log line');
  return gw.logs.records.find((r) => r.request_id === requestId && r.msg === 'request')!.cost as Cost;
}

test('whisper-1 at the provider\'s fractional duration: 2.5 s × $0.0001', async () => {
  fake.transcript = 'one two three four five'; // the fake hears 0.5 s a word
  const res = await transcribe({ model: 'openai/whisper-1', response_format: 'verbose_json' });
  const cost = await costOf(res);
  assert.deepEqual(cost, { audio_seconds: 2.5, usd: 0.00025, priced: true });
  assert.deepEqual(await loggedCost(res.headers.get('x-request-id')), cost);
});

test('a text answer (no usage from the provider) is billed at the upload\'s measured duration: 1.25 s', async () => {
  const wav = toneWav(44 + 48_000 * 2 * 1.25);
  assert.equal(wav.seconds, 1.25);
  const res = await transcribe({ model: 'openai/whisper-1', response_format: 'text' }, wav.bytes);
  assert.equal(res.status, 200);
  await res.text();
  assert.equal(res.headers.get('x-bf-cost-usd'), '0.000125');
  assert.deepEqual(JSON.parse(res.headers.get('x-bf-cost')!), { audio_seconds: 1.25, usd: 0.000125, priced: true });
});

test('speech per character: 12 characters of tts-1 at $15 per million, on the audio answer\'s headers', async () => {
  const res = await postJson(`${gw.url}/v1/audio/speech`, { model: 'openai/tts-1', input: 'Hello, world', voice: 'alloy' }, AUTH);
  assert.equal(res.status, 200);
  await res.arrayBuffer();
  assert.equal(res.headers.get('x-bf-cost-usd'), '0.00018');
  assert.deepEqual(JSON.parse(res.headers.get('x-bf-cost')!), { characters: 12, usd: 0.00018, priced: true });
  assert.deepEqual(await loggedCost(res.headers.get('x-request-id')), { characters: 12, usd: 0.00018, priced: true });
});

test('a token-billed model at its token prices (YAML override): 1000 in × $2.5/M + 50 out × $10/M', async () => {
  const res = await transcribe({ model: 'tokens/gpt-4o-transcribe' });
  const cost = await costOf(res);
  assert.equal(cost.usd, 0.003);
  assert.equal(cost.input_tokens, 1000);
  assert.equal(cost.output_tokens, 50);
  assert.equal(cost.audio_seconds, 2, 'the measured seconds are reported beside the tokens');
  assert.equal(cost.priced, true);
});

test('a streamed transcript counts too: tokens from its done event, in the log line', async () => {
  fake.transcript = 'one two three';
  const res = await transcribe({ model: 'openai/gpt-4o-transcribe', stream: 'true' });
  assert.equal(res.status, 200);
  await res.text();
  // Shipped prices: $6 per million audio tokens in, $10 per million out.
  assert.deepEqual(await loggedCost(res.headers.get('x-request-id')), { audio_seconds: 2, input_tokens: 40, output_tokens: 3, usd: 0.00027, priced: true });
});

test('a fallback is priced at what served it, not what was asked', async () => {
  fake.fail({ status: 500, times: 3 });
  backup.transcript = 'one two three four';
  const res = await transcribe({ model: 'openai/whisper-1', fallbacks: ['backup/whisper-1'], response_format: 'verbose_json' });
  const text = await res.text();
  assert.equal(res.status, 200, text);
  const body = JSON.parse(text) as { extra_fields: { provider: string; cost: Cost } };
  assert.equal(body.extra_fields.provider, 'backup');
  assert.deepEqual(body.extra_fields.cost, { audio_seconds: 2, usd: 0.002, priced: true });
  fake.reset();
});

test('an unpriced model says so, counts in /metrics and is warned about, never a silent $0', async () => {
  const res = await transcribe({ model: 'local/my-whisper', response_format: 'verbose_json' });
  const cost = await costOf(res);
  assert.equal(cost.priced, false);
  assert.equal(cost.usd, 0);
  const metrics = await (await fetch(`${gw.url}/metrics`)).text();
  assert.match(metrics, /voxgate_usage_unpriced_total\{provider="local",model="my-whisper"\} 1/);
  assert.match(metrics, /voxgate_usage_cost_usd_total\{key="golden",provider="openai",model="whisper-1"\} [0-9.e-]+/);
});

test('a cache hit called no provider: it costs nothing', async () => {
  const ask = () => postJson(`${gw.url}/v1/audio/speech`, { model: 'openai/tts-1', input: 'Cached words', voice: 'alloy' }, { ...AUTH, 'x-bf-cache-key': 'usage-test' });
  const first = await ask();
  await first.arrayBuffer();
  assert.equal(first.headers.get('x-bf-cost-usd'), '0.00018');
  const hit = await ask();
  await hit.arrayBuffer();
  assert.match(hit.headers.get('x-bf-cache-debug') ?? '', /"cache_hit":true/);
  assert.equal(hit.headers.get('x-bf-cost-usd'), '0');
  assert.deepEqual(JSON.parse(hit.headers.get('x-bf-cost')!), { characters: 12, usd: 0, priced: true });
});
