// The server events the gateway itself sends: the session's lifecycle
// (created, updated, in the GA or beta shape the client spoke) and `error`
// events, which carry the gateway's error body.
import type { GatewayError } from '../errors.js';
import { errorBody } from '../http/error-body.js';
import type { JsonObject } from '../json-payload.js';
import type { ModelRef } from '../types.js';
import type { SessionSettings } from './targets.js';
import { realtimeEventId } from './transcript-item.js';

export function sessionEvent(kind: 'created' | 'updated', variant: 'ga' | 'beta', id: string, at: { model: string | null; settings: SessionSettings }): JsonObject {
  const { settings } = at;
  const transcription = { model: at.model, language: settings.language ?? null, prompt: settings.prompt ?? '' };
  const turnDetection = settings.turnDetection === undefined ? { type: 'server_vad' } : settings.turnDetection;
  if (variant === 'beta') {
    return {
      type: `transcription_session.${kind}`,
      event_id: realtimeEventId(),
      session: { id: `sess_${id}`, object: 'realtime.transcription_session', input_audio_format: 'pcm16', input_audio_transcription: transcription, turn_detection: turnDetection, include: settings.include ?? null },
    };
  }
  return {
    type: `session.${kind}`,
    event_id: realtimeEventId(),
    session: {
      type: 'transcription',
      id: `sess_${id}`,
      object: 'realtime.transcription_session',
      audio: { input: { ...settings.audioInput, format: { type: 'audio/pcm', rate: settings.sampleRate }, transcription, turn_detection: turnDetection } },
      include: settings.include ?? null,
    },
  };
}

/** The error body as a Realtime `error` event; `error.event_id` names the client event that caused it. */
export function errorEvent(err: GatewayError, requestId: string, clientEventId: string | undefined, target: ModelRef | undefined): JsonObject {
  const body = errorBody(err, { requestId, provider: target?.provider, model: target ? `${target.provider}/${target.model}` : undefined, requestType: 'transcription' });
  return { ...body, type: 'error', event_id: realtimeEventId(), error: { ...body.error, event_id: clientEventId ?? null }, extra_fields: { ...body.extra_fields, request_id: requestId } };
}
