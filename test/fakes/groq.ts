// A fake Groq speech-to-text API, written from Groq's API reference: OpenAI's
// /openai/v1/audio/transcriptions and /translations, with Groq's quirks —
// response_format json, text or verbose_json only (srt and vtt are a 400),
// the whisper-large-v3 family only, translations on whisper-large-v3 alone
// (not -turbo), and an x_groq object in every JSON answer.
import type { ServerResponse } from 'node:http';
import { FakeOpenAI, openAIError } from './openai.js';
import { sendJson, type Recorded } from './fake-server.js';

const MODELS = ['whisper-large-v3', 'whisper-large-v3-turbo'];
const FORMATS = ['json', 'text', 'verbose_json'];

export class FakeGroq extends FakeOpenAI {
  static override async start(options: { apiKey?: string } = {}): Promise<FakeGroq> {
    const fake = new FakeGroq({ ...options, prefix: '/openai/v1' });
    fake.translationModels = ['whisper-large-v3'];
    return fake.listen();
  }

  protected override async route(rec: Recorded, res: ServerResponse): Promise<void> {
    if (rec.method === 'POST' && /\/audio\/(transcriptions|translations)$/.test(rec.path)) {
      const model = rec.fields.model?.[0] ?? '';
      const format = rec.fields.response_format?.[0] ?? 'json';
      if (!this.checkAuth(rec, res)) return;
      if (!MODELS.includes(model)) return sendJson(res, 404, openAIError(`The model \`${model}\` does not exist or you do not have access to it.`, 'model_not_found', null));
      if (!FORMATS.includes(format)) return sendJson(res, 400, openAIError(`response_format must be one of [json text verbose_json], got ${format}`, null, 'response_format'));
    }
    return super.route(rec, res);
  }

  /** Groq adds x_groq: {id} to JSON answers. */
  protected override answerExtras(): Record<string, unknown> {
    return { x_groq: { id: 'req_01fakegroq' } };
  }
}
