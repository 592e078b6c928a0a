// ElevenLabs realtime speech-to-text (Scribe realtime), translated to and
// from the OpenAI Realtime events: wss://…/v1/speech-to-text/realtime
// ?model_id=…&audio_format=pcm_<rate>&commit_strategy=vad|manual, the key in
// xi-api-key. Audio goes as input_audio_chunk (base64); a client commit is a
// chunk with commit: true. Its partial_transcript (the utterance so far) and
// committed_transcript become transcription deltas and completions.
import { GATEWAY_ERROR_FIELD, onJsonMessages, openUpstreamSocket, realtimeEventId, scrubSecrets, socketUpstream, TranscriptItems, websocketUrl, type RealtimeCapability, type RealtimeTranscriptionSession } from '../../core/kit.js';
import type { ElevenLabsSettings } from './settings.js';

export function realtimeUrl(base: string, session: RealtimeTranscriptionSession): string {
  const query = new URLSearchParams({ model_id: session.model, audio_format: `pcm_${session.sampleRate}`, commit_strategy: session.turnDetection === null ? 'manual' : 'vad' });
  if (session.language) query.set('language_code', session.language);
  return `${websocketUrl(base)}/v1/speech-to-text/realtime?${query}`;
}

/** Its error messages: error, auth_error, quota_exceeded, rate_limited, … (message_type names the kind). */
const isErrorMessage = (type: string): boolean => /error|exceeded|limited|invalid/i.test(type);

export const elevenLabsRealtime: RealtimeCapability<ElevenLabsSettings> = {
  sampleRates: [8000, 16000, 22050, 24000, 44100, 48000],
  async connect({ session, call, sink }) {
    const headers: Record<string, string> = {};
    if (call.key.value) headers['xi-api-key'] = call.key.value;
    const socket = await openUpstreamSocket(call, { url: realtimeUrl(call.provider.settings.base_url, session), headers });
    const items = new TranscriptItems((e) => sink.event(e));
    const secrets = call.provider.keys.map((k) => k.value);

    onJsonMessages(socket, (message) => {
      if (typeof message.message_type !== 'string') return;
      const type = message.message_type;
      const text = typeof message.text === 'string' ? message.text : '';
      if (type === 'partial_transcript') return items.text(text);
      if (type === 'committed_transcript') return items.complete(text);
      if (isErrorMessage(type)) {
        const said = typeof message.error === 'string' ? message.error : type;
        sink.event({ type: 'error', event_id: realtimeEventId(), error: { type: 'upstream_error', code: type.slice(0, 64), message: `Provider "${call.provider.name}": ${scrubSecrets(said, secrets)}`, param: null, event_id: null }, [GATEWAY_ERROR_FIELD]: false });
      }
      // session_started, committed_transcript_with_timestamps and newer kinds: nothing for the client.
    });

    const chunk = (audio: Buffer, commit: boolean): void => {
      if (socket.readyState !== socket.OPEN) return;
      socket.send(JSON.stringify({ message_type: 'input_audio_chunk', audio_base_64: audio.toString('base64'), commit, sample_rate: session.sampleRate }));
    };
    return socketUpstream(socket, sink, call.provider.name, (event) => {
      switch (event.type) {
        case 'input_audio_buffer.append':
          return chunk(event.audio, false);
        case 'input_audio_buffer.commit':
          items.commit();
          return chunk(Buffer.alloc(0), true);
        case 'input_audio_buffer.clear':
          return sink.event({ type: 'input_audio_buffer.cleared', event_id: realtimeEventId() });
        case 'session.update':
          return; // ElevenLabs takes its options at connect.
      }
    });
  },
};
