// The realtime pieces on their own: client frame parsing, append-only
// transcript items, the upstream URLs each adapter builds, audio metering.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FrameProblem, fallbackList, parseClientFrame } from '../../core/realtime/client-events.js';
import { TranscriptItems } from '../../core/realtime/transcript-item.js';
import { websocketUrl } from '../../core/realtime/upstream-socket.js';
import { RealtimeUsage } from '../../core/realtime/usage.js';
import { listenUrl } from '../../providers/deepgram/realtime.js';
import { realtimeUrl } from '../../providers/elevenlabs/realtime.js';
import { azureRealtimeUrl } from '../../providers/azure/realtime.js';
import { sessionUpdate } from '../../providers/openai/realtime-wire.js';
import type { RealtimeTranscriptionSession } from '../../core/realtime/contract.js';

const code = (frame: ReturnType<typeof parseClientFrame>): string => (frame instanceof FrameProblem ? frame.error.code : 'ok');

test('client frames: append decodes base64, bad input is a FrameProblem with the client event id', () => {
  const append = parseClientFrame(JSON.stringify({ type: 'input_audio_buffer.append', audio: Buffer.from([1, 2, 3, 4]).toString('base64'), event_id: 'e1' }));
  assert.ok(!(append instanceof FrameProblem) && append.type === 'input_audio_buffer.append');
  assert.deepEqual(append.audio, Buffer.from([1, 2, 3, 4]));
  assert.equal(code(parseClientFrame('{')), 'invalid_json');
  assert.equal(code(parseClientFrame('"text"')), 'invalid_event');
  assert.equal(code(parseClientFrame('{"type":"input_audio_buffer.append","audio":"abc"}')), 'invalid_audio');
  assert.equal(code(parseClientFrame('{"type":"input_audio_buffer.append"}')), 'invalid_audio');
  const unknown = parseClientFrame('{"type":"nope","event_id":"e9"}');
  assert.ok(unknown instanceof FrameProblem && unknown.eventId === 'e9' && unknown.error.code === 'unknown_event');
  assert.equal(code(parseClientFrame('{"type":"session.update","session":{"type":"realtime"}}')), 'unsupported_session');
  assert.equal(code(parseClientFrame('{"type":"session.update","session":{"type":"transcription","audio":{"input":{"format":{"type":"audio/pcmu"}}}}}')), 'unsupported_audio_format');
  assert.equal(code(parseClientFrame('{"type":"session.update","session":{"audio":{"input":{"format":{"type":"audio/pcm","rate":1000}}}}}')), 'invalid_sample_rate');
});

test('session.update, GA and beta: model, rate, language, turn detection', () => {
  const ga = parseClientFrame(JSON.stringify({ type: 'session.update', session: { type: 'transcription', audio: { input: { format: { type: 'audio/pcm', rate: 16000 }, transcription: { model: 'deepgram/nova-3', language: 'de' }, turn_detection: null } } } }));
  assert.ok(!(ga instanceof FrameProblem) && ga.type === 'session.update');
  assert.equal(ga.ask.model, 'deepgram/nova-3');
  assert.equal(ga.ask.sampleRate, 16000);
  assert.equal(ga.ask.language, 'de');
  assert.equal(ga.ask.turnDetection, null);
  const beta = parseClientFrame(JSON.stringify({ type: 'transcription_session.update', session: { input_audio_format: 'pcm16', input_audio_transcription: { model: 'openai/gpt-4o-transcribe' }, turn_detection: { type: 'server_vad' } } }));
  assert.ok(!(beta instanceof FrameProblem) && beta.type === 'session.update');
  assert.equal(beta.ask.variant, 'beta');
  assert.equal(beta.ask.sampleRate, 24000);
  assert.deepEqual(beta.ask.turnDetection, { type: 'server_vad' });
  assert.deepEqual(fallbackList('a/b, c/d'), ['a/b', 'c/d']);
  assert.ok(fallbackList([1]) instanceof FrameProblem);
});

test('transcript items: replacing partials become append-only deltas, then one completion', () => {
  const events: Array<Record<string, unknown>> = [];
  const items = new TranscriptItems((e) => events.push(e));
  items.text('hel');
  items.text('hello');
  items.text('help'); // a revision that does not extend what was sent: nothing
  items.complete('hello world');
  const deltas = events.filter((e) => e.type === 'conversation.item.input_audio_transcription.delta').map((e) => e.delta);
  assert.deepEqual(deltas, ['hel', 'lo', ' world']);
  assert.deepEqual(events.map((e) => e.type).slice(-3), ['input_audio_buffer.committed', 'conversation.item.input_audio_transcription.delta', 'conversation.item.input_audio_transcription.completed']);
  const completed = events.find((e) => e.type === 'conversation.item.input_audio_transcription.completed')!;
  assert.equal(completed.transcript, 'hello world');
  items.text('next');
  assert.notEqual(events.at(-1)!.item_id, completed.item_id, 'the next utterance is a new item');
});

const session = (over: Partial<RealtimeTranscriptionSession> = {}): RealtimeTranscriptionSession => ({ model: 'nova-3', sampleRate: 16000, audioInput: { transcription: { model: 'nova-3' } }, ...over });

test('upstream URLs: ws(s) from the base URL, the vendor parameters from the session', () => {
  assert.equal(websocketUrl('https://api.openai.com/v1/'), 'wss://api.openai.com/v1');
  assert.equal(websocketUrl('http://127.0.0.1:9/x'), 'ws://127.0.0.1:9/x');
  const dg = new URL(listenUrl('https://api.deepgram.com', session({ language: 'en' })));
  assert.equal(dg.href.split('?')[0], 'wss://api.deepgram.com/v1/listen');
  assert.equal(dg.searchParams.get('encoding'), 'linear16');
  assert.equal(dg.searchParams.get('sample_rate'), '16000');
  assert.equal(dg.searchParams.get('vad_events'), 'true');
  assert.equal(new URL(listenUrl('https://api.deepgram.com', session({ turnDetection: null }))).searchParams.get('endpointing'), 'false');
  const el = new URL(realtimeUrl('https://api.elevenlabs.io', session({ model: 'scribe_v2_realtime', language: 'fr' })));
  assert.equal(el.pathname, '/v1/speech-to-text/realtime');
  assert.equal(el.searchParams.get('audio_format'), 'pcm_16000');
  assert.equal(el.searchParams.get('commit_strategy'), 'vad');
  assert.equal(el.searchParams.get('language_code'), 'fr');
  const az = new URL(azureRealtimeUrl({ endpoint: 'https://res.openai.azure.com/', api_version: '2024-10-21', realtime_api_version: '2025-04-01-preview', deployments: {} }));
  assert.equal(az.href, 'wss://res.openai.azure.com/openai/realtime?api-version=2025-04-01-preview&intent=transcription');
  const beta = sessionUpdate(session({ model: 'dep', language: 'en', turnDetection: null }), 'beta') as { type: string; session: Record<string, unknown> };
  assert.equal(beta.type, 'transcription_session.update');
  assert.deepEqual(beta.session.input_audio_transcription, { model: 'dep', language: 'en' });
  assert.equal(beta.session.turn_detection, null);
});

test('metering: PCM16 seconds at the rate in force when each chunk arrived', () => {
  const usage = new RealtimeUsage('deepgram/nova-3', 24000);
  usage.appended(Buffer.alloc(48000)); // 1 s at 24 kHz
  usage.sampleRate = 16000;
  usage.appended(Buffer.alloc(16000)); // 0.5 s at 16 kHz
  const record = usage.finish({ closeCode: 1000, closeReason: '', durationMs: 1234 });
  assert.equal(record.audio_seconds, 1.5);
  assert.equal(record.audio_bytes, 64000);
  assert.equal(record.duration_s, 1.234);
});
