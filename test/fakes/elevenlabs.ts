// A fake ElevenLabs API that answers like the real one (per ElevenLabs' API
// reference and its SDKs' types): text-to-speech and text-to-dialogue as
// chunked audio per output_format or as JSON with character timings,
// speech-to-text with words, spacing and speaker ids, the xi-api-key check,
// {"detail": {"status", "message"}} refusals and FastAPI 422 validation errors.
import type { ServerResponse } from 'node:http';
import { fakeAudio } from './audio.js';
import { FakeServer, sendChunked, sendJson, type Recorded } from './fake-server.js';

export const OUTPUT_FORMATS = [
  'alaw_8000', 'mp3_22050_32', 'mp3_24000_48', 'mp3_44100_128', 'mp3_44100_192', 'mp3_44100_32', 'mp3_44100_64', 'mp3_44100_96',
  'opus_48000_128', 'opus_48000_192', 'opus_48000_32', 'opus_48000_64', 'opus_48000_96',
  'pcm_16000', 'pcm_22050', 'pcm_24000', 'pcm_32000', 'pcm_44100', 'pcm_48000', 'pcm_8000', 'ulaw_8000',
  'wav_16000', 'wav_22050', 'wav_24000', 'wav_32000', 'wav_44100', 'wav_48000', 'wav_8000',
];
const CONTENT_TYPES: Record<string, string> = { mp3: 'audio/mpeg', opus: 'audio/ogg', pcm: 'audio/pcm', wav: 'audio/wav', ulaw: 'audio/basic', alaw: 'audio/alaw' };
const GRANULARITIES = ['none', 'word', 'character'];
/** Seconds per character of fake speech, and per word of fake transcript. */
const CHAR_SECONDS = 0.05;
const WORD_SECONDS = 0.5;

export const elevenLabsError = (status: string, message: string) => ({ detail: { status, message } });

export const validationError = (loc: Array<string | number>, msg: string, type: string, input?: unknown) => ({ detail: [{ type, loc, msg, input }] });

export interface FakeElevenLabsOptions {
  /** When set, requests must carry `xi-api-key: <apiKey>`. */
  apiKey?: string;
}

type Json = Record<string, unknown>;

const alignment = (text: string, offset = 0) => {
  const characters = [...text];
  return {
    characters,
    character_start_times_seconds: characters.map((_, i) => +(offset + i * CHAR_SECONDS).toFixed(3)),
    character_end_times_seconds: characters.map((_, i) => +(offset + (i + 1) * CHAR_SECONDS).toFixed(3)),
  };
};

export class FakeElevenLabs extends FakeServer {
  /** What the fake "hears" in any audio; sentences change speaker when diarizing. */
  transcript = 'Hello there. How are you today?';
  /** Bytes of audio each speech answer carries. */
  speechBytes = 32 * 1024;
  /** Voice ids the fake knows; any other gets 404 voice_not_found. */
  readonly voices = new Set(['21m00Tcm4TlvDq8ikWAM', 'AZnzlk1XvdvUeBnXmlld', 'EXAVITQu4vr4xnSDxMaL', 'JBFqnCBsd6RMkjVDRZzb']);
  readonly apiKey?: string;

  constructor(options: FakeElevenLabsOptions = {}) {
    super();
    this.apiKey = options.apiKey;
  }

  static async start(options: FakeElevenLabsOptions = {}): Promise<FakeElevenLabs> {
    return new FakeElevenLabs(options).listen();
  }

  /** The base_url to configure (ElevenLabs' paths all start with /v1). */
  get url(): string {
    return this.origin;
  }

  protected async route(rec: Recorded, res: ServerResponse): Promise<void> {
    if (!this.checkAuth(rec, res)) return;
    // Each speech endpoint also exists as …/stream (the same audio, sent as it is made).
    const tts = /^\/v1\/text-to-speech\/([^/]+)(\/with-timestamps)?(?:\/stream)?$/.exec(rec.path);
    const dialogue = /^\/v1\/text-to-dialogue(\/with-timestamps)?(?:\/stream)?$/.exec(rec.path);
    if (rec.method === 'POST' && tts) return this.speak(rec, res, decodeURIComponent(tts[1]!), tts[2] !== undefined);
    if (rec.method === 'POST' && dialogue) return this.dialogue(rec, res, dialogue[1] !== undefined);
    if (rec.method === 'POST' && rec.path === '/v1/speech-to-text') return this.transcribe(rec, res);
    if (rec.method === 'GET' && rec.path === '/v1/voices') return this.listVoices(res);
    sendJson(res, 404, { detail: 'Not Found' });
  }

  /** GET /v1/voices as the reference shows it: {voices: [{voice_id, name, category, labels, preview_url, verified_languages, …}]}. */
  private listVoices(res: ServerResponse): void {
    const names: Record<string, [string, string]> = {
      '21m00Tcm4TlvDq8ikWAM': ['Rachel', 'female'],
      AZnzlk1XvdvUeBnXmlld: ['Domi', 'female'],
      EXAVITQu4vr4xnSDxMaL: ['Sarah', 'female'],
      JBFqnCBsd6RMkjVDRZzb: ['George', 'male'],
    };
    const voices = [...this.voices].map((id) => ({
      voice_id: id,
      name: names[id]?.[0] ?? id,
      category: 'premade',
      labels: { accent: 'american', gender: names[id]?.[1] ?? 'neutral', age: 'young', use_case: 'narration' },
      description: null,
      preview_url: `https://storage.googleapis.com/eleven-public-prod/premade/voices/${id}/preview.mp3`,
      available_for_tiers: [],
      settings: null,
      verified_languages: [{ language: 'en', model_id: 'eleven_multilingual_v2', accent: 'american', locale: 'en-US', preview_url: null }],
    }));
    sendJson(res, 200, { voices, has_more: false, total_count: voices.length, next_page_token: null });
  }

  private checkAuth(rec: Recorded, res: ServerResponse): boolean {
    const key = rec.headers['xi-api-key'];
    if (this.apiKey === undefined || key === this.apiKey) return true;
    if (key === undefined) sendJson(res, 401, elevenLabsError('needs_authorization', 'Neither authorization header nor xi-api-key received, please provide one.'));
    else sendJson(res, 401, elevenLabsError('invalid_api_key', 'Invalid API key'));
    return false;
  }

  /** The query every speech endpoint validates; answers 422 and returns undefined when it is wrong. */
  private speechQuery(rec: Recorded, res: ServerResponse): string | undefined {
    const format = rec.query.output_format ?? 'mp3_44100_128';
    const latency = rec.query.optimize_streaming_latency;
    const logging = rec.query.enable_logging;
    if (!OUTPUT_FORMATS.includes(format)) {
      sendJson(res, 422, validationError(['query', 'output_format'], `Input should be ${OUTPUT_FORMATS.map((f) => `'${f}'`).join(', ')}`, 'enum', format));
    } else if (latency !== undefined && !/^[0-4]$/.test(latency)) {
      sendJson(res, 422, validationError(['query', 'optimize_streaming_latency'], 'Input should be a valid integer, unable to parse string as an integer', 'int_parsing', latency));
    } else if (logging !== undefined && !['true', 'false'].includes(logging)) {
      sendJson(res, 422, validationError(['query', 'enable_logging'], 'Input should be a valid boolean, unable to interpret input', 'bool_parsing', logging));
    } else {
      return format;
    }
    return undefined;
  }

  private unknownVoice(res: ServerResponse, voiceId: string): void {
    sendJson(res, 404, elevenLabsError('voice_not_found', `A voice with the voice_id ${voiceId} was not found.`));
  }

  private async audio(res: ServerResponse, format: string): Promise<void> {
    const codec = format.split('_')[0]!;
    await sendChunked(res, 200, CONTENT_TYPES[codec]!, fakeAudio(codec, this.speechBytes), this.chunkDelayMs);
  }

  private timed(format: string, text: string, extra: Json = {}): Json {
    const codec = format.split('_')[0]!;
    return { audio_base64: fakeAudio(codec, this.speechBytes).toString('base64'), alignment: alignment(text), normalized_alignment: alignment(text), ...extra };
  }

  protected async speak(rec: Recorded, res: ServerResponse, voiceId: string, withTimestamps: boolean): Promise<void> {
    const format = this.speechQuery(rec, res);
    if (format === undefined) return;
    const body = rec.json as Json | undefined;
    if (typeof body?.text !== 'string') return sendJson(res, 422, validationError(['body', 'text'], 'Field required', 'missing'));
    if (!this.voices.has(voiceId)) return this.unknownVoice(res, voiceId);
    if (withTimestamps) return sendJson(res, 200, this.timed(format, body.text));
    await this.audio(res, format);
  }

  protected async dialogue(rec: Recorded, res: ServerResponse, withTimestamps: boolean): Promise<void> {
    const format = this.speechQuery(rec, res);
    if (format === undefined) return;
    const inputs = (rec.json as Json | undefined)?.inputs as Array<{ text?: unknown; voice_id?: unknown }> | undefined;
    if (!Array.isArray(inputs) || inputs.length === 0) return sendJson(res, 422, validationError(['body', 'inputs'], 'Field required', 'missing'));
    for (const [i, input] of inputs.entries()) {
      if (typeof input.text !== 'string') return sendJson(res, 422, validationError(['body', 'inputs', i, 'text'], 'Field required', 'missing'));
      if (typeof input.voice_id !== 'string' || !this.voices.has(input.voice_id)) return this.unknownVoice(res, String(input.voice_id));
    }
    if (!withTimestamps) return this.audio(res, format);
    let at = 0;
    const voice_segments = inputs.map((input, i) => {
      const length = [...(input.text as string)].length;
      const segment = { voice_id: input.voice_id, start_time_seconds: at * CHAR_SECONDS, end_time_seconds: (at + length) * CHAR_SECONDS, character_start_index: at, character_end_index: at + length, dialogue_input_index: i };
      at += length;
      return segment;
    });
    sendJson(res, 200, this.timed(format, inputs.map((i) => i.text).join(''), { voice_segments }));
  }

  protected async transcribe(rec: Recorded, res: ServerResponse): Promise<void> {
    const field = (name: string) => rec.fields[name]?.[0];
    const model = field('model_id');
    if (!model) return sendJson(res, 422, validationError(['body', 'model_id'], 'Field required', 'missing'));
    if (!/^scribe_v[12](_experimental)?$/.test(model)) return sendJson(res, 400, elevenLabsError('invalid_model_id', `Model '${model}' is not a speech-to-text model.`));
    if (!rec.files.some((f) => f.field === 'file')) return sendJson(res, 400, elevenLabsError('invalid_parameters', 'Exactly one of the file or cloud_storage_url parameters must be provided.'));
    const granularity = field('timestamps_granularity') ?? 'word';
    if (!GRANULARITIES.includes(granularity)) return sendJson(res, 422, validationError(['body', 'timestamps_granularity'], "Input should be 'none', 'word' or 'character'", 'enum', granularity));
    const diarize = field('diarize') === 'true';
    const tokens = this.transcript.split(/\s+/).filter(Boolean);
    const words: Json[] = [];
    let speaker = 0;
    tokens.forEach((text, i) => {
      const start = i * WORD_SECONDS;
      const timing = (s: number, e: number) => (granularity === 'none' ? {} : { start: s, end: e });
      if (i > 0) words.push({ text: ' ', ...timing(start - 0.1, start), type: 'spacing', ...(diarize ? { speaker_id: `speaker_${speaker}` } : {}) });
      words.push({ text, ...timing(start, start + WORD_SECONDS - 0.1), type: 'word', ...(diarize ? { speaker_id: `speaker_${speaker}` } : {}) });
      if (/[.!?]$/.test(text)) speaker = (speaker + 1) % 2;
    });
    sendJson(res, 200, { language_code: field('language_code') ?? 'eng', language_probability: 0.98, text: this.transcript, words, transcription_id: 'fake-transcription' });
  }
}
