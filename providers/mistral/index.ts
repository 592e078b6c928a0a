// Mistral: Voxtral transcription at POST https://api.mistral.ai/v1/audio/transcriptions
// with a Bearer key. Its multipart form is OpenAI's without response_format
// or prompt, plus diarize and context_bias; its answer is always JSON (text,
// language, segments with speaker_id), which the gateway renders into every format.
import { JsonPayload, throwProviderError, transcriptBody, TRANSCRIPTION_FORMATS, upstreamBadAnswer, type AdapterResult, type ProviderCall, type TranscriptionRequest, type TranscriptionResult, defineAdapter, type OptionsOf } from '../../core/kit.js';
import { mistralErrorDetail, mistralForm, mistralTranscript, mistralUsage } from './wire.js';

const SETTINGS = {
  type: 'object',
  properties: { base_url: { type: 'string', default: 'https://api.mistral.ai/v1' } },
} as const;

type Settings = OptionsOf<typeof SETTINGS>;

export default defineAdapter<Settings>({
  id: 'mistral',
  settings: SETTINGS,
  // Mistral documents 512 MB as its largest file; past it the gateway splits (core/long-media). Voxtral's
  // duration limits differ by model and are not declared: declaring one would ffprobe every upload.
  // Voxtral takes no prompt (context_bias is its own field, passed on as sent).
  capabilities: {
    transcription: {
      formats: TRANSCRIPTION_FORMATS,
      streaming: false,
      diarize: true,
      limits: { maxUploadBytes: 512 * 1024 * 1024 },
      accepts: { shared: ['language', 'temperature', 'timestamp_granularities'] },
    },
  },
  listModels: () => ['voxtral-mini-latest', 'voxtral-mini-2507'],

  async transcribe(req: TranscriptionRequest, call: ProviderCall): Promise<AdapterResult<TranscriptionResult>> {
    const { form } = mistralForm(req);
    const headers: Record<string, string> = { 'content-type': form.contentType, 'content-length': String(form.length) };
    if (call.key.value) headers.authorization = `Bearer ${call.key.value}`;
    const base = String(call.provider.settings.base_url).replace(/\/+$/, '');
    const res = await call.http.send({ method: 'POST', url: `${base}/audio/transcriptions`, headers, body: form.body(), signal: call.signal });
    if (res.status >= 400) return throwProviderError(call, res, mistralErrorDetail);
    const text = await call.http.readText(res, call.signal);
    let transcript;
    let usage;
    try {
      const value = JsonPayload.parse(text).value;
      transcript = mistralTranscript(value);
      usage = mistralUsage(value);
    } catch {
      transcript = undefined;
    }
    if (!transcript) throw upstreamBadAnswer(call.provider.name, 'the answer is not a JSON transcript with text');
    return { type: 'transcription', format: req.response_format, body: transcriptBody(transcript, req.response_format), ...(usage ? { usage } : {}) };
  },
});
