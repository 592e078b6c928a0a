// OpenAI realtime transcription: {base_url as ws(s)}/realtime?intent=transcription,
// the Bearer key in the upgrade, events relayed as they are (realtime-wire.ts).
import { websocketUrl, type RealtimeCapability } from '../../core/kit.js';
import { relayRealtime } from './realtime-wire.js';

type Settings = { readonly base_url: string; readonly organization?: string; readonly project?: string };

export const openAIRealtime: RealtimeCapability<Settings> = {
  // OpenAI's transcription sessions take 24 kHz PCM16 only.
  sampleRates: [24000],
  connect(open) {
    const { call } = open;
    const { settings } = call.provider;
    const headers: Record<string, string> = { 'x-request-id': call.requestId };
    if (call.key.value) headers.authorization = `Bearer ${call.key.value}`;
    if (settings.organization) headers['openai-organization'] = settings.organization;
    if (settings.project) headers['openai-project'] = settings.project;
    return relayRealtime(open, { url: `${websocketUrl(settings.base_url)}/realtime?intent=transcription`, headers }, 'ga');
  },
};
