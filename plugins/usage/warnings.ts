// check-config's warnings from the usage plugin: every servable model with no
// price (shipped or in providers.<name>.prices) answers `priced: false`.
import type { ConfigProblem, GatewayConfig, ServableModel } from '../../core/kit.js';
import { DEFAULT_PRICES } from './default-prices.js';

export function unpricedWarnings(config: GatewayConfig, models: readonly ServableModel[]): ConfigProblem[] {
  return models
    .filter((m) => config.providers[m.provider]?.prices?.[m.model] === undefined && DEFAULT_PRICES[m.type]?.[m.model] === undefined)
    .map((m) => ({
      path: `providers.${m.provider}.prices`,
      message: `${m.provider}/${m.model} has no price: its answers say priced: false, count in voxgate_usage_unpriced_total, and max_usd budgets hold only their estimates; set providers.${m.provider}.prices.${m.model} (per_audio_second, per_character, per_input_token, per_output_token).`,
    }));
}
