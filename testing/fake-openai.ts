// A fake OpenAI audio API that answers like the real one (per OpenAI's API
// reference): transcriptions in all five formats, translations (whisper-1
// only, English text, task "translate"), speech as chunked audio,
// OpenAI's error shape and status codes, and the key check.
import type { ServerResponse } from 'node:http';
import { fakeAudio, sha256 } from './audio.js';
import { FakeServer, sendChunked, sendEvents, sendJson, type Recorded } from './fake-server.js';

const SPEECH_TYPES: Record<string, string> = {
  mp3: 'audio/mpeg',
  opus: 'audio/opus',
  aac: 'audio/aac',
  flac: 'audio/flac',
  wav: 'audio/wav',
  pcm: 'audio/pcm',
};
const TRANSCRIPT_FORMATS = ['json', 'text', 'srt', 'verbose_json', 'vtt'];
const WORD_SECONDS = 0.5;

export const openAIError = (message: string, code: string | null = null, param: string | null = null, type = 'invalid_request_error') => ({
  error: { message, type, param, code },
});

const clock = (seconds: number, sep: string): string => {
  const ms = Math.round(seconds * 1000);
  const pad = (n: number, w = 2) => String(n).padStart(w, '0');
  return `${pad(Math.floor(ms / 3_600_000))}:${pad(Math.floor(ms / 60_000) % 60)}:${pad(Math.floor(ms / 1000) % 60)}${sep}${pad(ms % 1000, 3)}`;
};

export interface FakeOpenAIOptions {
  /** When set, requests must carry `Authorization: Bearer <apiKey>`. */
  apiKey?: string;
  /** Path prefix of the API, "/v1" like api.openai.com. */
  prefix?: string;
}

export class FakeOpenAI extends FakeServer {
  /** What the fake "hears" in any audio. */
  transcript = 'Hello from the fake transcriber.';
  /** What the fake's translations answer (English, whatever the audio). */
  translation = 'Hello from the fake translator.';
  /** Models /audio/translations serves (OpenAI: whisper-1 only). */
  translationModels = ['whisper-1'];
  /** Bytes of audio each speech answer carries. */
  speechBytes = 48 * 1024;
  readonly apiKey?: string;
  readonly prefix: string;

  constructor(options: FakeOpenAIOptions = {}) {
    super();
    this.apiKey = options.apiKey;
    this.prefix = options.prefix ?? '/v1';
  }

  static async start(options: FakeOpenAIOptions = {}): Promise<FakeOpenAI> {
    return new FakeOpenAI(options).listen();
  }

  /** The base_url to configure: origin + prefix. */
  get url(): string {
    return `${this.origin}${this.prefix}`;
  }

  protected checkAuth(rec: Recorded, res: ServerResponse): boolean {
    if (this.apiKey === undefined || rec.headers.authorization === `Bearer ${this.apiKey}`) return true;
    sendJson(res, 401, openAIError('Incorrect API key provided: sk-fa***. You can find your API key at https://platform.openai.com/account/api-keys.', 'invalid_api_key'));
    return false;
  }

  protected async route(rec: Recorded, res: ServerResponse): Promise<void> {
    if (!this.checkAuth(rec, res)) return;
    if (rec.method === 'POST' && rec.path === `${this.prefix}/audio/transcriptions`) return this.transcribe(rec, res);
    if (rec.method === 'POST' && rec.path === `${this.prefix}/audio/translations`) return this.transcribe(rec, res, 'translate');
    if (rec.method === 'POST' && rec.path === `${this.prefix}/audio/speech`) return this.speak(rec, res);
    sendJson(res, 404, openAIError(`Invalid URL (${rec.method} ${rec.path})`, null, null));
  }

  /** Fields an OpenAI-compatible vendor adds to its JSON transcripts (Groq's x_groq). */
  protected answerExtras(): Record<string, unknown> {
    return {};
  }

  protected async transcribe(rec: Recorded, res: ServerResponse, task: 'transcribe' | 'translate' = 'transcribe'): Promise<void> {
    const field = (name: string) => rec.fields[name]?.[0];
    if (!field('model')) return sendJson(res, 400, openAIError('you must provide a model parameter', null, 'model'));
    if (task === 'translate' && !this.translationModels.includes(field('model')!)) {
      return sendJson(res, 400, openAIError(`The model ${field('model')} does not support translations; use ${this.translationModels.join(', ')}.`, 'unsupported_model', 'model'));
    }
    const file = rec.files.find((f) => f.field === 'file');
    if (!file) return sendJson(res, 400, openAIError("1 validation error for Request\nbody -> file\n  field required (type=value_error.missing)", null, 'file'));
    const format = field('response_format') ?? 'json';
    // As OpenAI: the diarizing model answers json, text or diarized_json, and only it answers diarized_json.
    const diarizing = field('model')!.includes('diarize');
    if (diarizing ? !['json', 'text', 'diarized_json'].includes(format) : format === 'diarized_json') {
      return sendJson(res, 400, openAIError(`response_format '${format}' is not compatible with model '${field('model')}'.`, 'unsupported_value', 'response_format'));
    }
    if (format === 'diarized_json') return this.diarized(res);
    if (!TRANSCRIPT_FORMATS.includes(format)) {
      return sendJson(res, 400, openAIError(`'${format}' is not one of ['json', 'text', 'srt', 'verbose_json', 'vtt'] - 'response_format'`, null, 'response_format'));
    }
    const text = task === 'translate' ? this.translation : this.transcript;
    const words = text.split(/\s+/).filter(Boolean);
    const duration = words.length * WORD_SECONDS;
    // As OpenAI: gpt-4o-* models stream with stream=true; whisper-1 ignores it.
    if (field('stream') === 'true' && field('model') !== 'whisper-1') {
      const deltas = words.map((word, i) => ({ type: 'transcript.text.delta', delta: i === 0 ? word : ` ${word}` }));
      const usage = { type: 'tokens', input_tokens: 40, output_tokens: words.length, total_tokens: 40 + words.length };
      return sendEvents(res, [...deltas, { type: 'transcript.text.done', text, usage }], this.chunkDelayMs);
    }
    const plain = (body: string) => {
      res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' });
      res.end(body);
    };
    switch (format) {
      case 'text':
        return plain(`${text}\n`);
      case 'srt':
        return plain(`1\n${clock(0, ',')} --> ${clock(duration, ',')}\n${text}\n\n`);
      case 'vtt':
        return plain(`WEBVTT\n\n${clock(0, '.')} --> ${clock(duration, '.')}\n${text}\n\n`);
      case 'json':
        return sendJson(res, 200, { text, usage: { type: 'duration', seconds: Math.ceil(duration) }, ...this.answerExtras() });
    }
    const granularities = rec.fields['timestamp_granularities[]'] ?? ['segment'];
    const body: Record<string, unknown> = {
      task,
      language: 'english',
      duration,
      text,
      usage: { type: 'duration', seconds: Math.ceil(duration) },
    };
    if (granularities.includes('word')) body.words = words.map((word, i) => ({ word, start: i * WORD_SECONDS, end: (i + 1) * WORD_SECONDS }));
    if (granularities.includes('segment')) {
      body.segments = [
        { id: 0, seek: 0, start: 0, end: duration, text: ` ${text}`, tokens: [50364, 2425, 50464], temperature: 0, avg_logprob: -0.21, compression_ratio: 1.1, no_speech_prob: 0.01 },
      ];
    }
    // Lets tests prove the exact audio bytes arrived.
    body.x_fake_file = { filename: file.filename, size: file.bytes.length, sha256: sha256(file.bytes) };
    return sendJson(res, 200, { ...body, ...this.answerExtras() });
  }

  /** diarized_json: the transcript's sentences as segments, speakers A and B in turn. */
  private diarized(res: ServerResponse): void {
    let t = 0;
    const segments = this.transcript.split(/(?<=[.!?])\s+/).map((text, i) => {
      const start = t;
      t += text.split(/\s+/).length * WORD_SECONDS;
      return { type: 'transcript.text.segment', id: `seg_${i}`, start, end: t, text, speaker: i % 2 === 0 ? 'A' : 'B' };
    });
    sendJson(res, 200, { task: 'transcribe', duration: t, text: this.transcript, segments, usage: { type: 'duration', seconds: Math.ceil(t) } });
  }

  protected async speak(rec: Recorded, res: ServerResponse): Promise<void> {
    const body = rec.json as Record<string, unknown> | undefined;
    if (!body) return sendJson(res, 400, openAIError('We could not parse the JSON body of your request.'));
    for (const name of ['model', 'input', 'voice']) {
      if (body[name] === undefined) return sendJson(res, 400, openAIError(`you must provide a ${name} parameter`, null, name));
    }
    const format = (body.response_format as string | undefined) ?? 'mp3';
    if (!SPEECH_TYPES[format]) return sendJson(res, 400, openAIError(`Invalid response_format '${format}'`, null, 'response_format'));
    if (body.stream_format === 'sse') {
      if (['tts-1', 'tts-1-hd'].includes(String(body.model))) {
        return sendJson(res, 400, openAIError(`Streaming with stream_format 'sse' is not supported for ${String(body.model)}.`, 'unsupported_value', 'stream_format'));
      }
      const audio = fakeAudio(format, this.speechBytes);
      const deltas: unknown[] = [];
      for (let i = 0; i < audio.length; i += 8192) deltas.push({ type: 'speech.audio.delta', audio: audio.subarray(i, i + 8192).toString('base64') });
      return sendEvents(res, [...deltas, { type: 'speech.audio.done', usage: { input_tokens: 12, output_tokens: deltas.length, total_tokens: 12 + deltas.length } }], this.chunkDelayMs);
    }
    const speed = body.speed as number | undefined;
    if (speed !== undefined && (speed < 0.25 || speed > 4)) return sendJson(res, 400, openAIError('speed must be between 0.25 and 4.0', null, 'speed'));
    await sendChunked(res, 200, SPEECH_TYPES[format]!, fakeAudio(format, this.speechBytes), this.chunkDelayMs);
  }
}
