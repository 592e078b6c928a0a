// Azure OpenAI: OpenAI's audio wire format at
// {endpoint}/openai/deployments/{deployment}/audio/…?api-version=…, with an
// api-key header (or an Entra bearer token when the key entry says
// type: entra). Models map to deployments through `deployments:`.
import { SPEECH_FORMATS, TRANSCRIPTION_FORMATS, defineAdapter, throwProviderError, type ProviderCall } from '../../core/kit.js';
import { audioOperation, azureVoices, openAIErrorDetail, readTranscription, speechAudio, speechBody, transcriptionForm } from '../openai/wire.js';
import { AZURE_SETTINGS, deploymentFor, type AzureSettings } from './deployments.js';
import { authHeaders } from './headers.js';
import { AZURE_ROUTES } from './routes.js';
import { azureRealtime } from './realtime.js';

function urlFor(call: ProviderCall<AzureSettings>, deployment: string, operation: 'transcriptions' | 'translations' | 'speech'): string {
  const { endpoint, api_version } = call.provider.settings;
  const base = endpoint.replace(/\/+$/, '');
  return `${base}/openai/deployments/${encodeURIComponent(deployment)}/audio/${operation}?api-version=${encodeURIComponent(api_version)}`;
}

export default defineAdapter<AzureSettings>({
  id: 'azure',
  settings: AZURE_SETTINGS,
  realtime: azureRealtime,
  capabilities: {
    // Azure OpenAI: 25 MB uploads, 4,096 characters of speech input, as OpenAI.
    transcription: { formats: TRANSCRIPTION_FORMATS, streaming: true, translation: true, limits: { maxUploadBytes: 25 * 1024 * 1024 } },
    speech: { formats: SPEECH_FORMATS, streaming: true, multiSpeaker: false, limits: { maxInputChars: 4096 } },
  },
  inboundRoutes: AZURE_ROUTES,
  voices: azureVoices,
  securitySchemes: { azureKey: { type: 'apiKey', in: 'header', name: 'api-key', description: 'As Azure SDK clients send it.' } },

  /** The models its deployments map serves. */
  listModels: (instance) => Object.keys(instance.settings.deployments),

  async transcribe(req, call) {
    const deployment = deploymentFor(call.provider, req.model.model);
    const form = transcriptionForm(req, req.model.model);
    const res = await call.http.send({
      method: 'POST',
      url: urlFor(call, deployment, audioOperation(req)),
      headers: { ...authHeaders(call), 'content-type': form.contentType, 'content-length': String(form.length) },
      body: form.body(),
      signal: call.signal,
    });
    if (res.status >= 400) return throwProviderError(call, res, openAIErrorDetail);
    return { ...(await readTranscription(call, res, req)), deployment };
  },

  async speak(req, call) {
    const deployment = deploymentFor(call.provider, req.model.model);
    const body = speechBody(req, req.model.model);
    const res = await call.http.send({
      method: 'POST',
      url: urlFor(call, deployment, 'speech'),
      headers: { ...authHeaders(call), 'content-type': 'application/json' },
      body: JSON.stringify(body),
      signal: call.signal,
    });
    if (res.status >= 400) return throwProviderError(call, res, openAIErrorDetail);
    return { ...speechAudio(call, res, req), deployment };
  },
});
