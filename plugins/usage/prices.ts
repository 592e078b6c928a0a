// What a model costs: the provider instance's own prices (YAML
// providers.<name>.prices.<model>) over the shipped defaults for its adapter
// type, and the arithmetic from units to US dollars. A model with no price
// is unpriced (`priced: false`), never free.
import type { CostRecord, ModelPrice, PricedTarget, ProviderRegistry, UsageUnits } from '../../core/kit.js';
import { DEFAULT_PRICES } from './default-prices.js';

/** Costs are kept to the nano-dollar: exact for every list price, free of float noise. */
export const NANO = 1e9;
export const roundUsd = (usd: number): number => Math.round(usd * NANO) / NANO;

export class PriceTable {
  constructor(private readonly providers: Pick<ProviderRegistry, 'get'>) {}

  /** The model's price on that provider instance, or undefined when none is known. */
  priceOf(target: PricedTarget): ModelPrice | undefined {
    const entry = this.providers.get(target.provider);
    if (!entry) return undefined;
    return entry.instance.settings.prices?.[target.model] ?? DEFAULT_PRICES[entry.instance.type]?.[target.model];
  }

  cost(units: UsageUnits, target: PricedTarget): CostRecord {
    const usd = costOf(units, this.priceOf(target));
    return { ...units, usd: usd ?? 0, priced: usd !== undefined };
  }
}

/**
 * US dollars for `units` at `price`: by tokens where the answer counted them
 * and the model is priced by token, else by audio second and character; or
 * undefined when no unit of the answer has a price.
 */
export function costOf(units: UsageUnits, price: ModelPrice | undefined): number | undefined {
  if (!price) return undefined;
  const tokens = units.input_tokens !== undefined || units.output_tokens !== undefined;
  if (tokens && (price.per_input_token !== undefined || price.per_output_token !== undefined)) {
    return roundUsd((units.input_tokens ?? 0) * (price.per_input_token ?? 0) + (units.output_tokens ?? 0) * (price.per_output_token ?? 0));
  }
  let usd: number | undefined;
  if (units.audio_seconds !== undefined && price.per_audio_second !== undefined) usd = (usd ?? 0) + units.audio_seconds * price.per_audio_second;
  if (units.characters !== undefined && price.per_character !== undefined) usd = (usd ?? 0) + units.characters * price.per_character;
  return usd === undefined ? undefined : roundUsd(usd);
}
