// Azure OpenAI realtime transcription: {endpoint as wss}/openai/realtime
// ?api-version=<realtime_api_version>&intent=transcription, the session's
// transcription model being the deployment the `deployments:` map names.
// Azure's preview api-version speaks the beta shape (transcription_session.update).
import { websocketUrl, type RealtimeCapability } from '../../core/kit.js';
import { relayRealtime, sessionWithModel } from '../openai/realtime-wire.js';
import { deploymentFor, type AzureSettings } from './deployments.js';
import { authHeaders } from './headers.js';

/** The realtime URL of an instance, from its endpoint and realtime api-version. */
export function azureRealtimeUrl(settings: AzureSettings): string {
  const query = new URLSearchParams({ 'api-version': settings.realtime_api_version, intent: 'transcription' });
  return `${websocketUrl(settings.endpoint)}/openai/realtime?${query}`;
}

export const azureRealtime: RealtimeCapability<AzureSettings> = {
  sampleRates: [24000],
  async connect(open) {
    const deployment = deploymentFor(open.call.provider, open.session.model);
    const session = sessionWithModel(open.session, deployment);
    return relayRealtime({ ...open, session }, { url: azureRealtimeUrl(open.call.provider.settings), headers: authHeaders(open.call) }, 'beta');
  },
};
