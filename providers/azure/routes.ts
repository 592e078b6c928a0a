// The Azure OpenAI request shape, as Azure SDK clients send it: the
// deployment in the path (with or without the extra /openai prefix the seed
// API uses), api-version in the query, the key in an api-key header.
import type { InboundRoute } from '../../core/kit.js';
import type { AzureSettings } from './deployments.js';
import { modelForDeployment } from './deployments.js';

const paths = (tail: string): string[] => [`/openai/openai/deployments/:deployment/audio/${tail}`, `/openai/deployments/:deployment/audio/${tail}`];

const byDeployment: InboundRoute<AzureSettings>['defaultModel'] = (params, _given, instances) => modelForDeployment(params.deployment ?? '', instances);

const described = (what: string) => ({
  summary: `${what} (Azure OpenAI shape)`,
  description: 'As Azure SDK clients send it: the deployment in the path selects the azure provider’s deployment; a model of provider/model form in the body wins. The credential may come as api-key.',
});

export const AZURE_ROUTES: readonly InboundRoute<AzureSettings>[] = [
  { name: 'azure_transcription', paths: paths('transcriptions'), requestType: 'transcription', defaultModel: byDeployment, doc: described('Transcribe audio') },
  { name: 'azure_translation', paths: paths('translations'), requestType: 'transcription', task: 'translate', defaultModel: byDeployment, doc: described('Translate audio into English text') },
  { name: 'azure_speech', paths: paths('speech'), requestType: 'speech', defaultModel: byDeployment, doc: described('Synthesize speech') },
];
