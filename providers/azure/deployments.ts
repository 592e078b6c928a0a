// Azure addresses models by deployment. The provider's `deployments:` map
// turns a model name into its deployment, and a deployment id in an inbound
// Azure-shaped path back into the instance and model it serves.
import { unsupportedByTarget, type ModelRef, type OptionsOf, type ProviderInstance } from '../../core/kit.js';

export const AZURE_SETTINGS = {
  type: 'object',
  required: ['endpoint'],
  properties: {
    endpoint: { type: 'string', pattern: '^https?://', description: 'https://<resource>.openai.azure.com' },
    api_version: { type: 'string', minLength: 1, default: '2024-10-21' },
    realtime_api_version: { type: 'string', minLength: 1, default: '2025-04-01-preview', description: 'api-version of realtime transcription sessions (GET /v1/realtime)' },
    deployments: { type: 'object', additionalProperties: { type: 'string', minLength: 1 }, default: {} },
    // Azure is addressed by endpoint and deployment; a base_url would be ignored, so it is refused.
    base_url: false,
    keys: { items: { properties: { type: { enum: ['api_key', 'entra'], description: 'entra: the value is a Microsoft Entra bearer token' } } } },
  },
} as const;

export type AzureSettings = OptionsOf<typeof AZURE_SETTINGS>;
type AzureInstance = ProviderInstance<AzureSettings>;

/** The deployment serving `model`: its mapping, or the model itself when it names a configured deployment. */
export function deploymentFor(instance: AzureInstance, model: string): string {
  const { deployments } = instance.settings;
  const mapped = deployments[model];
  if (mapped) return mapped;
  if (Object.values(deployments).includes(model)) return model;
  throw unsupportedByTarget(
    'model_not_deployed',
    `Model "${model}" has no deployment on provider "${instance.name}": add providers.${instance.name}.deployments.${model}: <your deployment name> to the config.`,
    'model',
  );
}

/** For Azure-shaped inbound paths: the instance and model behind a deployment id. */
export function modelForDeployment(deployment: string, instances: readonly AzureInstance[]): ModelRef {
  for (const instance of instances) {
    const entry = Object.entries(instance.settings.deployments).find(([, d]) => d === deployment);
    if (entry) return { provider: instance.name, model: entry[0] };
  }
  const where = instances.map((i) => `providers.${i.name}.deployments`).join(' or ');
  throw unsupportedByTarget('deployment_not_configured', `Deployment "${deployment}" is not configured: map a model to it under ${where} (e.g. whisper-1: ${deployment}).`, 'deployment');
}
