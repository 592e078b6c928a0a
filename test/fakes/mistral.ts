// A fake Mistral transcription API, written from Mistral's API reference:
// POST /v1/audio/transcriptions with model, file (or file_url), language,
// temperature, diarize, context_bias and timestamp_granularities; the answer
// is always JSON ({model, text, language, segments, usage}; segments only
// with timestamp_granularities, speaker_id on them when diarizing); a Bearer
// key; {"object": "error", "message", …} refusals and FastAPI 422s for bad fields.
import type { ServerResponse } from 'node:http';
import { FakeServer, sendJson, type Recorded } from './fake-server.js';

export const mistralError = (message: string, type = 'invalid_request_error', code: string | null = null) => ({ object: 'error', message, type, param: null, code });

const KNOWN_FIELDS = new Set(['model', 'language', 'temperature', 'stream', 'diarize', 'context_bias', 'timestamp_granularities', 'file_url', 'file_id']);

export class FakeMistral extends FakeServer {
  transcript = 'Hello there. How are you today?';
  readonly apiKey?: string;

  constructor(options: { apiKey?: string } = {}) {
    super();
    this.apiKey = options.apiKey;
  }

  static async start(options: { apiKey?: string } = {}): Promise<FakeMistral> {
    return new FakeMistral(options).listen();
  }

  get url(): string {
    return `${this.origin}/v1`;
  }

  protected async route(rec: Recorded, res: ServerResponse): Promise<void> {
    if (this.apiKey !== undefined && rec.headers.authorization !== `Bearer ${this.apiKey}`) return sendJson(res, 401, { message: 'Unauthorized', request_id: 'fake' });
    if (rec.method !== 'POST' || rec.path !== '/v1/audio/transcriptions') return sendJson(res, 404, { detail: 'Not Found' });
    const field = (name: string) => rec.fields[name]?.[0];
    const extra = Object.keys(rec.fields).filter((f) => !KNOWN_FIELDS.has(f));
    if (extra.length > 0) return sendJson(res, 422, { detail: extra.map((f) => ({ type: 'extra_forbidden', loc: ['body', f], msg: 'Extra inputs are not permitted' })) });
    if (!field('model')) return sendJson(res, 422, { detail: [{ type: 'missing', loc: ['body', 'model'], msg: 'Field required' }] });
    if (rec.files.length === 0 && !field('file_url') && !field('file_id')) return sendJson(res, 400, mistralError('One of file, file_url or file_id must be provided.'));
    for (const term of rec.fields.context_bias ?? []) {
      if (/[\s,]/.test(term)) return sendJson(res, 422, { detail: [{ type: 'string_pattern_mismatch', loc: ['body', 'context_bias'], msg: "String should match pattern '^[^,\\s]+$'" }] });
    }
    const diarize = field('diarize') === 'true';
    const granularities = rec.fields.timestamp_granularities ?? [];
    const sentences = this.transcript.split(/(?<=[.!?])\s+/);
    let t = 0;
    const segments = sentences.map((text, i) => {
      const start = t;
      t += text.split(/\s+/).length * 0.5;
      return { text: ` ${text}`, start, end: t, ...(diarize ? { speaker_id: `speaker_${i % 2}` } : {}) };
    });
    sendJson(res, 200, {
      model: 'voxtral-mini-2602',
      text: ` ${this.transcript}`,
      language: field('language') ?? 'en',
      segments: granularities.length > 0 ? segments : [],
      usage: { prompt_audio_seconds: t, prompt_tokens: 4, total_tokens: 120, completion_tokens: 30 },
    });
  }
}
