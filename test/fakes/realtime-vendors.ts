// Fake realtime upstreams, written from each vendor's protocol reference:
// - OpenAI (and Azure's preview) transcription sessions: session.update /
//   transcription_session.update, input_audio_buffer.append (base64 PCM16),
//   commit → committed, transcription deltas, completed.
// - Deepgram live (/v1/listen): binary audio; an interim Results on the
//   first audio, SpeechStarted; Finalize → a final Results (from_finalize).
// - ElevenLabs realtime STT: session_started; input_audio_chunk; a partial
//   on the first audio; commit: true → partial, then committed_transcript.
// Each answers with its own words ("hello from <vendor>") so a test sees
// which one served.
import { RealtimeFake, type RealtimeFakeOptions } from './realtime-fake.js';

export type { RealtimeFake, FakeConnection } from './realtime-fake.js';

const bearer = (value: string | string[] | undefined): string | undefined => (typeof value === 'string' ? value.replace(/^Bearer\s+/i, '') : undefined);
let ids = 0;
const id = (prefix: string): string => `${prefix}_${++ids}`;

/** OpenAI's GA shape, or Azure's beta one (transcription_session.*). */
export function fakeOpenAIRealtime(opts: RealtimeFakeOptions = {}, words = 'hello from openai'): Promise<RealtimeFake> {
  return RealtimeFake.start(
    opts,
    (h) => bearer(h.authorization) ?? (typeof h['api-key'] === 'string' ? h['api-key'] : undefined),
    (conn, send) => send({ type: conn.query.has('api-version') ? 'transcription_session.created' : 'session.created', event_id: id('event'), session: { id: id('sess'), type: 'transcription' } }),
    (conn, frame, send) => {
      if (frame.text === undefined) return send({ type: 'error', event_id: id('event'), error: { type: 'invalid_request_error', code: 'binary_not_supported', message: 'binary frames are not supported' } });
      const event = JSON.parse(frame.text) as { type: string; session?: Record<string, unknown> };
      const beta = event.type === 'transcription_session.update';
      if (event.type === 'session.update' || beta) return send({ type: beta ? 'transcription_session.updated' : 'session.updated', event_id: id('event'), session: event.session });
      if (event.type === 'input_audio_buffer.commit') {
        const item = id('item');
        const [first, ...rest] = words.split(' ');
        send({ type: 'input_audio_buffer.committed', event_id: id('event'), previous_item_id: null, item_id: item });
        send({ type: 'conversation.item.input_audio_transcription.delta', event_id: id('event'), item_id: item, content_index: 0, delta: first });
        send({ type: 'conversation.item.input_audio_transcription.delta', event_id: id('event'), item_id: item, content_index: 0, delta: ` ${rest.join(' ')}` });
        const filler = ' '.repeat(16 * 1024);
        for (let i = 0; i < (opts.floodOnCommit ?? 0); i++) send({ type: 'conversation.item.input_audio_transcription.delta', event_id: id('event'), item_id: item, content_index: 0, delta: filler });
        send({ type: 'conversation.item.input_audio_transcription.completed', event_id: id('event'), item_id: item, content_index: 0, transcript: words });
      }
      if (event.type === 'input_audio_buffer.clear') send({ type: 'input_audio_buffer.cleared', event_id: id('event') });
    },
  );
}

export function fakeDeepgramLive(opts: RealtimeFakeOptions = {}, words = 'hello from deepgram'): Promise<RealtimeFake> {
  return RealtimeFake.start(
    opts,
    (h) => (typeof h.authorization === 'string' ? h.authorization.replace(/^Token\s+/i, '') : undefined),
    () => undefined,
    (conn, frame, send) => {
      const result = (text: string, final: boolean, extra: Record<string, unknown> = {}) =>
        send({ type: 'Results', channel_index: [0, 1], duration: 1, start: 0, is_final: final, speech_final: false, channel: { alternatives: [{ transcript: text, confidence: 0.9, words: [] }] }, metadata: { request_id: 'fake' }, ...extra });
      if (frame.binary) {
        if (conn.frames.filter((f) => f.binary).length === 1) {
          send({ type: 'SpeechStarted', channel: [0, 1], timestamp: 0.25 });
          result(words.split(' ')[0]!, false);
        }
        return;
      }
      const message = JSON.parse(frame.text!) as { type: string };
      if (message.type === 'Finalize') result(words, true, { from_finalize: true });
      if (message.type === 'CloseStream') conn.socket.close(1000);
    },
  );
}

export function fakeElevenLabsRealtime(opts: RealtimeFakeOptions = {}, words = 'hello from elevenlabs'): Promise<RealtimeFake> {
  return RealtimeFake.start(
    opts,
    (h) => (typeof h['xi-api-key'] === 'string' ? h['xi-api-key'] : undefined),
    (conn, send) => send({ message_type: 'session_started', session_id: id('sess'), config: { model_id: conn.query.get('model_id'), audio_format: conn.query.get('audio_format') } }),
    (conn, frame, send) => {
      if (frame.text === undefined) return send({ message_type: 'input_error', error: 'send input_audio_chunk messages' });
      const message = JSON.parse(frame.text) as { message_type: string; audio_base_64?: string; commit?: boolean };
      if (message.message_type !== 'input_audio_chunk') return send({ message_type: 'input_error', error: `unknown message_type ${message.message_type}` });
      const chunks = conn.json().filter((m) => m.message_type === 'input_audio_chunk' && m.commit === false).length;
      if (!message.commit && chunks === 1) send({ message_type: 'partial_transcript', text: words.split(' ')[0] });
      if (message.commit) {
        send({ message_type: 'partial_transcript', text: words.split(' ').slice(0, 2).join(' ') });
        send({ message_type: 'committed_transcript', text: words });
      }
    },
  );
}
