// Streaming end to end: transcription SSE relayed as the upstream produces
// it (or built from a whole transcript), speech SSE relayed or built from
// audio chunks, fallbacks until the first byte and an error event after it,
// hang-ups reaching the upstream, and back-pressure from a slow client.
import { after, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { FakeOpenAI } from '../fakes/openai.js';
import { FakeElevenLabs } from '../fakes/elevenlabs.js';
import { fakeAudio } from '../fakes/audio.js';
import { startGateway, type TestGateway } from '../helpers/gateway.js';
import { expectError, postJson, upload } from '../helpers/http.js';
import { eventsOf, readEvents } from '../helpers/sse.js';
import { waitFor } from '../helpers/wait.js';

let openai: FakeOpenAI;
let backup: FakeOpenAI;
let eleven: FakeElevenLabs;
let gw: TestGateway;
const audio = fakeAudio('mp3', 40_000);

before(async () => {
  openai = await FakeOpenAI.start();
  backup = await FakeOpenAI.start();
  backup.transcript = 'The backup speaks.';
  eleven = await FakeElevenLabs.start();
  gw = await startGateway({
    providers: {
      openai: { base_url: openai.url },
      backup: { type: 'openai', base_url: backup.url },
      elevenlabs: { base_url: eleven.origin },
    },
    plugins: [{ name: 'cache' }, { name: 'fallback', max_retries: 0 }, { name: 'logging' }],
  });
});
after(async () => {
  await gw.close();
  await Promise.all([openai.close(), backup.close(), eleven.close()]);
});
beforeEach(() => {
  openai.reset();
  backup.reset();
  eleven.reset();
});

const transcribe = (fields: Record<string, string | string[]>, signal?: AbortSignal) =>
  upload(`${gw.url}/v1/audio/transcriptions`, { fields: { stream: 'true', ...fields }, file: { bytes: audio }, signal });
const speak = (body: Record<string, unknown>, signal?: AbortSignal) =>
  fetch(`${gw.url}/v1/audio/speech`, { method: 'POST', signal, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ input: 'Stream me', voice: 'alloy', ...body }) });
const decodeDeltas = (events: Array<{ json?: Record<string, unknown> }>) =>
  Buffer.concat(events.filter((e) => e.json?.type === 'speech.audio.delta').map((e) => Buffer.from(String(e.json!.audio), 'base64')));

describe('transcription', () => {
  test('stream=true relays the upstream’s transcript.text events as they come, then [DONE]', async () => {
    openai.chunkDelayMs = 80;
    const res = await transcribe({ model: 'openai/gpt-4o-transcribe' });
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type')!, /^text\/event-stream/);
    assert.equal(res.headers.get('x-bf-provider'), 'openai');
    const events = eventsOf(res);
    const first = (await events.next()).value!;
    assert.deepEqual(first.json, { type: 'transcript.text.delta', delta: 'Hello' });
    assert.equal(openai.last.finished, false, 'the first delta arrived while the upstream was still transcribing');
    const rest = [];
    for await (const e of events) rest.push(e);
    assert.deepEqual(rest.slice(0, -2).map((e) => e.json!.delta), [' from', ' the', ' fake', ' transcriber.']);
    const done = rest.at(-2)!.json!;
    assert.equal(done.type, 'transcript.text.done');
    assert.equal(done.text, openai.transcript);
    assert.equal((done.usage as { type: string }).type, 'tokens');
    assert.equal(rest.at(-1)!.data, '[DONE]');
    assert.deepEqual(openai.last.fields.stream, ['true']);
  });

  test('a model that does not stream (whisper-1 ignores stream) answers one delta and a done event', async () => {
    const events = await readEvents(await transcribe({ model: 'openai/whisper-1' }));
    assert.deepEqual(events.map((e) => e.json?.type ?? e.data), ['transcript.text.delta', 'transcript.text.done', '[DONE]']);
    assert.equal(events[0]!.json!.delta, openai.transcript);
    assert.deepEqual(events[1]!.json!.usage, { type: 'duration', seconds: 3 });
  });

  test('a provider that cannot stream (ElevenLabs) is asked for a whole transcript, streamed as one delta', async () => {
    const events = await readEvents(await transcribe({ model: 'elevenlabs/scribe_v1' }));
    assert.deepEqual(events.map((e) => e.json?.type ?? e.data), ['transcript.text.delta', 'transcript.text.done', '[DONE]']);
    assert.equal(events[1]!.json!.text, events[0]!.json!.delta);
    assert.equal(eleven.last.path, '/v1/speech-to-text');
  });

  test('stream=true with a subtitle format is a 400', async () => {
    const body = await expectError(await transcribe({ model: 'openai/gpt-4o-transcribe', response_format: 'srt' }), 400, 'invalid_request');
    assert.equal(body.error.param, 'response_format');
  });
});

describe('speech', () => {
  test('stream_format sse on a model that streams relays the upstream’s speech.audio events', async () => {
    const events = await readEvents(await speak({ model: 'openai/gpt-4o-mini-tts', stream_format: 'sse', response_format: 'pcm' }));
    assert.ok(decodeDeltas(events).equals(fakeAudio('pcm', openai.speechBytes)));
    const done = events.at(-2)!.json!;
    assert.equal(done.type, 'speech.audio.done');
    assert.equal((done.usage as { total_tokens: number }).total_tokens > 0, true);
    assert.equal(events.at(-1)!.data, '[DONE]');
    assert.equal((openai.last.json as { stream_format: string }).stream_format, 'sse');
  });

  test('a model the provider cannot stream as SSE (tts-1) gets the provider’s own 400', async () => {
    const res = await speak({ model: 'openai/tts-1', stream_format: 'sse' });
    const body = await expectError(res, 400, 'unsupported_value');
    assert.equal(body.is_bifrost_error, false);
  });

  test('ElevenLabs audio from its /stream endpoint becomes SSE built by the gateway', async () => {
    const res = await speak({ model: 'elevenlabs/eleven_multilingual_v2', voice: '21m00Tcm4TlvDq8ikWAM', stream_format: 'sse', response_format: 'mp3' });
    assert.equal(res.status, 200);
    const events = await readEvents(res);
    assert.equal(eleven.last.path, '/v1/text-to-speech/21m00Tcm4TlvDq8ikWAM/stream');
    const audioOut = decodeDeltas(events);
    assert.ok(audioOut.equals(fakeAudio('mp3', eleven.speechBytes)));
    const done = events.at(-2)!.json!;
    assert.deepEqual(done, { type: 'speech.audio.done', usage: { input_characters: 'Stream me'.length, output_bytes: audioOut.length } });
  });
});

describe('failures', () => {
  test('before the first byte, fallbacks still apply (SSE and raw audio)', async () => {
    openai.fail({ cutAfterBytes: 0 });
    const events = await readEvents(await transcribe({ model: 'openai/gpt-4o-transcribe', fallbacks: 'backup/gpt-4o-transcribe' }));
    assert.equal(events.find((e) => e.json?.type === 'transcript.text.done')!.json!.text, 'The backup speaks.');
    openai.fail({ cutAfterBytes: 0 });
    const res = await speak({ model: 'openai/tts-1', fallbacks: ['backup/tts-1'] });
    assert.equal(res.headers.get('x-bf-provider'), 'backup');
    assert.ok(Buffer.from(await res.arrayBuffer()).equals(fakeAudio('mp3', backup.speechBytes)));
  });

  test('after the first byte, a failure ends the SSE stream with an error event, and the log says so', async () => {
    openai.chunkDelayMs = 20;
    openai.fail({ cutAfterBytes: 120 });
    const res = await transcribe({ model: 'openai/gpt-4o-transcribe', fallbacks: 'backup/gpt-4o-transcribe' });
    const events = await readEvents(res);
    assert.equal(events[0]!.json!.type, 'transcript.text.delta');
    const last = events.at(-1)!;
    assert.equal(last.event, 'error');
    assert.equal(last.json!.type, 'error');
    const error = last.json!.error as { code: string; message: string };
    assert.equal(error.code, 'upstream_unreachable');
    assert.equal(last.json!.is_bifrost_error, true);
    assert.equal(backup.requests.length, 0, 'no fallback once the client has bytes');
    const id = res.headers.get('x-request-id');
    await waitFor(() => gw.logs.records.some((r) => r.request_id === id), 'the log line');
    const line = gw.logs.records.find((r) => r.request_id === id)!;
    assert.equal(line.interrupted, true);
    assert.equal((line.error as { code: string }).code, 'upstream_unreachable');
  });

  test('after the first byte, a raw audio stream is cut', async () => {
    openai.speechBytes = 200_000;
    openai.chunkDelayMs = 5;
    try {
      openai.fail({ cutAfterBytes: 50_000 });
      const res = await speak({ model: 'openai/tts-1', fallbacks: ['backup/tts-1'] });
      assert.equal(res.status, 200);
      await assert.rejects(res.arrayBuffer(), 'the client sees the answer break off');
      assert.equal(backup.requests.length, 0);
    } finally {
      openai.speechBytes = 48 * 1024;
    }
  });

  test('a client that hangs up mid-stream aborts the upstream at once', async () => {
    openai.chunkDelayMs = 300;
    const controller = new AbortController();
    const res = await transcribe({ model: 'openai/gpt-4o-transcribe' }, controller.signal);
    const events = eventsOf(res);
    await events.next();
    controller.abort();
    await waitFor(() => openai.last.aborted, 'the upstream to see the abort');

    openai.reset();
    openai.chunkDelayMs = 300;
    const audioController = new AbortController();
    const audioRes = await speak({ model: 'openai/tts-1' }, audioController.signal);
    await audioRes.body!.getReader().read();
    audioController.abort();
    await waitFor(() => openai.last.aborted, 'the upstream to see the abort of the audio');
  });
});

describe('back-pressure', () => {
  for (const [label, body] of [
    ['raw audio', { model: 'openai/tts-1', response_format: 'pcm' }],
    ['SSE', { model: 'openai/gpt-4o-mini-tts', response_format: 'pcm', stream_format: 'sse' }],
  ] as const) {
    test(`a slow client holds the upstream back instead of the gateway buffering the answer (${label})`, async () => {
      openai.speechBytes = 96 * 1024 * 1024;
      try {
        const res = await speak(body);
        const reader = res.body!.getReader();
        let read = 0;
        while (read < 256 * 1024) read += (await reader.read()).value!.length;
        await new Promise((r) => setTimeout(r, 800));
        assert.equal(openai.last.finished, false, 'the upstream is still waiting to send: nothing buffered the whole answer');
        await reader.cancel();
        await waitFor(() => openai.last.aborted || openai.last.finished, 'the upstream to stop');
      } finally {
        openai.speechBytes = 48 * 1024;
      }
    });
  }
});
