// OpenAI (and any OpenAI-compatible server, via `type: openai` and its own
// base_url): POST {base}/audio/transcriptions and {base}/audio/speech with a
// Bearer key. Fields the gateway does not model are passed on as sent.
import {
  SPEECH_FORMATS,
  TRANSCRIPTION_FORMATS,
  defineAdapter,
  throwProviderError,
  type OptionsOf,
  type ProviderCall,
} from '../../core/kit.js';
import { audioOperation, isOpenAIItself, openAIErrorDetail, openAIVoices, readTranscription, speechAudio, speechBody, transcriptionForm } from './wire.js';
import { openAIRealtime } from './realtime.js';
import { diarizedAsk, fromDiarized, rendersDiarized, wireFormat } from './diarize.js';

const SETTINGS = {
  type: 'object',
  properties: {
    base_url: { type: 'string', default: 'https://api.openai.com/v1' },
    organization: { type: 'string', description: 'sent as OpenAI-Organization' },
    project: { type: 'string', description: 'sent as OpenAI-Project' },
  },
} as const;

type OpenAISettings = OptionsOf<typeof SETTINGS>;

function headersFor(call: ProviderCall<OpenAISettings>): Record<string, string> {
  const { settings } = call.provider;
  const headers: Record<string, string> = { 'x-request-id': call.requestId };
  if (call.key.value) headers.authorization = `Bearer ${call.key.value}`;
  if (settings.organization) headers['openai-organization'] = settings.organization;
  if (settings.project) headers['openai-project'] = settings.project;
  return headers;
}

const OPENAI_AUDIO_MODELS = ['whisper-1', 'gpt-4o-transcribe', 'gpt-4o-mini-transcribe', 'tts-1', 'tts-1-hd', 'gpt-4o-mini-tts'] as const;

const baseUrl = (call: ProviderCall<OpenAISettings>): string => call.provider.settings.base_url.replace(/\/+$/, '');

export default defineAdapter<OpenAISettings>({
  id: 'openai',
  settings: SETTINGS,
  voices: openAIVoices,
  realtime: openAIRealtime,
  capabilities: {
    // OpenAI refuses bodies over 25 MB (413) and speech input over 4,096 characters.
    transcription: { formats: TRANSCRIPTION_FORMATS, streaming: true, translation: true, diarize: true, limits: { maxUploadBytes: 25 * 1024 * 1024 } },
    speech: { formats: SPEECH_FORMATS, streaming: true, multiSpeaker: false, limits: { maxInputChars: 4096 } },
  },

  /** OpenAI's audio models; an OpenAI-compatible server (type: openai) adds its own under models: in config. */
  listModels: () => OPENAI_AUDIO_MODELS,

  async transcribe(req, call) {
    const asked = diarizedAsk(req, isOpenAIItself(call.provider));
    const form = transcriptionForm(asked, req.model.model, wireFormat(req));
    const res = await call.http.send({
      method: 'POST',
      url: `${baseUrl(call)}/audio/${audioOperation(req)}`,
      headers: { ...headersFor(call), 'content-type': form.contentType, 'content-length': String(form.length) },
      body: form.body(),
      signal: call.signal,
    });
    if (res.status >= 400) return throwProviderError(call, res, openAIErrorDetail);
    const answer = await readTranscription(call, res, asked);
    return rendersDiarized(req) ? fromDiarized(call, answer, req) : answer;
  },

  async speak(req, call) {
    const body = speechBody(req, req.model.model);
    const res = await call.http.send({
      method: 'POST',
      url: `${baseUrl(call)}/audio/speech`,
      headers: { ...headersFor(call), 'content-type': 'application/json' },
      body: JSON.stringify(body),
      signal: call.signal,
    });
    if (res.status >= 400) return throwProviderError(call, res, openAIErrorDetail);
    return speechAudio(call, res, req);
  },
});
