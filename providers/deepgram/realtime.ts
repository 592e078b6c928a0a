// Deepgram live transcription, translated to and from the OpenAI Realtime
// events: wss://…/v1/listen?encoding=linear16&sample_rate=…, the audio as
// binary frames, `Authorization: Token <key>`. Its Results (interim, is_final
// segments, speech_final at the end of an utterance), SpeechStarted and
// UtteranceEnd become transcription deltas, completions and speech events; a
// client commit is Deepgram's Finalize.
import { GATEWAY_ERROR_FIELD, onJsonMessages, openUpstreamSocket, scrubSecrets, socketUpstream, TranscriptItems, realtimeEventId, websocketUrl, type JsonObject, type RealtimeCapability, type RealtimeTranscriptionSession } from '../../core/kit.js';

type Settings = { readonly base_url: string };

/** Deepgram closes a socket that gets no audio for ~10 s: a KeepAlive is sent after this long without any. */
const KEEPALIVE_MS = 5000;

export function listenUrl(base: string, session: RealtimeTranscriptionSession): string {
  const query = new URLSearchParams({ model: session.model, encoding: 'linear16', sample_rate: String(session.sampleRate), channels: '1', interim_results: 'true', punctuate: 'true' });
  if (session.language) query.set('language', session.language);
  // Server VAD unless the client turned it off (turn_detection: null): then only its commits end utterances.
  if (session.turnDetection !== null) {
    query.set('vad_events', 'true');
    query.set('utterance_end_ms', '1000');
  } else query.set('endpointing', 'false');
  return `${websocketUrl(base)}/v1/listen?${query}`;
}

const isObject = (value: unknown): value is JsonObject => typeof value === 'object' && value !== null && !Array.isArray(value);
const num = (value: unknown): number => (typeof value === 'number' && Number.isFinite(value) ? value : 0);

function transcriptOf(message: JsonObject): string {
  const channel = isObject(message.channel) ? message.channel : {};
  const first = Array.isArray(channel.alternatives) ? channel.alternatives[0] : undefined;
  return isObject(first) && typeof first.transcript === 'string' ? first.transcript : '';
}

const joined = (head: string, tail: string): string => (head && tail ? `${head} ${tail}` : head || tail);

export const deepgramRealtime: RealtimeCapability<Settings> = {
  async connect({ session, call, sink }) {
    const headers: Record<string, string> = {};
    if (call.key.value) headers.authorization = `Token ${call.key.value}`;
    const socket = await openUpstreamSocket(call, { url: listenUrl(call.provider.settings.base_url, session), headers });
    const items = new TranscriptItems((e) => sink.event(e));
    const vad = session.turnDetection !== null;
    /** is_final text of the current utterance. */
    let finalized = '';
    let lastAudio = Date.now();
    const keepAlive = setInterval(() => {
      if (Date.now() - lastAudio >= KEEPALIVE_MS && socket.readyState === socket.OPEN) socket.send(JSON.stringify({ type: 'KeepAlive' }));
    }, KEEPALIVE_MS).unref();
    socket.on('close', () => clearInterval(keepAlive));

    const complete = (endMs: number | undefined): void => {
      if (!items.open && finalized === '') return;
      if (vad && endMs !== undefined) items.speechStopped(endMs);
      items.complete(finalized);
      finalized = '';
    };

    onJsonMessages(socket, (message) => {
      switch (message.type) {
        case 'Results': {
          const text = transcriptOf(message);
          const end = (num(message.start) + num(message.duration)) * 1000;
          if (message.is_final === true) {
            finalized = joined(finalized, text);
            items.text(finalized);
            if (message.speech_final === true || message.from_finalize === true) complete(end);
          } else if (text) items.text(joined(finalized, text));
          return;
        }
        case 'SpeechStarted':
          items.speechStarted(num(message.timestamp) * 1000);
          return;
        case 'UtteranceEnd':
          complete(num(message.last_word_end) * 1000);
          return;
        case 'Error': {
          const said = typeof message.description === 'string' ? message.description : typeof message.message === 'string' ? message.message : 'Deepgram reported an error';
          const secrets = call.provider.keys.map((k) => k.value);
          sink.event({ type: 'error', event_id: realtimeEventId(), error: { type: 'upstream_error', code: 'provider_error', message: `Provider "${call.provider.name}": ${scrubSecrets(said, secrets)}`, param: null, event_id: null }, [GATEWAY_ERROR_FIELD]: false });
          return;
        }
        default:
          return; // Metadata and anything newer
      }
    });

    const send = (payload: Buffer | string): void => {
      if (socket.readyState === socket.OPEN) socket.send(payload);
    };
    return socketUpstream(
      socket,
      sink,
      call.provider.name,
      (event) => {
        switch (event.type) {
          case 'input_audio_buffer.append':
            lastAudio = Date.now();
            return send(event.audio);
          case 'input_audio_buffer.commit':
            items.commit();
            return send(JSON.stringify({ type: 'Finalize' }));
          case 'input_audio_buffer.clear':
            // Audio already sent cannot be taken back; what is not yet transcribed is dropped from the item.
            finalized = '';
            return sink.event({ type: 'input_audio_buffer.cleared', event_id: realtimeEventId() });
          case 'session.update':
            return; // Deepgram takes its options at connect: a change of language or VAD needs a new session.
        }
      },
      () => {
        clearInterval(keepAlive);
        socket.send(JSON.stringify({ type: 'CloseStream' }));
      },
    );
  },
};
