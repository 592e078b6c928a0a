// check-config's warnings from the usage plugin: every servable model with no
// price (shipped or in providers.<name>.prices) answers `priced: false`, and
// one priced by tokens alone does so whenever its answer counts none (audio).
import type { ConfigProblem, GatewayConfig, ServableModel } from '../../core/kit.js';
import { DEFAULT_PRICES } from './default-prices.js';

export function unpricedWarnings(config: GatewayConfig, models: readonly ServableModel[]): ConfigProblem[] {
  const warnings: ConfigProblem[] = [];
  for (const m of models) {
    const price = config.providers[m.provider]?.prices?.[m.model] ?? DEFAULT_PRICES[m.type]?.[m.model];
    const path = `providers.${m.provider}.prices`;
    const set = `set providers.${m.provider}.prices.${m.model}`;
    if (!price) {
      warnings.push({ path, message: `${m.provider}/${m.model} has no price: its answers say priced: false, count in voxgate_usage_unpriced_total, and max_usd budgets hold no estimate for it; ${set} (per_audio_second, per_character, per_input_token, per_output_token).` });
    } else if (price.per_audio_second === undefined && price.per_character === undefined) {
      warnings.push({ path, message: `${m.provider}/${m.model} is priced by tokens alone: answers that count none (audio answers) say priced: false; ${set}.per_character or .per_audio_second for them.` });
    }
  }
  return warnings;
}
