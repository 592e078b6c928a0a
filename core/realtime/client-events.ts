// The client's side of the OpenAI Realtime protocol, transcription sessions
// only: each text frame parsed and checked into an event the session acts on,
// or a GatewayError the client gets back as an `error` event (the socket
// stays open). Both the GA `session.update` (session.type "transcription")
// and the beta `transcription_session.update` are read.
import { badRequest, type GatewayError } from '../errors.js';
import type { JsonObject } from '../json-payload.js';

/** What a session.update asks for, before the model is resolved against the configured providers. */
export interface SessionAsk {
  /** provider/model as the client wrote it (session.audio.input.transcription.model). */
  model?: string;
  fallbacks?: string[];
  sampleRate?: number;
  language?: string;
  prompt?: string;
  turnDetection?: JsonObject | null;
  audioInput: JsonObject;
  include?: string[];
  /** Which shape the client spoke, so the answer uses the same. */
  variant: 'ga' | 'beta';
}

export type ClientFrame =
  | { type: 'input_audio_buffer.append'; audio: Buffer; eventId?: string }
  | { type: 'input_audio_buffer.commit'; eventId?: string }
  | { type: 'input_audio_buffer.clear'; eventId?: string }
  | { type: 'session.update'; ask: SessionAsk; eventId?: string };

/** Conversation events a transcription session has no use for. */
const CONVERSATION_EVENTS = new Set(['response.create', 'response.cancel', 'conversation.item.create', 'conversation.item.delete', 'conversation.item.truncate', 'conversation.item.retrieve', 'output_audio_buffer.clear']);

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

const isObject = (value: unknown): value is JsonObject => typeof value === 'object' && value !== null && !Array.isArray(value);
const text = (value: unknown): string | undefined => (typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined);

/** A frame's failure, with the client's event id when it gave one. */
export class FrameProblem {
  constructor(readonly error: GatewayError, readonly eventId?: string) {}
}

/** Parses one text frame; a FrameProblem for what the client must fix. */
export function parseClientFrame(raw: string): ClientFrame | FrameProblem {
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    return new FrameProblem(badRequest('invalid_json', 'The frame is not JSON: send each client event as one JSON object, e.g. {"type":"input_audio_buffer.append","audio":"<base64 PCM16>"}.'));
  }
  if (!isObject(value)) return new FrameProblem(badRequest('invalid_event', 'The frame is not a JSON object with a "type".'));
  const eventId = typeof value.event_id === 'string' ? value.event_id.slice(0, 128) : undefined;
  const type = value.type;
  if (typeof type !== 'string') return new FrameProblem(badRequest('invalid_event', 'The event has no "type".', 'type'), eventId);
  switch (type) {
    case 'input_audio_buffer.append':
      return appendFrame(value, eventId);
    case 'input_audio_buffer.commit':
    case 'input_audio_buffer.clear':
      return { type, eventId };
    case 'session.update':
    case 'transcription_session.update':
      return sessionFrame(value, type === 'session.update' ? 'ga' : 'beta', eventId);
    default: {
      const why = CONVERSATION_EVENTS.has(type) ? 'is for conversation sessions; this is a transcription session (intent=transcription)' : 'is not a client event of a transcription session';
      return new FrameProblem(badRequest('unknown_event', `Event type "${type.slice(0, 64)}" ${why}; send input_audio_buffer.append, input_audio_buffer.commit, input_audio_buffer.clear or session.update.`, 'type'), eventId);
    }
  }
}

function appendFrame(value: JsonObject, eventId: string | undefined): ClientFrame | FrameProblem {
  const audio = value.audio;
  if (typeof audio !== 'string' || audio === '') return new FrameProblem(badRequest('invalid_audio', 'input_audio_buffer.append needs "audio": base64-encoded PCM16 mono audio.', 'audio'), eventId);
  if (audio.length % 4 !== 0 || !BASE64.test(audio)) return new FrameProblem(badRequest('invalid_audio', '"audio" is not valid base64: encode the PCM16 bytes with standard base64 (A-Z, a-z, 0-9, +, /, = padding).', 'audio'), eventId);
  return { type: 'input_audio_buffer.append', audio: Buffer.from(audio, 'base64'), eventId };
}

function sessionFrame(value: JsonObject, variant: 'ga' | 'beta', eventId: string | undefined): ClientFrame | FrameProblem {
  const session = value.session;
  if (!isObject(session)) return new FrameProblem(badRequest('invalid_session', `${variant === 'ga' ? 'session.update' : 'transcription_session.update'} needs a "session" object.`, 'session'), eventId);
  const asked = variant === 'ga' ? gaSession(session) : betaSession(session);
  if (asked instanceof FrameProblem) return new FrameProblem(asked.error, eventId);
  const fallbacks = fallbackList(session.fallbacks);
  if (fallbacks instanceof FrameProblem) return new FrameProblem(fallbacks.error, eventId);
  return { type: 'session.update', ask: { ...asked, fallbacks }, eventId };
}

function gaSession(session: JsonObject): Omit<SessionAsk, 'fallbacks'> | FrameProblem {
  if (session.type !== undefined && session.type !== 'transcription') {
    return new FrameProblem(badRequest('unsupported_session', `session.type "${String(session.type).slice(0, 32)}" is not served: the gateway's realtime route serves transcription sessions (session.type "transcription").`, 'session.type'));
  }
  const audio = isObject(session.audio) ? session.audio : {};
  const input = isObject(audio.input) ? audio.input : {};
  const transcription = isObject(input.transcription) ? input.transcription : {};
  const format = isObject(input.format) ? input.format : undefined;
  if (format && format.type !== undefined && format.type !== 'audio/pcm') {
    return new FrameProblem(badRequest('unsupported_audio_format', `Audio format "${String(format.type).slice(0, 32)}" is not served: send audio/pcm (PCM16 mono) with its rate.`, 'session.audio.input.format.type'));
  }
  const rate = format?.rate;
  if (rate !== undefined && (typeof rate !== 'number' || !Number.isInteger(rate) || rate < 8000 || rate > 48000)) {
    return new FrameProblem(badRequest('invalid_sample_rate', 'session.audio.input.format.rate must be a whole number of Hz from 8000 to 48000 (24000 for OpenAI).', 'session.audio.input.format.rate'));
  }
  return {
    model: text(transcription.model),
    sampleRate: typeof rate === 'number' ? rate : undefined,
    language: text(transcription.language),
    prompt: text(transcription.prompt),
    turnDetection: 'turn_detection' in input ? (isObject(input.turn_detection) ? input.turn_detection : null) : undefined,
    audioInput: input,
    include: stringList(session.include),
    variant: 'ga',
  };
}

function betaSession(session: JsonObject): Omit<SessionAsk, 'fallbacks'> | FrameProblem {
  const format = session.input_audio_format;
  if (format !== undefined && format !== 'pcm16') {
    return new FrameProblem(badRequest('unsupported_audio_format', `input_audio_format "${String(format).slice(0, 32)}" is not served: send pcm16 (24 kHz PCM16 mono).`, 'session.input_audio_format'));
  }
  const transcription = isObject(session.input_audio_transcription) ? session.input_audio_transcription : {};
  const turnDetection = 'turn_detection' in session ? (isObject(session.turn_detection) ? session.turn_detection : null) : undefined;
  const audioInput: JsonObject = { transcription };
  if (turnDetection !== undefined) audioInput.turn_detection = turnDetection;
  if (isObject(session.input_audio_noise_reduction)) audioInput.noise_reduction = session.input_audio_noise_reduction;
  return { model: text(transcription.model), sampleRate: 24000, language: text(transcription.language), prompt: text(transcription.prompt), turnDetection, audioInput, include: stringList(session.include), variant: 'beta' };
}

const stringList = (value: unknown): string[] | undefined => (Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : undefined);

/** `fallbacks`: "a/b,c/d" or ["a/b", "c/d"]. */
export function fallbackList(value: unknown): string[] | undefined | FrameProblem {
  if (value === undefined || value === null) return undefined;
  const items = typeof value === 'string' ? value.split(',') : Array.isArray(value) ? value : undefined;
  if (!items || !items.every((v) => typeof v === 'string')) return new FrameProblem(badRequest('invalid_fallbacks', 'fallbacks must be provider/model names, as a list or comma-separated.', 'fallbacks'));
  const names = items.map((v) => String(v).trim()).filter((v) => v !== '');
  if (names.length > 5) return new FrameProblem(badRequest('invalid_fallbacks', `fallbacks names ${names.length} models; at most 5 are tried.`, 'fallbacks'));
  return names;
}
