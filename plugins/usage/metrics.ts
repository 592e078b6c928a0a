// /metrics for usage: cost and audio units by key (a virtual key's name, or
// the caller's kind: keys that exist, so the label is bounded), provider and
// model (the gateway's bounded labels), unpriced answers, budget refusals.
import { Counter, metricLabelsFor, type CostRecord, type PricedTarget, type Registry } from '../../core/kit.js';

type Labels = 'key' | 'provider' | 'model';

export class UsageMetrics {
  private readonly usd: Counter<Labels>;
  private readonly seconds: Counter<Labels>;
  private readonly characters: Counter<Labels>;
  private readonly tokens: Counter<Labels | 'direction'>;
  private readonly unpriced: Counter<'provider' | 'model'>;
  private readonly refusals: Counter<'scope'>;

  constructor(private readonly registry: Registry) {
    const registers = [registry];
    const labelNames = ['key', 'provider', 'model'] as const;
    this.usd = new Counter({ name: 'voxgate_usage_cost_usd_total', help: 'US dollars spent, at the price table, by key, provider and model (priced answers only).', labelNames, registers });
    this.seconds = new Counter({ name: 'voxgate_usage_audio_seconds_total', help: 'Input audio seconds transcribed.', labelNames, registers });
    this.characters = new Counter({ name: 'voxgate_usage_characters_total', help: 'Speech input characters.', labelNames, registers });
    this.tokens = new Counter({ name: 'voxgate_usage_tokens_total', help: 'Tokens the provider reported, by direction (input, output).', labelNames: [...labelNames, 'direction'], registers });
    this.unpriced = new Counter({ name: 'voxgate_usage_unpriced_total', help: 'Answers from a model with no price (priced: false): set providers.<name>.prices.<model>.', labelNames: ['provider', 'model'], registers });
    this.refusals = new Counter({ name: 'voxgate_budget_refusals_total', help: 'Requests refused with 402 budget_exceeded, by the budget that refused (key, team).', labelNames: ['scope'], registers });
  }

  count(key: string, servedBy: PricedTarget, cost: CostRecord): void {
    const names = metricLabelsFor(this.registry);
    // A provider served it: its model is a label of its own from now on (within the cap).
    names.learn(servedBy.provider, servedBy.model);
    const labels = { key, provider: names.provider(servedBy.provider), model: names.model(servedBy.provider, servedBy.model) };
    if (cost.priced) this.usd.inc(labels, cost.usd);
    else this.unpriced.inc({ provider: labels.provider, model: labels.model });
    if (cost.audio_seconds) this.seconds.inc(labels, cost.audio_seconds);
    if (cost.characters) this.characters.inc(labels, cost.characters);
    if (cost.input_tokens) this.tokens.inc({ ...labels, direction: 'input' }, cost.input_tokens);
    if (cost.output_tokens) this.tokens.inc({ ...labels, direction: 'output' }, cost.output_tokens);
  }

  refused(scope: 'key' | 'team'): void {
    this.refusals.inc({ scope });
  }
}
