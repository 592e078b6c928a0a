// A reusable conformance suite for provider adapters. It runs an adapter,
// through a real gateway, against a fake of its vendor, and checks the
// contract: the declared capabilities, every declared format, refusal of
// undeclared ones before any upstream call, SSE streams (relayed or built by
// the gateway), audio streamed (not buffered), vendor errors kept as the
// provider's, a broken answer, a timeout, and a client hang-up reaching the
// upstream.
//
//   adapterConformance({ name: 'my-vendor', startFake, provider, errorBody, … })
import { after, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { fakeAudio } from './audio.js';
import type { FakeServer } from './fake-server.js';
import { startGateway, type TestGateway } from './gateway.js';
import { expectError, postJson, upload } from './http.js';
import { waitFor } from './wait.js';
import { readEvents } from './sse.js';
import { SPEECH_FORMATS, TRANSCRIPTION_FORMATS, type SpeechFormat, type TranscriptionFormat } from '../core/types.js';
import { GATEWAY_ERROR_FIELD } from '../core/bifrost-names.js';

export interface ConformanceSubject {
  /** The provider instance name, also the test label. */
  name: string;
  startFake(): Promise<FakeServer>;
  /** The provider block for the config, for this fake. Keep timeout_s short: the suite tests a timeout. */
  provider(fake: FakeServer): Record<string, unknown>;
  /** Adapter modules outside providers/ (paths relative to dist/test, or absolute). */
  extensions?: string[];
  /** The key the provider block configures, which must never reach a client. */
  secret?: string;
  /** The vendor's error body for a status and message, so faults look real. */
  errorBody(status: number, message: string): unknown;
  transcription?: { model: string; audio?: { bytes: Buffer; filename: string; type: string } };
  speech?: { model: string; voice: string };
}

const JSON_FORMATS = new Set<TranscriptionFormat>(['json', 'verbose_json']);

function checkTranscript(format: TranscriptionFormat, res: Response, body: string): void {
  if (JSON_FORMATS.has(format)) {
    assert.match(res.headers.get('content-type') ?? '', /^application\/json/);
    const parsed = JSON.parse(body) as { text?: unknown; extra_fields?: { request_type?: string } };
    assert.equal(typeof parsed.text, 'string', 'a JSON transcript has text');
    assert.equal(parsed.extra_fields?.request_type, 'transcription');
    return;
  }
  assert.match(res.headers.get('content-type') ?? '', /^text\/plain/);
  if (format === 'srt') assert.match(body, /^1\r?\n\d{2,}:\d{2}:\d{2},\d{3} --> \d{2,}:\d{2}:\d{2},\d{3}\r?\n/);
  if (format === 'vtt') assert.match(body, /^WEBVTT/);
  if (format === 'text') assert.ok(body.trim().length > 0, 'text is not empty');
}

export function adapterConformance(subject: ConformanceSubject): void {
  describe(`adapter conformance: ${subject.name}`, () => {
    let fake: FakeServer;
    let gw: TestGateway;
    let capabilities: { transcription?: { formats: readonly string[] }; speech?: { formats: readonly string[] } };

    before(async () => {
      fake = await subject.startFake();
      gw = await startGateway({ providers: { [subject.name]: subject.provider(fake) }, extensions: { providers: subject.extensions ?? [] }, plugins: [] });
      const entry = gw.gateway.providers.get(subject.name);
      assert.ok(entry, `provider ${subject.name} is configured`);
      capabilities = entry.adapter.capabilities;
    });
    after(async () => {
      await gw.close();
      await fake.close();
    });
    beforeEach(() => fake.reset());

    const audio = () => subject.transcription?.audio ?? { bytes: fakeAudio('mp3', 20_000), filename: 'a.mp3', type: 'audio/mpeg' };
    const transcribe = (fields: Record<string, string>, signal?: AbortSignal) =>
      upload(`${gw.url}/v1/audio/transcriptions`, { fields: { model: `${subject.name}/${subject.transcription!.model}`, ...fields }, file: audio(), signal });
    const speak = (extra: Record<string, unknown> = {}) =>
      postJson(`${gw.url}/v1/audio/speech`, { model: `${subject.name}/${subject.speech!.model}`, input: 'Conformance check.', voice: subject.speech!.voice, ...extra });
    const call = () => (subject.transcription ? transcribe({}) : speak());

    test('declares capabilities the gateway understands, and an operation for each', () => {
      const { adapter } = gw.gateway.providers.get(subject.name)!;
      assert.ok(capabilities.transcription || capabilities.speech, 'it offers transcription or speech');
      for (const f of capabilities.transcription?.formats ?? []) assert.ok((TRANSCRIPTION_FORMATS as readonly string[]).includes(f), `unknown format ${f}`);
      for (const f of capabilities.speech?.formats ?? []) assert.ok((SPEECH_FORMATS as readonly string[]).includes(f), `unknown format ${f}`);
      assert.equal(Boolean(capabilities.transcription), typeof adapter.transcribe === 'function');
      assert.equal(Boolean(capabilities.speech), typeof adapter.speak === 'function');
      assert.equal(Boolean(subject.transcription), Boolean(capabilities.transcription), 'the subject exercises what the adapter declares');
      assert.equal(Boolean(subject.speech), Boolean(capabilities.speech), 'the subject exercises what the adapter declares');
    });

    // Only what the subject exercises is registered: a speech-only adapter has no transcription checks.
    const none = (): void => undefined;
    const ifTranscribes = subject.transcription ? test : none;
    const ifSpeaks = subject.speech ? test : none;

    ifTranscribes('every declared transcription format answers in its shape; undeclared ones are refused before any call', async () => {
      for (const format of TRANSCRIPTION_FORMATS) {
        fake.reset();
        const res = await transcribe({ response_format: format });
        if (capabilities.transcription!.formats.includes(format)) {
          const body = await res.text();
          assert.equal(res.status, 200, `${format}: ${body}`);
          checkTranscript(format, res, body);
        } else {
          assert.equal((await expectError(res, 400, 'unsupported_by_provider')).error.param, 'response_format');
          assert.equal(fake.requests.length, 0);
        }
      }
    });

    ifSpeaks('every declared speech format streams audio; undeclared ones are refused before any call', async () => {
      for (const format of SPEECH_FORMATS as readonly SpeechFormat[]) {
        fake.reset();
        const res = await speak({ response_format: format });
        if (capabilities.speech!.formats.includes(format)) {
          assert.equal(res.status, 200, `${format}: ${res.status}`);
          assert.match(res.headers.get('content-type') ?? '', /^audio\//);
          assert.ok((await res.arrayBuffer()).byteLength > 0, `${format}: audio bytes`);
        } else {
          assert.equal((await expectError(res, 400, 'unsupported_by_provider')).error.param, 'response_format');
          assert.equal(fake.requests.length, 0);
        }
      }
    });

    ifTranscribes('stream=true answers transcript events, relayed or built from the whole transcript', async () => {
      const res = await transcribe({ stream: 'true' });
      assert.equal(res.status, 200, await res.clone().text());
      assert.match(res.headers.get('content-type') ?? '', /^text\/event-stream/);
      const events = await readEvents(res);
      const deltas = events.filter((e) => e.json?.type === 'transcript.text.delta').map((e) => String(e.json!.delta)).join('');
      const done = events.find((e) => e.json?.type === 'transcript.text.done')?.json;
      assert.ok(done, 'a transcript.text.done event');
      assert.equal(deltas.trim(), String(done.text).trim(), 'the deltas add up to the text');
      assert.equal(events.at(-1)!.data, '[DONE]');
    });

    ifSpeaks('stream_format sse answers speech.audio events, relayed or built from the audio', async () => {
      const res = await speak({ stream_format: 'sse', response_format: capabilities.speech!.formats[0] });
      assert.equal(res.status, 200, await res.clone().text());
      const events = await readEvents(res);
      const bytes = events.filter((e) => e.json?.type === 'speech.audio.delta').reduce((n, e) => n + Buffer.from(String(e.json!.audio), 'base64').length, 0);
      assert.ok(bytes > 0, 'audio in the deltas');
      assert.equal(events.at(-2)?.json?.type, 'speech.audio.done');
    });

    ifSpeaks('audio reaches the client while the upstream is still sending', async () => {
      fake.chunkDelayMs = 40;
      const res = await speak({ response_format: capabilities.speech!.formats[0] });
      const reader = res.body!.getReader();
      const first = await reader.read();
      assert.ok(first.value && first.value.length > 0);
      assert.equal(fake.last.finished, false, 'the first bytes arrived before the upstream finished: streamed, not buffered');
      await reader.cancel();
    });

    test("the vendor's errors keep their status and message, marked as the provider's", async () => {
      for (const status of [400, 401, 429, 500]) {
        fake.fail({ status, body: subject.errorBody(status, `vendor says ${status} ${subject.secret ?? ''}`), headers: status === 429 ? { 'retry-after': '9' } : {} });
        const res = await call();
        if (status === 429) assert.equal(res.headers.get('retry-after'), '9');
        const text = await res.clone().text();
        const body = await expectError(res, status);
        assert.equal(body[GATEWAY_ERROR_FIELD], false);
        assert.match(body.error.message, new RegExp(`vendor says ${status}`));
        assert.equal(body.extra_fields.provider, subject.name);
        if (subject.secret) assert.ok(!text.includes(subject.secret), 'the provider key is scrubbed from vendor messages');
      }
    });

    test('an answer cut mid-body is a 502 (or, once audio flows, a cut stream), a silent upstream a 504', async () => {
      fake.fail({ resetMidBody: true });
      const cut = await call();
      if (subject.transcription || cut.status !== 200) await expectError(cut, 502);
      // Speech audio is relayed as it arrives: a cut after the first bytes must cut the client's stream too, never end it cleanly.
      else await assert.rejects(cut.arrayBuffer(), 'a cut stream, not a clean (truncated) end');
      fake.fail({ hang: true });
      await expectError(await call(), 504, 'upstream_timeout');
    });

    test('a client that hangs up aborts the upstream call', async () => {
      fake.fail({ hang: true });
      const controller = new AbortController();
      const pending = subject.transcription
        ? transcribe({}, controller.signal)
        : fetch(`${gw.url}/v1/audio/speech`, {
            method: 'POST',
            signal: controller.signal,
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ model: `${subject.name}/${subject.speech!.model}`, input: 'x', voice: subject.speech!.voice }),
          });
      await waitFor(() => fake.requests.length === 1, 'the upstream call');
      controller.abort();
      await assert.rejects(pending);
      await waitFor(() => fake.last.aborted, 'the upstream to see the abort');
    });
  });
}
