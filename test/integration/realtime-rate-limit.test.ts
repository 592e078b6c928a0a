// audio_seconds_per_minute holds for realtime sessions on the default chain:
// a session's audio counts in the same per-minute counter as uploads, taken
// before it goes upstream; past the limit the session ends (error event
// audio_limit_exceeded, close 1008); audio taken ahead and not sent is given
// back when a session ends; a key without the limit is untouched.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { fakeDeepgramLive, type RealtimeFake } from '../fakes/realtime-vendors.js';
import { startGateway, type TestGateway } from '../helpers/gateway.js';
import { RealtimeClient, pcmBase64, realtimeProviders, transcriptionSession } from '../helpers/realtime.js';
import { generateVirtualKey } from '../../plugins/auth/keys.js';
import { waitFor } from '../helpers/wait.js';

const LIMITED = generateVirtualKey();
const FREE = generateVirtualKey();

let deepgram: RealtimeFake;
let gw: TestGateway;
before(async () => {
  deepgram = await fakeDeepgramLive();
  gw = await startGateway({
    providers: realtimeProviders({ deepgram: deepgram.url }),
    auth: {
      required: true,
      virtual_keys: [
        { name: 'limited', key: LIMITED, rate_limit: { audio_seconds_per_minute: 12 } },
        { name: 'free', key: FREE },
      ],
    },
  });
});
after(async () => {
  await gw.close();
  await deepgram.close();
});

const open = async (key: string, id?: string): Promise<RealtimeClient> => {
  const client = await RealtimeClient.open(`${gw.url}/v1/realtime?intent=transcription&model=deepgram/nova-3`, { headers: { authorization: `Bearer ${key}`, ...(id ? { 'x-request-id': id } : {}) } });
  client.send(transcriptionSession());
  return client;
};

test('a session that sends less than the limit gives back what was taken ahead; the next one may send the rest, and no more', async () => {
  const first = await open(LIMITED);
  for (let i = 0; i < 5; i++) first.send({ type: 'input_audio_buffer.append', audio: pcmBase64(0.1) });
  first.send({ type: 'input_audio_buffer.commit' });
  await first.next('conversation.item.input_audio_transcription.completed');
  await first.close();
  assert.deepEqual(first.of('error'), [], 'half a second is within the limit');

  // The first session took a 10 s block ahead and gave back 9.5 s of it: 11.5 s are left this minute
  // (without the give-back, 2 s), so the 116th chunk of 0.1 s is refused.
  const second = await open(LIMITED, 'rt-limit-2');
  for (let i = 0; i < 130; i++) second.send({ type: 'input_audio_buffer.append', audio: pcmBase64(0.1) });
  assert.equal(await second.closed, 1008);
  const error = second.of('error').map((e) => e.error as { code: string; message: string })[0];
  assert.equal(error?.code, 'audio_limit_exceeded', JSON.stringify(second.of('error')));
  assert.match(error!.message, /12 seconds of audio per minute.*realtime session/);
  await waitFor(() => gw.logs.records.some((r) => r.request_id === 'rt-limit-2'), 'the session log line');
  const line = gw.logs.records.find((r) => r.request_id === 'rt-limit-2')!;
  const sent = (line.realtime as { audio_seconds: number }).audio_seconds;
  assert.ok(Math.abs(sent - 11.5) < 1e-6, `sent ${sent} s upstream: ${JSON.stringify(line.realtime)}`);
  const metrics = await (await fetch(`${gw.url}/metrics`)).text();
  assert.match(metrics, /voxgate_rate_limit_refusals_total\{limit="audio"\} 1\n/);
});

test('a key without an audio limit sends as much as it likes', async () => {
  const client = await open(FREE);
  for (let i = 0; i < 30; i++) client.send({ type: 'input_audio_buffer.append', audio: pcmBase64(0.1) });
  client.send({ type: 'input_audio_buffer.commit' });
  await client.next('conversation.item.input_audio_transcription.completed');
  await client.close();
  assert.deepEqual(client.of('error'), []);
});
