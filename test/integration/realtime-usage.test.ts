// Realtime sessions are priced and held against budgets like every request:
// the usage plugin (default chain) gives the session a meter on the upgrade;
// audio is reserved before it goes upstream (in blocks, then chunk by chunk
// near a budget's end), the session's metered seconds are settled at the
// price of what served it, and the log line and /v1/usage carry the cost.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { fakeDeepgramLive, type RealtimeFake } from '../fakes/realtime-vendors.js';
import { startGateway, type TestGateway } from '../helpers/gateway.js';
import { RealtimeClient, pcmBase64, realtimeProviders, refusedUpgrade, transcriptionSession } from '../helpers/realtime.js';
import { generateVirtualKey } from '../../plugins/auth/keys.js';
import { waitFor } from '../helpers/wait.js';

const FREE = generateVirtualKey();
const CAPPED = generateVirtualKey();
const PER_SECOND = 0.001;

let deepgram: RealtimeFake;
let gw: TestGateway;
before(async () => {
  deepgram = await fakeDeepgramLive();
  const providers = realtimeProviders({ deepgram: deepgram.url }) as Record<string, Record<string, unknown>>;
  providers.deepgram!.prices = { 'nova-3': { per_audio_second: PER_SECOND } };
  gw = await startGateway({
    providers,
    auth: {
      required: true,
      virtual_keys: [
        { name: 'free', key: FREE },
        { name: 'capped', key: CAPPED, budget: { max_audio_seconds: 1.05, period: 'day' } },
      ],
    },
  });
});
after(async () => {
  await gw.close();
  await deepgram.close();
});

const bearer = (key: string) => ({ authorization: `Bearer ${key}` });
const open = async (key: string, id: string): Promise<RealtimeClient> => {
  const client = await RealtimeClient.open(`${gw.url}/v1/realtime?intent=transcription&model=deepgram/nova-3`, { headers: { ...bearer(key), 'x-request-id': id } });
  client.send(transcriptionSession());
  return client;
};
const logLine = async (id: string): Promise<Record<string, unknown>> => {
  await waitFor(() => gw.logs.records.some((r) => r.request_id === id), `the log line of ${id}`);
  return gw.logs.records.find((r) => r.request_id === id)!;
};

test('a session is priced at its metered audio: the log line and /v1/usage carry the cost', async () => {
  const client = await open(FREE, 'rt-cost-1');
  for (let i = 0; i < 5; i++) client.send({ type: 'input_audio_buffer.append', audio: pcmBase64(0.1) });
  client.send({ type: 'input_audio_buffer.commit' });
  await client.next('conversation.item.input_audio_transcription.completed');
  await client.close();
  const line = await logLine('rt-cost-1');
  const cost = line.cost as { usd: number; audio_seconds: number; priced: boolean };
  assert.ok(cost, JSON.stringify(line));
  assert.equal(cost.priced, true);
  assert.ok(Math.abs(cost.audio_seconds - 0.5) < 1e-6, JSON.stringify(cost));
  assert.ok(Math.abs(cost.usd - 0.5 * PER_SECOND) < 1e-9, JSON.stringify(cost));
  const own = (await (await fetch(`${gw.url}/v1/usage`, { headers: bearer(FREE) })).json()) as { spent_usd: number };
  assert.ok(own.spent_usd >= 0.5 * PER_SECOND - 1e-9, JSON.stringify(own));
});

test('audio past the key budget ends the session with budget_exceeded; what was sent is what is counted; the next upgrade is a 402', async () => {
  const client = await open(CAPPED, 'rt-budget-1');
  // 15 chunks of 0.1 s against 1.05 s: the 11th does not fit.
  for (let i = 0; i < 15; i++) client.send({ type: 'input_audio_buffer.append', audio: pcmBase64(0.1) });
  assert.equal(await client.closed, 1008);
  const error = client.of('error').map((e) => e.error as { code: string; message: string })[0]!;
  assert.equal(error.code, 'budget_exceeded', JSON.stringify(client.of('error')));
  const line = await logLine('rt-budget-1');
  const cost = line.cost as { audio_seconds: number };
  assert.ok(Math.abs(cost.audio_seconds - 1.0) < 1e-6, `counted ${cost.audio_seconds} s`);
  const refused = await refusedUpgrade(`${gw.url}/v1/realtime?intent=transcription&model=deepgram/nova-3`, { headers: bearer(CAPPED) });
  assert.equal(refused.status, 402);
  assert.equal((refused.body.error as { code: string }).code, 'budget_exceeded');
  // The key that has no budget is not affected.
  const other = await refusedUpgrade(`${gw.url}/v1/realtime?intent=transcription&model=deepgram/nova-3`, { headers: bearer(FREE) });
  assert.equal(other.opened, true);
});
