// Groq: OpenAI's audio API at https://api.groq.com/openai/v1 (Whisper
// models, transcriptions and translations), with one quirk: it answers
// json, text and verbose_json only, so srt and vtt are rendered by the
// gateway from Groq's verbose_json segments.
import { throwProviderError, TRANSCRIPTION_FORMATS, type AdapterResult, type ProviderCall, type StreamResult, type TranscriptionRequest, type TranscriptionResult, defineAdapter, type OptionsOf } from '../../core/kit.js';
import { audioOperation, openAIErrorDetail, readTranscription, transcriptionForm } from '../openai/wire.js';
import { renderedFromVerbose, verboseAsked } from './subtitles.js';

const SETTINGS = {
  type: 'object',
  properties: { base_url: { type: 'string', default: 'https://api.groq.com/openai/v1' } },
} as const;

type Settings = OptionsOf<typeof SETTINGS>;

export default defineAdapter<Settings>({
  id: 'groq',
  settings: SETTINGS,
  // Groq takes uploads up to 25 MB on its free tier (100 MB on the developer tier); the gateway
  // declares the free tier's 25 MB, so larger uploads are split (core/long-media) on either tier.
  capabilities: { transcription: { formats: TRANSCRIPTION_FORMATS, streaming: false, translation: true, limits: { maxUploadBytes: 25 * 1024 * 1024 } } },
  listModels: () => ['whisper-large-v3', 'whisper-large-v3-turbo'],

  async transcribe(req: TranscriptionRequest, call: ProviderCall): Promise<AdapterResult<TranscriptionResult> | AdapterResult<StreamResult>> {
    const asked = verboseAsked(req);
    const form = transcriptionForm(asked, req.model.model);
    const headers: Record<string, string> = { 'content-type': form.contentType, 'content-length': String(form.length) };
    if (call.key.value) headers.authorization = `Bearer ${call.key.value}`;
    const base = String(call.provider.settings.base_url).replace(/\/+$/, '');
    const res = await call.http.send({ method: 'POST', url: `${base}/audio/${audioOperation(req)}`, headers, body: form.body(), signal: call.signal });
    if (res.status >= 400) return throwProviderError(call, res, openAIErrorDetail);
    const answer = await readTranscription(call, res, asked);
    return asked === req ? answer : renderedFromVerbose(call, answer, req);
  },
});
