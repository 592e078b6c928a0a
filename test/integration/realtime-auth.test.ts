// Auth on the realtime upgrade, by the auth plugin's onRequest hook in the
// default chain: a virtual key in Authorization, in x-bf-vk, or in the
// openai-insecure-api-key.<key> subprotocol browsers send (answered with the
// other subprotocol offered). Refusals are HTTP statuses on the upgrade in
// the error shape, made before any upstream connection.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { BF_HEADERS } from '../../core/bifrost-names.js';
import { generateVirtualKey } from '../../plugins/auth/keys.js';
import { fakeDeepgramLive, fakeOpenAIRealtime, type RealtimeFake } from '../fakes/realtime-vendors.js';
import { startGateway, type TestGateway } from '../helpers/gateway.js';
import { REALTIME_KEYS, RealtimeClient, pcmBase64, realtimeProviders, refusedUpgrade, transcriptionSession } from '../helpers/realtime.js';

const KEY = generateVirtualKey();
const OTHER = generateVirtualKey();
const LIMITED = generateVirtualKey();
let openai: RealtimeFake;
let deepgram: RealtimeFake;
let gw: TestGateway;

before(async () => {
  openai = await fakeOpenAIRealtime({ expectKey: REALTIME_KEYS.openai });
  deepgram = await fakeDeepgramLive({ expectKey: REALTIME_KEYS.deepgram });
  gw = await startGateway({
    auth: { required: true, virtual_keys: [{ name: 'voice-team', key: KEY, allowed_models: ['deepgram/*'] }, { name: 'other', key: OTHER }, { name: 'limited', key: LIMITED, rate_limit: { requests_per_minute: 2 } }] },
    providers: realtimeProviders({ openai: openai.url, deepgram: deepgram.url }),
  });
});
after(async () => {
  await gw.close();
  await openai.close();
  await deepgram.close();
});

const url = (query = 'model=deepgram/nova-3') => `${gw.url}/v1/realtime?intent=transcription&${query}`;

async function transcript(client: RealtimeClient): Promise<string> {
  client.send(transcriptionSession());
  client.send({ type: 'input_audio_buffer.append', audio: pcmBase64(0.1) });
  client.send({ type: 'input_audio_buffer.commit' });
  return String((await client.next('conversation.item.input_audio_transcription.completed')).transcript);
}

describe('a virtual key opens a session three ways', () => {
  test('Authorization: Bearer', async () => {
    const client = await RealtimeClient.open(url(), { headers: { authorization: `Bearer ${KEY}` } });
    assert.equal(await transcript(client), 'hello from deepgram');
    await client.close();
  });

  test('x-bf-vk', async () => {
    const client = await RealtimeClient.open(url(), { headers: { [BF_HEADERS.virtualKey]: KEY } });
    assert.equal(await transcript(client), 'hello from deepgram');
    await client.close();
  });

  test("a browser's subprotocols: the key one is read, the other is the answer", async () => {
    const client = await RealtimeClient.open(url(), { protocols: ['realtime', `openai-insecure-api-key.${KEY}`, 'openai-beta.realtime-v1'] });
    assert.equal(client.socket.protocol, 'realtime');
    assert.equal(await transcript(client), 'hello from deepgram');
    await client.close();
  });
});

describe('refusals are HTTP answers on the upgrade, before any upstream connection', () => {
  test('no credential: 401 in the error shape', async () => {
    const before = deepgram.connections.length;
    const refused = await refusedUpgrade(url());
    assert.equal(refused.status, 401);
    assert.equal(refused.opened, false);
    assert.equal((refused.body.error as { type: string }).type, 'authentication_error');
    assert.equal(refused.body.is_bifrost_error, true);
    assert.equal(deepgram.connections.length, before);
  });

  test('an unknown key, in the header or the subprotocol: 401', async () => {
    assert.equal((await refusedUpgrade(url(), { headers: { authorization: `Bearer ${generateVirtualKey()}` } })).status, 401);
    assert.equal((await refusedUpgrade(url(), { protocols: ['realtime', `openai-insecure-api-key.${generateVirtualKey()}`] })).status, 401);
  });

  test('a model the key may not use, in the URL: 403, no upstream connection', async () => {
    const before = openai.connections.length;
    const refused = await refusedUpgrade(url('model=openai/gpt-4o-transcribe'), { headers: { authorization: `Bearer ${KEY}` } });
    assert.equal(refused.status, 403);
    assert.equal((refused.body.error as { code: string }).code, 'model_not_allowed');
    const fallback = await refusedUpgrade(url('model=deepgram/nova-3&fallbacks=openai/gpt-4o-transcribe'), { headers: { authorization: `Bearer ${KEY}` } });
    assert.equal(fallback.status, 403, 'fallbacks are checked too');
    assert.equal(openai.connections.length, before);
  });

  test('a model the key may not use, in session.update: an error event, no upstream connection', async () => {
    const before = openai.connections.length;
    const client = await RealtimeClient.open(url(''), { headers: { authorization: `Bearer ${KEY}` } });
    client.send(transcriptionSession('openai/gpt-4o-transcribe'));
    const error = await client.next('error');
    assert.equal((error.error as { code: string }).code, 'model_not_allowed');
    assert.equal(error.status_code, 403);
    assert.equal(openai.connections.length, before);
    await client.close();
  });

  test('a bad model, an unknown intent, an unknown path: 400, 400, 404', async () => {
    const auth = { headers: { authorization: `Bearer ${OTHER}` } };
    assert.equal((await refusedUpgrade(url('model=nowhere/x'), auth)).status, 400);
    assert.equal((await refusedUpgrade(`${gw.url}/v1/realtime?intent=conversation&model=openai/gpt-4o-transcribe`, auth)).status, 400);
    assert.equal((await refusedUpgrade(`${gw.url}/v1/realtime-nope`, auth)).status, 404);
  });

  test("the key's requests_per_minute counts each session: past it the upgrade is a 429 with the limit headers", async () => {
    const auth = { headers: { authorization: `Bearer ${LIMITED}` } };
    for (let i = 0; i < 2; i++) {
      const client = await RealtimeClient.open(url(), auth);
      await client.close();
    }
    const refused = await refusedUpgrade(url(), auth);
    assert.equal(refused.status, 429);
    assert.equal((refused.body.error as { type: string }).type, 'rate_limit_error');
    assert.equal(refused.headers['x-ratelimit-limit'], '2');
    assert.ok(Number(refused.headers['retry-after']) >= 1);
    const other = await RealtimeClient.open(url(), { headers: { authorization: `Bearer ${OTHER}` } });
    await other.close();
  });

  test('no key appears in the logs', () => {
    assert.ok(!gw.logs.text.includes(KEY));
    assert.ok(!gw.logs.text.includes(REALTIME_KEYS.deepgram));
  });
});
