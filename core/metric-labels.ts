// Metric labels from a bounded set: every distinct label value is a new time
// series held for the process's life, so client text must never become one.
// Providers count under their configured name, models under a name some
// provider has answered for (learned from served answers, up to a cap);
// anything else counts as `other`.
import type { Registry } from 'prom-client';

export const OTHER_LABEL = 'other';
const MAX_KNOWN_MODELS = 256;

export class MetricLabels {
  private readonly models = new Set<string>();

  constructor(private readonly providers: { has(name: string): boolean }) {}

  provider(name: string | undefined): string {
    if (!name) return '';
    return this.providers.has(name) ? name : OTHER_LABEL;
  }

  /** The model's label: known (a provider served it) or `other`. */
  model(provider: string | undefined, model: string | undefined): string {
    if (!model) return '';
    return provider && this.providers.has(provider) && this.models.has(`${provider}/${model}`) ? model : OTHER_LABEL;
  }

  /** A provider answered for this model: from now on it has a label of its own (within the cap). */
  learn(provider: string, model: string): void {
    if (!this.providers.has(provider) || this.models.size >= MAX_KNOWN_MODELS) return;
    this.models.add(`${provider}/${model}`);
  }
}

// One set per gateway, shared by core and plugins through the registry they all get.
const byRegistry = new WeakMap<Registry, MetricLabels>();

export function metricLabelsFor(registry: Registry, providers?: { has(name: string): boolean }): MetricLabels {
  let labels = byRegistry.get(registry);
  if (!labels) {
    if (!providers) throw new Error('metric labels are created with the gateway metrics');
    labels = new MetricLabels(providers);
    byRegistry.set(registry, labels);
  }
  return labels;
}
