// Realtime transcription over WebSocket through the default plugin chain:
// one client, written for OpenAI's Realtime protocol, gets transcripts from
// OpenAI, Azure, Deepgram and ElevenLabs (fakes written from their protocol
// references) by changing only the model; the official SDK's WebSocket class
// works against the gateway; bad frames get error events; the session's log
// line carries the audio seconds sent.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import OpenAI from 'openai';
import { OpenAIRealtimeWS } from 'openai/realtime/ws';
import { fakeDeepgramLive, fakeElevenLabsRealtime, fakeOpenAIRealtime, type RealtimeFake } from '../fakes/realtime-vendors.js';
import { startGateway, type TestGateway } from '../helpers/gateway.js';
import { REALTIME_KEYS as KEYS, RealtimeClient, pcmBase64, realtimeProviders, transcriptionSession } from '../helpers/realtime.js';
import { waitFor } from '../helpers/wait.js';

let openai: RealtimeFake;
let azure: RealtimeFake;
let deepgram: RealtimeFake;
let elevenlabs: RealtimeFake;
let gw: TestGateway;

before(async () => {
  openai = await fakeOpenAIRealtime({ expectKey: KEYS.openai });
  azure = await fakeOpenAIRealtime({ expectKey: KEYS.azure }, 'hello from azure');
  deepgram = await fakeDeepgramLive({ expectKey: KEYS.deepgram });
  elevenlabs = await fakeElevenLabsRealtime({ expectKey: KEYS.elevenlabs });
  gw = await startGateway({ auth: { required: false }, providers: realtimeProviders({ openai: openai.url, azure: azure.url, deepgram: deepgram.url, elevenlabs: elevenlabs.url }) });
});
after(async () => {
  await gw.close();
  for (const fake of [openai, azure, deepgram, elevenlabs]) await fake.close();
});

/** The one client: open a transcription session, send 0.3 s of audio in three chunks, commit, read the transcript. */
async function transcribe(model: string, headers: Record<string, string> = {}): Promise<{ client: RealtimeClient; deltas: string; transcript: string }> {
  const client = await RealtimeClient.open(`${gw.url}/v1/realtime?intent=transcription&model=${encodeURIComponent(model)}`, { headers });
  client.send(transcriptionSession(model));
  for (let i = 0; i < 3; i++) client.send({ type: 'input_audio_buffer.append', audio: pcmBase64(0.1) });
  client.send({ type: 'input_audio_buffer.commit' });
  const completed = await client.next('conversation.item.input_audio_transcription.completed');
  const deltas = client
    .of('conversation.item.input_audio_transcription.delta')
    .filter((d) => d.item_id === completed.item_id)
    .map((d) => String(d.delta))
    .join('');
  return { client, deltas, transcript: String(completed.transcript) };
}

describe('the same client against every realtime provider', () => {
  test('OpenAI: relayed, the model name without its provider, the key as a Bearer', async () => {
    const { client, deltas, transcript } = await transcribe('openai/gpt-4o-transcribe');
    assert.equal(transcript, 'hello from openai');
    assert.equal(deltas, transcript);
    assert.equal(client.events[0]!.type, 'session.created');
    assert.ok(client.of('input_audio_buffer.committed').length === 1);
    const up = await openai.connection(0);
    assert.equal(up.path, '/v1/realtime');
    assert.equal(up.query.get('intent'), 'transcription');
    assert.equal(up.headers.authorization, `Bearer ${KEYS.openai}`);
    const sent = up.json();
    const update = sent.find((e) => e.type === 'session.update') as { session: { type: string; audio: { input: { transcription: { model: string }; format: { rate: number } } } } };
    assert.equal(update.session.type, 'transcription');
    assert.equal(update.session.audio.input.transcription.model, 'gpt-4o-transcribe');
    assert.equal(update.session.audio.input.format.rate, 24000);
    const appends = sent.filter((e) => e.type === 'input_audio_buffer.append');
    assert.equal(appends.length, 3);
    assert.equal(appends[0]!.audio, pcmBase64(0.1));
    assert.ok(sent.some((e) => e.type === 'input_audio_buffer.commit'));
    assert.equal(client.of('session.created').length, 1, "the vendor's own session.created is not passed on twice");
    await client.close();
  });

  test('Azure: the realtime URL from the endpoint, the deployment from the map, the api-key header', async () => {
    const { client, transcript } = await transcribe('azure/gpt-4o-transcribe');
    assert.equal(transcript, 'hello from azure');
    const up = await azure.connection(0);
    assert.equal(up.path, '/openai/realtime');
    assert.equal(up.query.get('api-version'), '2025-04-01-preview');
    assert.equal(up.query.get('intent'), 'transcription');
    assert.equal(up.headers['api-key'], KEYS.azure);
    const update = up.json().find((e) => e.type === 'transcription_session.update') as { session: { input_audio_transcription: { model: string }; input_audio_format: string } };
    assert.equal(update.session.input_audio_transcription.model, 'my-transcribe');
    assert.equal(update.session.input_audio_format, 'pcm16');
    await client.close();
  });

  test('Deepgram: linear16 at the session rate, binary audio, Finalize on commit, Results as deltas and a completion', async () => {
    const { client, deltas, transcript } = await transcribe('deepgram/nova-3');
    assert.equal(transcript, 'hello from deepgram');
    assert.equal(deltas, transcript);
    assert.ok(client.of('input_audio_buffer.speech_started').length === 1, 'SpeechStarted becomes speech_started');
    const up = await deepgram.connection(0);
    assert.equal(up.path, '/v1/listen');
    assert.equal(up.query.get('encoding'), 'linear16');
    assert.equal(up.query.get('sample_rate'), '24000');
    assert.equal(up.query.get('model'), 'nova-3');
    assert.equal(up.headers.authorization, `Token ${KEYS.deepgram}`);
    const audio = up.frames.filter((f) => f.binary);
    assert.equal(audio.length, 3);
    assert.deepEqual(audio[0]!.binary, Buffer.from(pcmBase64(0.1), 'base64'));
    assert.ok(up.json().some((m) => m.type === 'Finalize'));
    await client.close();
    await up.closed;
  });

  test('ElevenLabs: input_audio_chunk with the rate, commit: true on commit, partial and committed transcripts', async () => {
    const { client, deltas, transcript } = await transcribe('elevenlabs/scribe_v2_realtime');
    assert.equal(transcript, 'hello from elevenlabs');
    assert.equal(deltas, transcript);
    const up = await elevenlabs.connection(0);
    assert.equal(up.path, '/v1/speech-to-text/realtime');
    assert.equal(up.query.get('model_id'), 'scribe_v2_realtime');
    assert.equal(up.query.get('audio_format'), 'pcm_24000');
    assert.equal(up.query.get('commit_strategy'), 'manual', 'turn_detection: null means the client commits');
    assert.equal(up.headers['xi-api-key'], KEYS.elevenlabs);
    const chunks = up.json().filter((m) => m.message_type === 'input_audio_chunk');
    assert.equal(chunks.length, 4);
    assert.equal(chunks[0]!.sample_rate, 24000);
    assert.equal(chunks[3]!.commit, true);
    await client.close();
  });

  test('the model may come in session.update alone (the URL names none)', async () => {
    const before = deepgram.connections.length;
    const client = await RealtimeClient.open(`${gw.url}/openai/v1/realtime?intent=transcription`);
    await client.next('session.created');
    client.send(transcriptionSession('deepgram/nova-3'));
    await client.next('session.updated');
    client.send({ type: 'input_audio_buffer.append', audio: pcmBase64(0.1) });
    client.send({ type: 'input_audio_buffer.commit' });
    assert.equal((await client.next('conversation.item.input_audio_transcription.completed')).transcript, 'hello from deepgram');
    assert.equal(deepgram.connections.length, before + 1);
    await client.close();
  });
});

test("the official SDK's OpenAIRealtimeWS against the gateway's base URL", async () => {
  const port = Number(new URL(gw.url).port);
  const sdk = new OpenAI({ apiKey: 'sk-placeholder', baseURL: `${gw.url}/v1` });
  // The SDK always dials wss://; the gateway on loopback speaks plain ws, so the TCP socket is handed in.
  const rt = new OpenAIRealtimeWS({ model: 'elevenlabs/scribe_v2_realtime', options: { createConnection: () => net.connect(port, '127.0.0.1') } }, sdk);
  const transcripts: string[] = [];
  const errors: unknown[] = [];
  rt.on('error', (err) => errors.push(err));
  rt.on('conversation.item.input_audio_transcription.completed', (event) => transcripts.push(event.transcript));
  await new Promise<void>((resolve) => rt.socket.once('open', () => resolve()));
  rt.send({ type: 'session.update', session: { type: 'transcription', audio: { input: { format: { type: 'audio/pcm', rate: 24000 }, turn_detection: null } } } });
  rt.send({ type: 'input_audio_buffer.append', audio: pcmBase64(0.2) });
  rt.send({ type: 'input_audio_buffer.commit' });
  await waitFor(() => transcripts.length > 0, 'a completed transcript through the SDK');
  assert.deepEqual(transcripts, ['hello from elevenlabs']);
  assert.deepEqual(errors, []);
  rt.close();
});

describe('bad frames get an error event and the session goes on', () => {
  test('not JSON, an unknown event, bad base64, a binary frame, a conversation event', async () => {
    const client = await RealtimeClient.open(`${gw.url}/v1/realtime?model=openai/gpt-4o-transcribe`);
    client.sendRaw('this is not json');
    client.send({ type: 'input_audio_buffer.shout', event_id: 'evt_1' });
    client.send({ type: 'input_audio_buffer.append', audio: '***not base64***', event_id: 'evt_2' });
    client.sendRaw(Buffer.from([1, 2, 3]));
    client.send({ type: 'response.create' });
    client.sendRaw('[1, 2]');
    const errors = await waitFor(() => client.of('error').length >= 6, 'six error events').then(() => client.of('error'));
    const codes = errors.map((e) => (e.error as { code: string }).code);
    assert.deepEqual(codes, ['invalid_json', 'unknown_event', 'invalid_audio', 'binary_frame', 'unknown_event', 'invalid_event']);
    assert.equal((errors[1]!.error as { event_id: string }).event_id, 'evt_1', 'the error names the client event that caused it');
    assert.equal(errors[0]!.is_bifrost_error, true);
    assert.equal(errors[0]!.status_code, 400);
    client.send({ type: 'input_audio_buffer.append', audio: pcmBase64(0.1) });
    client.send({ type: 'input_audio_buffer.commit' });
    assert.equal((await client.next('conversation.item.input_audio_transcription.completed')).transcript, 'hello from openai');
    assert.equal(client.closeCode, undefined, 'the socket stayed open');
    await client.close();
  });

  test('audio before any model, an unknown provider, a sample rate the provider does not take', async () => {
    const client = await RealtimeClient.open(`${gw.url}/v1/realtime?intent=transcription`);
    client.send({ type: 'input_audio_buffer.append', audio: pcmBase64(0.1) });
    assert.equal(((await client.next('error')).error as { code: string }).code, 'model_required');
    client.send(transcriptionSession('nowhere/model'));
    assert.equal(((await client.next('error', 1)).error as { code: string }).code, 'unknown_provider');
    await client.close();

    const rated = await RealtimeClient.open(`${gw.url}/v1/realtime?intent=transcription`);
    rated.send(transcriptionSession('openai/gpt-4o-transcribe', 16000));
    const refused = await rated.next('error');
    assert.equal((refused.error as { code: string }).code, 'unsupported_sample_rate');
    assert.equal(await rated.closed, 1014, 'no provider could take the session');
  });
});

test('one log line per session: audio seconds from the appended PCM16, close code, model, provider', async () => {
  const id = 'rt-log-check-1';
  const { client } = await transcribe('deepgram/nova-3', { 'x-request-id': id });
  await client.close();
  await waitFor(() => gw.logs.records.some((r) => r.request_id === id), 'the session log line');
  const lines = gw.logs.records.filter((r) => r.request_id === id);
  assert.equal(lines.length, 1);
  const line = lines[0] as { route: string; status: number; provider: string; model: string; principal: string; realtime: { audio_seconds: number; audio_bytes: number; close_code: number; sample_rate: number; transcripts: number } };
  assert.equal(line.route, 'realtime');
  assert.equal(line.status, 101);
  assert.equal(line.provider, 'deepgram');
  assert.equal(line.model, 'nova-3');
  assert.equal(line.principal, 'anonymous');
  assert.equal(line.realtime.audio_seconds, 0.3);
  assert.equal(line.realtime.audio_bytes, 3 * 2400 * 2);
  assert.equal(line.realtime.close_code, 1000);
  assert.equal(line.realtime.transcripts, 1);
  const metrics = await (await fetch(`${gw.url}/metrics`)).text();
  assert.match(metrics, /voxgate_realtime_sessions \d/);
  assert.match(metrics, /voxgate_realtime_frames_total\{direction="in"\} \d+/);
  assert.match(metrics, /voxgate_realtime_audio_seconds_total\{provider="deepgram"\} [\d.]+/);
  assert.ok(!gw.logs.text.includes(KEYS.deepgram), 'no provider key in the logs');
});
