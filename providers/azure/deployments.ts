// Azure addresses models by deployment. The provider's `deployments:` map
// turns a model name into its deployment, and a deployment id in an inbound
// Azure-shaped path back into the instance and model it serves.
import { badRequest } from '../../core/errors.js';
import type { ProviderInstance } from '../../core/provider.js';
import type { ModelRef } from '../../core/types.js';

export interface AzureSettings {
  endpoint: string;
  api_version: string;
  deployments: Readonly<Record<string, string>>;
}

export const azureSettings = (instance: ProviderInstance): AzureSettings => instance.settings as unknown as AzureSettings;

/** The deployment serving `model`: its mapping, or the model itself when it names a configured deployment. */
export function deploymentFor(instance: ProviderInstance, model: string): string {
  const { deployments } = azureSettings(instance);
  const mapped = deployments[model];
  if (mapped) return mapped;
  if (Object.values(deployments).includes(model)) return model;
  throw badRequest(
    'model_not_deployed',
    `Model "${model}" has no deployment on provider "${instance.name}": add providers.${instance.name}.deployments.${model}: <your deployment name> to the config.`,
    'model',
  );
}

/** For Azure-shaped inbound paths: the instance and model behind a deployment id. */
export function modelForDeployment(deployment: string, instances: readonly ProviderInstance[]): ModelRef {
  for (const instance of instances) {
    const entry = Object.entries(azureSettings(instance).deployments).find(([, d]) => d === deployment);
    if (entry) return { provider: instance.name, model: entry[0] };
  }
  const where = instances.map((i) => `providers.${i.name}.deployments`).join(' or ');
  throw badRequest('deployment_not_configured', `Deployment "${deployment}" is not configured: map a model to it under ${where} (e.g. whisper-1: ${deployment}).`, 'deployment');
}
