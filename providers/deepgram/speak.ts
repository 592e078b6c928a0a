// A gateway speech request as Deepgram's POST /v1/speak: the voice is the
// Aura model, the response format becomes encoding, container and sample
// rate, and the text travels as {"text": …} (at most 2,000 characters).
import { unsupportedByTarget, type SpeechFormat, type SpeechRequest } from '../../core/kit.js';
import { deepgramVoiceModel } from './voices.js';

/**
 * Deepgram's per-request limit on text, declared in the adapter's capabilities so the gateway
 * splits longer input; the check in speakCall only refuses what reaches it unsplit (several voices).
 */
export const SPEAK_MAX_CHARS = 2000;

/** Every OpenAI format has a Deepgram encoding: wav and pcm are 24 kHz linear16, as OpenAI's are. */
const ENCODINGS: Readonly<Record<SpeechFormat, Readonly<Record<string, string>>>> = {
  mp3: { encoding: 'mp3' },
  opus: { encoding: 'opus', container: 'ogg' },
  aac: { encoding: 'aac' },
  flac: { encoding: 'flac', sample_rate: '48000' },
  wav: { encoding: 'linear16', container: 'wav', sample_rate: '24000' },
  pcm: { encoding: 'linear16', container: 'none', sample_rate: '24000' },
};

/** Deepgram's own encodings, for the message when a client asks for one directly. */
export const DEEPGRAM_ENCODINGS = ['linear16', 'mulaw', 'alaw', 'mp3', 'opus', 'flac', 'aac'] as const;

export interface SpeakCall {
  query: URLSearchParams;
  body: { text: string };
}

export function speakCall(req: SpeechRequest): SpeakCall {
  if (req.input.length > SPEAK_MAX_CHARS) {
    throw unsupportedByTarget('input_too_long', `Deepgram speaks at most ${SPEAK_MAX_CHARS} characters per request; this input has ${req.input.length}. Split it, or use another provider.`, 'input');
  }
  const { encoding, sample_rate: sampleRate, bit_rate: bitRate, ...rest } = req.extra;
  if (encoding !== undefined) {
    throw unsupportedByTarget('unsupported_by_provider', `Choose the audio with response_format (mp3, opus, aac, flac, wav, pcm), not encoding; Deepgram's encodings are ${DEEPGRAM_ENCODINGS.join(', ')}.`, 'encoding');
  }
  const query = new URLSearchParams({ model: deepgramVoiceModel(req.voice as string), ...ENCODINGS[req.response_format] });
  // A sample rate only where Deepgram lets one be chosen (linear16, flac); a bit rate only for the compressed ones.
  if (sampleRate !== undefined && query.has('sample_rate')) query.set('sample_rate', String(sampleRate));
  if (bitRate !== undefined && !query.has('sample_rate')) query.set('bit_rate', String(bitRate));
  if (req.speed !== undefined) query.set('speed', String(req.speed));
  for (const [name, value] of Object.entries(rest)) if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') query.set(name, String(value));
  // instructions is not in capabilities.speech.accepts.shared: the gateway reports it and never passes it here.
  return { query, body: { text: req.input } };
}
