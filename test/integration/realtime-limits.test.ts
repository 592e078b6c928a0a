// Realtime sessions' limits and failures: the per-key session cap, the idle
// timeout, the buffer bound, fallback before the first transcript event (the
// audio replayed), an upstream dying mid-session, a client vanishing (its
// upstream is closed), and shutdown closing sessions with 1001.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { fakeDeepgramLive, fakeElevenLabsRealtime, fakeOpenAIRealtime, type RealtimeFake } from '../fakes/realtime-vendors.js';
import { startGateway, type TestGateway } from '../helpers/gateway.js';
import { RealtimeClient, pcmBase64, realtimeProviders, refusedUpgrade, transcriptionSession } from '../helpers/realtime.js';
import { waitFor } from '../helpers/wait.js';

const fakes: RealtimeFake[] = [];
const gateways: TestGateway[] = [];
const fake = async (start: Promise<RealtimeFake>): Promise<RealtimeFake> => {
  const f = await start;
  fakes.push(f);
  return f;
};
const gateway = async (config: Record<string, unknown>): Promise<TestGateway> => {
  const gw = await startGateway({ auth: { required: false }, ...config });
  gateways.push(gw);
  return gw;
};
after(async () => {
  for (const gw of gateways) await gw.close();
  for (const f of fakes) await f.close();
});

const session = async (gw: TestGateway, query: string, headers: Record<string, string> = {}): Promise<RealtimeClient> => {
  const client = await RealtimeClient.open(`${gw.url}/v1/realtime?intent=transcription&${query}`, { headers });
  client.send(transcriptionSession());
  return client;
};
const appendAndCommit = (client: RealtimeClient, chunks = 3): void => {
  for (let i = 0; i < chunks; i++) client.send({ type: 'input_audio_buffer.append', audio: pcmBase64(0.1) });
  client.send({ type: 'input_audio_buffer.commit' });
};
const logLine = async (gw: TestGateway, id: string): Promise<Record<string, unknown> & { realtime: Record<string, unknown> }> => {
  await waitFor(() => gw.logs.records.some((r) => r.request_id === id), `the log line of ${id}`);
  return gw.logs.records.find((r) => r.request_id === id) as Record<string, unknown> & { realtime: Record<string, unknown> };
};

describe('limits', () => {
  let gw: TestGateway;
  let deepgram: RealtimeFake;
  let stalled: net.Server;
  before(async () => {
    deepgram = await fake(fakeDeepgramLive());
    // An upstream that takes the connection and never answers the upgrade: audio waits for it.
    stalled = net.createServer(() => undefined);
    await new Promise<void>((resolve) => stalled.listen(0, '127.0.0.1', resolve));
    const stalledUrl = `http://127.0.0.1:${(stalled.address() as AddressInfo).port}`;
    gw = await gateway({
      providers: { ...realtimeProviders({ deepgram: deepgram.url }), elevenlabs: { base_url: stalledUrl, keys: [{ value: 'el-key' }] } },
      realtime: { max_sessions_per_key: 2, idle_timeout_s: 0.5, max_buffer_kb: 64 },
    });
  });
  after(() => new Promise<void>((resolve) => stalled.close(() => resolve())));

  test('past max_sessions_per_key the upgrade is a 429; closing one frees its place', async () => {
    const a = await session(gw, 'model=deepgram/nova-3');
    const b = await session(gw, 'model=deepgram/nova-3');
    const refused = await refusedUpgrade(`${gw.url}/v1/realtime?model=deepgram/nova-3`);
    assert.equal(refused.status, 429);
    assert.equal((refused.body.error as { code: string }).code, 'too_many_sessions');
    await a.close();
    await waitFor(async () => (await refusedUpgrade(`${gw.url}/v1/realtime?model=deepgram/nova-3`)).opened, 'a place freed by the close');
    await b.close();
  });

  test('a session without client events for idle_timeout_s gets an error event and 1008', async () => {
    const client = await session(gw, 'model=deepgram/nova-3', { 'x-request-id': 'rt-idle-1' });
    assert.equal(await client.closed, 1008);
    assert.equal((client.of('error')[0]!.error as { code: string }).code, 'idle_timeout');
    const line = await logLine(gw, 'rt-idle-1');
    assert.equal(line.realtime.close_code, 1008);
    assert.equal(line.realtime.close_reason, 'idle_timeout');
  });

  test('a session past max_session_s gets an error event and 1008, however busy it is', async () => {
    const short = await gateway({ providers: realtimeProviders({ deepgram: deepgram.url }), realtime: { max_session_s: 0.5 } });
    const client = await session(short, 'model=deepgram/nova-3');
    const sending = setInterval(() => client.send({ type: 'input_audio_buffer.append', audio: pcmBase64(0.05) }), 50);
    try {
      assert.equal(await client.closed, 1008);
    } finally {
      clearInterval(sending);
    }
    assert.equal((client.of('error').at(-1)!.error as { code: string }).code, 'session_too_long');
  });

  test('audio past max_buffer_kb waiting for an upstream closes the session with 1013', async () => {
    const client = await session(gw, 'model=elevenlabs/scribe_v2_realtime');
    client.send({ type: 'input_audio_buffer.append', audio: pcmBase64(2) }); // 96 KiB of PCM16
    assert.equal(await client.closed, 1013);
    assert.match(client.closeReason, /KiB/);
  });
});

describe('failures', () => {
  test('an upstream dying before the first transcript event: the next fallback, with the audio so far replayed', async () => {
    const dying = await fake(fakeOpenAIRealtime({ dieAfterAudio: 2 }));
    const deepgram = await fake(fakeDeepgramLive());
    const gw = await gateway({ providers: realtimeProviders({ openai: dying.url, deepgram: deepgram.url }) });
    const client = await session(gw, 'model=openai/gpt-4o-transcribe&fallbacks=deepgram/nova-3', { 'x-request-id': 'rt-fallback-1' });
    appendAndCommit(client);
    assert.equal((await client.next('conversation.item.input_audio_transcription.completed')).transcript, 'hello from deepgram');
    assert.equal(client.of('error').length, 0, 'the client never saw the failure');
    const up = await deepgram.connection(0);
    assert.equal(up.frames.filter((f) => f.binary).length, 3, 'every chunk reached the fallback');
    await client.close();
    const line = await logLine(gw, 'rt-fallback-1');
    assert.equal(line.provider, 'deepgram');
    assert.equal(line.realtime.fallback_index, 1);
    assert.equal(line.realtime.audio_seconds, 0.3);
  });

  test('an upstream refusing the session (fallbacks in session.update): the next one', async () => {
    const refusing = await fake(fakeOpenAIRealtime({ refuseWith: 503 }));
    const elevenlabs = await fake(fakeElevenLabsRealtime());
    const gw = await gateway({ providers: realtimeProviders({ openai: refusing.url, elevenlabs: elevenlabs.url }) });
    const client = await RealtimeClient.open(`${gw.url}/v1/realtime?intent=transcription`);
    client.send({ ...transcriptionSession('openai/gpt-4o-transcribe'), session: { ...(transcriptionSession('openai/gpt-4o-transcribe').session as object), fallbacks: ['elevenlabs/scribe_v2_realtime'] } });
    appendAndCommit(client);
    assert.equal((await client.next('conversation.item.input_audio_transcription.completed')).transcript, 'hello from elevenlabs');
    await client.close();
  });

  test('every target refusing: an error event naming the provider, then 1014', async () => {
    const refusing = await fake(fakeOpenAIRealtime({ refuseWith: 401 }));
    const gw = await gateway({ providers: realtimeProviders({ openai: refusing.url }) });
    const client = await session(gw, 'model=openai/gpt-4o-transcribe');
    appendAndCommit(client, 1);
    assert.equal(await client.closed, 1014);
    const error = client.of('error')[0]!;
    assert.match((error.error as { message: string }).message, /Provider "openai" refused the realtime session with HTTP 401/);
    assert.equal(error.is_bifrost_error, false);
  });

  test('an upstream dying after a transcript: an error event, then 1014 (no fallback)', async () => {
    const dying = await fake(fakeDeepgramLive({ dieAfterTranscript: true }));
    const spare = await fake(fakeElevenLabsRealtime());
    const gw = await gateway({ providers: realtimeProviders({ deepgram: dying.url, elevenlabs: spare.url }) });
    const client = await session(gw, 'model=deepgram/nova-3&fallbacks=elevenlabs/scribe_v2_realtime');
    appendAndCommit(client);
    await client.next('conversation.item.input_audio_transcription.completed');
    assert.equal(await client.closed, 1014);
    assert.equal((client.of('error')[0]!.error as { code: string }).code, 'upstream_unreachable');
    assert.equal(spare.connections.length, 0);
  });

  test('back-pressure: a client that stops reading pauses the upstream instead of filling the buffer', async () => {
    const flooding = await fake(fakeOpenAIRealtime({ floodOnCommit: 1200 })); // ~19 MiB of deltas
    const gw = await gateway({ providers: realtimeProviders({ openai: flooding.url }), realtime: { max_buffer_kb: 1024 } });
    const client = await session(gw, 'model=openai/gpt-4o-transcribe');
    client.send({ type: 'input_audio_buffer.append', audio: pcmBase64(0.1) });
    await client.next('session.updated');
    client.socket.pause();
    client.send({ type: 'input_audio_buffer.commit' });
    const up = await flooding.connection(0);
    await waitFor(() => up.maxBuffered > 4 * 1024 * 1024, 'the fake holding unsent deltas: the gateway stopped reading it', 15_000);
    client.socket.resume();
    await client.next('conversation.item.input_audio_transcription.completed', 0, 30_000);
    assert.equal(client.of('conversation.item.input_audio_transcription.delta').length, 1202);
    assert.equal(client.closeCode, undefined, 'the session was not closed for the slow client');
    await client.close();
  });

  test('a client vanishing mid-session: its upstream is closed', async () => {
    const openai = await fake(fakeOpenAIRealtime());
    const gw = await gateway({ providers: realtimeProviders({ openai: openai.url }) });
    const client = await session(gw, 'model=openai/gpt-4o-transcribe', { 'x-request-id': 'rt-vanish-1' });
    client.send({ type: 'input_audio_buffer.append', audio: pcmBase64(0.1) });
    const up = await openai.connection(0);
    await waitFor(() => up.json().some((e) => e.type === 'input_audio_buffer.append'), 'audio upstream');
    client.socket.terminate();
    await up.closed;
    assert.equal(up.isClosed, true);
    const line = await logLine(gw, 'rt-vanish-1');
    assert.equal(line.realtime.close_code, 1006);
    assert.equal(line.aborted, true);
  });

  test('shutdown: sessions get the drain deadline, then an error event and 1001', async () => {
    const openai = await fake(fakeOpenAIRealtime());
    const gw = await startGateway({ auth: { required: false }, server: { shutdown_timeout_s: 0.5 }, providers: realtimeProviders({ openai: openai.url }) });
    const client = await session(gw, 'model=openai/gpt-4o-transcribe');
    appendAndCommit(client, 1);
    await client.next('conversation.item.input_audio_transcription.completed');
    const closing = gw.close();
    assert.equal(await client.closed, 1001);
    assert.equal((client.of('error').at(-1)!.error as { code: string }).code, 'gateway_shutdown');
    await closing;
    const up = await openai.connection(0);
    await up.closed;
  });
});
