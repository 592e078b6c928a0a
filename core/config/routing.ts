// routing.default_provider: where a bare model name (`whisper-1`, as existing
// OpenAI clients send it) goes. Unset, it is `openai` when an `openai`
// provider is configured; with none, bare names are a 400 naming the setting.
import type { ConfigProblem } from './errors.js';
import type { GatewayConfig } from './types.js';

export function defaultProviderOf(config: GatewayConfig): string | undefined {
  const chosen = config.routing?.default_provider;
  if (chosen !== undefined) return chosen;
  return 'openai' in config.providers ? 'openai' : undefined;
}

export function routingProblems(config: GatewayConfig): ConfigProblem[] {
  const chosen = config.routing?.default_provider;
  if (chosen === undefined || chosen in config.providers) return [];
  const configured = Object.keys(config.providers).join(', ') || 'none';
  return [{ path: 'routing.default_provider', message: `names provider "${chosen}", which is not configured (configured: ${configured})` }];
}
