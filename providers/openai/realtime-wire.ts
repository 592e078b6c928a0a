// The OpenAI Realtime protocol upstream, for transcription sessions: the
// gateway's own protocol, so events are relayed frame for frame (the
// provider/model name rewritten to the vendor's). OpenAI speaks the GA shape
// (session.update with session.type "transcription"); Azure's preview
// api-version the beta one (transcription_session.update). Shared by the
// adapters whose vendors speak it.
import { onJsonMessages, openUpstreamSocket, socketUpstream, type JsonObject, type RealtimeClientEvent, type RealtimeOpen, type RealtimeTranscriptionSession, type RealtimeUpstream } from '../../core/kit.js';

export type RealtimeDialect = 'ga' | 'beta';

const withEventId = (frame: JsonObject, eventId: string | undefined): JsonObject => (eventId === undefined ? frame : { event_id: eventId, ...frame });

/** The session as the vendor is told it. */
export function sessionUpdate(session: RealtimeTranscriptionSession, dialect: RealtimeDialect, eventId?: string): JsonObject {
  const include = session.include === undefined ? {} : { include: session.include };
  if (dialect === 'ga') return withEventId({ type: 'session.update', session: { type: 'transcription', audio: { input: session.audioInput }, ...include } }, eventId);
  const transcription: JsonObject = { model: session.model };
  if (session.language !== undefined) transcription.language = session.language;
  if (session.prompt !== undefined) transcription.prompt = session.prompt;
  const beta: JsonObject = { input_audio_format: 'pcm16', input_audio_transcription: transcription, ...include };
  if (session.turnDetection !== undefined) beta.turn_detection = session.turnDetection;
  if (session.audioInput.noise_reduction !== undefined) beta.input_audio_noise_reduction = session.audioInput.noise_reduction;
  return withEventId({ type: 'transcription_session.update', session: beta }, eventId);
}

function clientFrame(event: RealtimeClientEvent, dialect: RealtimeDialect): JsonObject {
  switch (event.type) {
    case 'input_audio_buffer.append':
      return withEventId({ type: event.type, audio: event.audio.toString('base64') }, event.eventId);
    case 'session.update':
      return sessionUpdate(event.session, dialect, event.eventId);
    default:
      return withEventId({ type: event.type }, event.eventId);
  }
}

/** The session with another model name (Azure's deployment). */
export function sessionWithModel(session: RealtimeTranscriptionSession, model: string): RealtimeTranscriptionSession {
  const transcription = session.audioInput.transcription;
  const named = typeof transcription === 'object' && transcription !== null ? { ...transcription, model } : { model };
  return { ...session, model, audioInput: { ...session.audioInput, transcription: named } };
}

/** Opens the vendor's socket, sends the session, and relays events both ways. */
export async function relayRealtime<S>(open: RealtimeOpen<S>, init: { url: string; headers: Record<string, string> }, dialect: RealtimeDialect): Promise<RealtimeUpstream> {
  const { call, sink } = open;
  const socket = await openUpstreamSocket(call, init);
  onJsonMessages(socket, (event) => sink.event(event));
  const send = (frame: JsonObject): void => {
    if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(frame));
  };
  send(sessionUpdate(open.session, dialect));
  return socketUpstream(socket, sink, call.provider.name, (event) => send(clientFrame(event, dialect)));
}
