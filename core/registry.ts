// The provider instances of this gateway, by name: each bound to its adapter
// and to its own keep-alive HTTP pool.
import type { ProviderAdapter, ProviderInstance } from './provider.js';
import type { UpstreamHttp } from './upstream/http.js';
import type { ProviderNames } from './model-ref.js';
import { ParamCatalog } from './params/catalog.js';

export interface ProviderEntry {
  readonly instance: ProviderInstance;
  readonly adapter: ProviderAdapter;
  readonly http: UpstreamHttp;
}

export class ProviderRegistry implements ProviderNames {
  private readonly byName: ReadonlyMap<string, ProviderEntry>;

  constructor(
    entries: readonly ProviderEntry[],
    /** routing.default_provider, resolved (see defaultProviderOf). */
    readonly defaultProvider?: string,
    /** Every loaded adapter's own params (configured or not), for request building and checks. */
    readonly params: ParamCatalog = new ParamCatalog(),
  ) {
    this.byName = new Map(entries.map((e) => [e.instance.name, e]));
  }

  has(name: string): boolean {
    return this.byName.has(name);
  }

  get(name: string): ProviderEntry | undefined {
    return this.byName.get(name);
  }

  names(): string[] {
    return [...this.byName.keys()];
  }

  entries(): ProviderEntry[] {
    return [...this.byName.values()];
  }

  async close(): Promise<void> {
    await Promise.all(this.entries().map((e) => e.http.close()));
  }
}
