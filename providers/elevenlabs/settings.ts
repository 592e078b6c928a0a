// The provider instance's own settings: voice names mapped to ElevenLabs
// voice ids, and which ElevenLabs output_format serves each OpenAI format.
import { badRequest, type OptionsOf, type ProviderCall, type SpeechFormat } from '../../core/kit.js';

/** The OpenAI formats ElevenLabs can produce; aac and flac have no output_format there. */
export const ELEVENLABS_SPEECH_FORMATS = ['mp3', 'opus', 'wav', 'pcm'] as const;
export type ElevenLabsSpeechFormat = (typeof ELEVENLABS_SPEECH_FORMATS)[number];

/**
 * output_format is codec_samplerate[_bitrate]. pcm and wav at 24 kHz match
 * what OpenAI answers for those formats, and (unlike 44.1 kHz, which needs
 * the Pro tier) every ElevenLabs plan may request them.
 */
export const DEFAULT_OUTPUT_FORMATS: Readonly<Record<ElevenLabsSpeechFormat, string>> = {
  mp3: 'mp3_44100_128',
  opus: 'opus_48000_128',
  wav: 'wav_24000',
  pcm: 'pcm_24000',
};

const outputFormatSchema = <C extends string>(codec: C, example: string) =>
  ({
    type: 'string',
    pattern: `^${codec}_[0-9]+(_[0-9]+)?$`,
    description: `an ElevenLabs output_format for ${codec}, e.g. ${example}`,
  }) as const;

export const settingsSchema = {
  type: 'object',
  properties: {
    base_url: { type: 'string', default: 'https://api.elevenlabs.io' },
    voices: {
      type: 'object',
      description: 'voice names clients may send (e.g. OpenAI’s alloy) → ElevenLabs voice ids; other voices are sent as ids',
      additionalProperties: { type: 'string', minLength: 1 },
    },
    output_formats: {
      type: 'object',
      description: 'overrides the output_format asked for each response_format (e.g. wav: wav_44100 on the Pro tier)',
      properties: {
        mp3: outputFormatSchema('mp3', 'mp3_44100_192'),
        opus: outputFormatSchema('opus', 'opus_48000_64'),
        wav: outputFormatSchema('wav', 'wav_44100'),
        pcm: outputFormatSchema('pcm', 'pcm_16000'),
      },
      additionalProperties: false,
    },
  },
} as const;

export type ElevenLabsSettings = OptionsOf<typeof settingsSchema>;
export type ElevenLabsCall = ProviderCall<ElevenLabsSettings>;

export const baseUrl = (call: ElevenLabsCall): string => call.provider.settings.base_url.replace(/\/+$/, '');

/** A configured name's voice id, else the voice as sent (an ElevenLabs voice id). */
export const voiceId = (settings: ElevenLabsSettings, voice: string): string => settings.voices?.[voice] ?? voice;

/**
 * The output_format for a response_format: the request's own `output_format`
 * (an extra field) when it is of the same codec, else the configured one.
 */
export function outputFormatFor(format: SpeechFormat, settings: ElevenLabsSettings, requested: unknown): string {
  const codec = format as ElevenLabsSpeechFormat;
  if (requested !== undefined) {
    if (typeof requested === 'string' && requested.startsWith(`${codec}_`)) return requested;
    throw badRequest(
      'invalid_output_format',
      `output_format must be an ElevenLabs ${codec} format such as ${DEFAULT_OUTPUT_FORMATS[codec]}, to match response_format "${format}"; or leave it out.`,
      'output_format',
    );
  }
  return settings.output_formats?.[codec] ?? DEFAULT_OUTPUT_FORMATS[codec];
}
