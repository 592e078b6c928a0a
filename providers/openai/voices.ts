// OpenAI's built-in voices. OpenAI has no voices API, so the list is static;
// it binds only OpenAI itself (and Azure OpenAI): an OpenAI-compatible server
// at another base_url has voices of its own, sent as they are.
import type { AdapterVoices, ProviderInstance, VoiceInfo } from '../../core/provider.js';

const NAMES = ['alloy', 'ash', 'ballad', 'coral', 'echo', 'fable', 'onyx', 'nova', 'sage', 'shimmer', 'verse', 'marin', 'cedar'];

export const OPENAI_VOICES: readonly VoiceInfo[] = NAMES.map((id) => ({ id, name: id[0]!.toUpperCase() + id.slice(1) }));

const IDS = new Set(NAMES);
export const isOpenAIItself = (instance: ProviderInstance): boolean => {
  try {
    return new URL(String(instance.settings.base_url)).hostname === 'api.openai.com';
  } catch {
    return false;
  }
};

/** For type openai: the list, binding only on api.openai.com. */
export const openAIVoices: AdapterVoices = {
  list: (instance) => (isOpenAIItself(instance) ? OPENAI_VOICES : []),
  accepts: (instance, voice) => !isOpenAIItself(instance) || IDS.has(voice),
};

/** For Azure OpenAI: its TTS deployments speak OpenAI's voices. */
export const azureVoices: AdapterVoices = {
  list: () => OPENAI_VOICES,
  accepts: (_instance, voice) => IDS.has(voice),
};
