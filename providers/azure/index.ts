// Azure OpenAI: OpenAI's audio wire format at
// {endpoint}/openai/deployments/{deployment}/audio/…?api-version=…, with an
// api-key header (or an Entra bearer token when the key entry says
// type: entra). Models map to deployments through `deployments:`.
import { injectable } from 'tsyringe';
import type { AdapterResult, ProviderAdapter, ProviderCall, ProviderInstance } from '../../core/provider.js';
import { throwProviderError } from '../../core/upstream/provider-error.js';
import { SPEECH_FORMATS, TRANSCRIPTION_FORMATS } from '../../core/types.js';
import type { SpeechAudioResult, SpeechRequest, StreamResult, TranscriptionRequest, TranscriptionResult } from '../../core/types.js';
import { openAIErrorDetail, readTranscription, speechAudio, speechBody, transcriptionForm } from '../openai/wire.js';
import { azureSettings, deploymentFor } from './deployments.js';
import { AZURE_ROUTES } from './routes.js';

function authHeaders(call: ProviderCall): Record<string, string> {
  const headers: Record<string, string> = { 'x-ms-client-request-id': call.requestId };
  if (!call.key.value) return headers;
  if (call.key.options.type === 'entra') headers.authorization = `Bearer ${call.key.value}`;
  else headers['api-key'] = call.key.value;
  return headers;
}

function urlFor(call: ProviderCall, deployment: string, operation: 'transcriptions' | 'speech'): string {
  const { endpoint, api_version } = azureSettings(call.provider);
  const base = endpoint.replace(/\/+$/, '');
  return `${base}/openai/deployments/${encodeURIComponent(deployment)}/audio/${operation}?api-version=${encodeURIComponent(api_version)}`;
}

@injectable()
export default class AzureOpenAIAdapter implements ProviderAdapter {
  readonly id = 'azure';
  readonly configSchema = {
    type: 'object',
    required: ['endpoint'],
    properties: {
      endpoint: { type: 'string', pattern: '^https?://', description: 'https://<resource>.openai.azure.com' },
      api_version: { type: 'string', minLength: 1, default: '2024-10-21' },
      deployments: { type: 'object', additionalProperties: { type: 'string', minLength: 1 }, default: {} },
      // Azure is addressed by endpoint and deployment; a base_url would be ignored, so it is refused.
      base_url: false,
      keys: { items: { properties: { type: { enum: ['api_key', 'entra'], description: 'entra: the value is a Microsoft Entra bearer token' } } } },
    },
  };
  readonly capabilities = {
    // Azure OpenAI: 25 MB uploads, 4,096 characters of speech input, as OpenAI.
    transcription: { formats: TRANSCRIPTION_FORMATS, streaming: true, limits: { maxUploadBytes: 25 * 1024 * 1024 } },
    speech: { formats: SPEECH_FORMATS, streaming: true, multiSpeaker: false, limits: { maxInputChars: 4096 } },
  };
  readonly inboundRoutes = AZURE_ROUTES;

  /** The models its deployments map serves. */
  listModels(instance: ProviderInstance): readonly string[] {
    return Object.keys((instance.settings.deployments as Record<string, string> | undefined) ?? {});
  }

  async transcribe(req: TranscriptionRequest, call: ProviderCall): Promise<AdapterResult<TranscriptionResult> | AdapterResult<StreamResult>> {
    const deployment = deploymentFor(call.provider, req.model.model);
    const form = transcriptionForm(req, req.model.model);
    const res = await call.http.send({
      method: 'POST',
      url: urlFor(call, deployment, 'transcriptions'),
      headers: { ...authHeaders(call), 'content-type': form.contentType, 'content-length': String(form.length) },
      body: form.body(),
      signal: call.signal,
    });
    if (res.status >= 400) return throwProviderError(call, res, openAIErrorDetail);
    return { ...(await readTranscription(call, res, req)), deployment };
  }

  async speak(req: SpeechRequest, call: ProviderCall): Promise<AdapterResult<SpeechAudioResult> | AdapterResult<StreamResult>> {
    const deployment = deploymentFor(call.provider, req.model.model);
    const { body, ignored } = speechBody(req, req.model.model);
    const res = await call.http.send({
      method: 'POST',
      url: urlFor(call, deployment, 'speech'),
      headers: { ...authHeaders(call), 'content-type': 'application/json' },
      body: JSON.stringify(body),
      signal: call.signal,
    });
    if (res.status >= 400) return throwProviderError(call, res, openAIErrorDetail);
    return { ...speechAudio(call, res, req, ignored), deployment };
  }
}
