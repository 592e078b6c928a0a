// The shipped price table: the built-in adapters' models at their vendors'
// public pay-as-you-go list prices in US dollars (read December 2025), per
// the unit each bills by. Operators override any of them, and price models
// of their own, under providers.<name>.prices.<model> (a negotiated rate, a
// self-hosted server at 0). Prices change: check them against your invoice.
import type { ModelPrice } from '../../core/kit.js';

const perMinute = (usd: number): number => usd / 60;
const perHour = (usd: number): number => usd / 3600;
const perMillion = (usd: number): number => usd / 1_000_000;

// openai.com/api/pricing: whisper-1 $0.006/min; tts-1 $15 and tts-1-hd $30 per 1M characters;
// gpt-4o-transcribe $6 (audio in) / $10 (text out) per 1M tokens, estimated $0.006/min;
// gpt-4o-mini-transcribe $3 / $5 per 1M tokens, estimated $0.003/min;
// gpt-4o-mini-tts $0.60 (text in) / $12 (audio out) per 1M tokens, estimated $0.015/min.
// The per-minute estimates price answers that report no tokens (text, srt, vtt; audio).
const OPENAI: Record<string, ModelPrice> = {
  'whisper-1': { per_audio_second: perMinute(0.006) },
  'gpt-4o-transcribe': { per_input_token: perMillion(6), per_output_token: perMillion(10), per_audio_second: perMinute(0.006) },
  'gpt-4o-mini-transcribe': { per_input_token: perMillion(3), per_output_token: perMillion(5), per_audio_second: perMinute(0.003) },
  'tts-1': { per_character: perMillion(15) },
  'tts-1-hd': { per_character: perMillion(30) },
  // $0.015 per minute of speech at about 900 characters a minute, where the answer reports no tokens.
  'gpt-4o-mini-tts': { per_input_token: perMillion(0.6), per_output_token: perMillion(12), per_character: 0.015 / 900 },
};

// azure.microsoft.com/pricing/details/cognitive-services/openai-service: Whisper $0.36/hour,
// TTS $15 and TTS HD $30 per 1M characters, the gpt-4o models as on OpenAI (global deployments).
// Azure models are deployments: these apply where the deployments map names the model.
const AZURE: Record<string, ModelPrice> = {
  'whisper-1': { per_audio_second: perHour(0.36) },
  whisper: { per_audio_second: perHour(0.36) },
  'gpt-4o-transcribe': OPENAI['gpt-4o-transcribe']!,
  'gpt-4o-mini-transcribe': OPENAI['gpt-4o-mini-transcribe']!,
  'tts-1': OPENAI['tts-1']!,
  'tts-1-hd': OPENAI['tts-1-hd']!,
  'gpt-4o-mini-tts': OPENAI['gpt-4o-mini-tts']!,
};

// groq.com/pricing: whisper-large-v3 $0.111/hour, whisper-large-v3-turbo $0.04/hour
// (Groq bills at least 10 s a request; that minimum is not modelled here).
const GROQ: Record<string, ModelPrice> = {
  'whisper-large-v3': { per_audio_second: perHour(0.111) },
  'whisper-large-v3-turbo': { per_audio_second: perHour(0.04) },
};

// mistral.ai/pricing: Voxtral Mini Transcribe $0.002/min.
const MISTRAL: Record<string, ModelPrice> = {
  'voxtral-mini-latest': { per_audio_second: perMinute(0.002) },
  'voxtral-mini-2507': { per_audio_second: perMinute(0.002) },
};

// deepgram.com/pricing (pay as you go): Nova-3 and Nova-2 pre-recorded $0.0043/min,
// Whisper Cloud large $0.0048/min, Aura-2 $0.030 per 1k characters.
const DEEPGRAM: Record<string, ModelPrice> = {
  'nova-3': { per_audio_second: perMinute(0.0043) },
  'nova-2': { per_audio_second: perMinute(0.0043) },
  'whisper-large': { per_audio_second: perMinute(0.0048) },
  'aura-2': { per_character: 0.03 / 1000 },
};

// elevenlabs.io/pricing/api: Scribe v1 $0.40/hour; Multilingual v2 and v3 $0.10,
// Flash and Turbo v2.5 $0.05 per 1k characters.
const ELEVENLABS: Record<string, ModelPrice> = {
  scribe_v1: { per_audio_second: perHour(0.4) },
  eleven_multilingual_v2: { per_character: 0.1 / 1000 },
  eleven_v3: { per_character: 0.1 / 1000 },
  eleven_flash_v2_5: { per_character: 0.05 / 1000 },
  eleven_turbo_v2_5: { per_character: 0.05 / 1000 },
};

// ai.google.dev/gemini-api/docs/pricing: gemini-2.5-flash $1.00 per 1M audio input tokens and
// $2.50 per 1M output tokens (audio is 32 tokens a second: $0.000032/s); the TTS previews
// $0.50 / $10 (flash) and $1 / $20 (pro) per 1M tokens in / out. Answers without token
// counts are priced by the audio second (transcription) or left unpriced (speech).
const GEMINI: Record<string, ModelPrice> = {
  'gemini-2.5-flash': { per_input_token: perMillion(1), per_output_token: perMillion(2.5), per_audio_second: 32 * perMillion(1) },
  'gemini-2.5-flash-preview-tts': { per_input_token: perMillion(0.5), per_output_token: perMillion(10) },
  'gemini-2.5-pro-preview-tts': { per_input_token: perMillion(1), per_output_token: perMillion(20) },
};

/** By adapter type, then model. */
export const DEFAULT_PRICES: Readonly<Record<string, Readonly<Record<string, ModelPrice>>>> = {
  openai: OPENAI,
  azure: AZURE,
  groq: GROQ,
  mistral: MISTRAL,
  deepgram: DEEPGRAM,
  elevenlabs: ELEVENLABS,
  gemini: GEMINI,
};
