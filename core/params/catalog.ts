// Every loaded adapter's own params, by field name: what the request builder
// validates them with, moves into providerOptions, and publishes in the
// OpenAPI document. Built from all adapters found (configured or not), so a
// field means the same on every gateway.
import type { JsonSchema } from '../json-schema.js';
import type { ProviderAdapter } from '../provider.js';
import type { RequestType } from '../types.js';
import type { ParamSpec, ProviderOptions } from './declared.js';

export interface CatalogParam {
  /** The ids of the adapters that take it, in load order. */
  readonly adapters: readonly string[];
  /** What a value must be: every declaring adapter's schema at once (one, when they agree). */
  readonly schema: JsonSchema;
  readonly shapesAnswer: boolean;
}

const same = (a: JsonSchema, b: JsonSchema): boolean => JSON.stringify(a) === JSON.stringify(b);

function collect(adapters: readonly ProviderAdapter[], type: RequestType): ReadonlyMap<string, CatalogParam> {
  const found = new Map<string, { adapters: string[]; schemas: JsonSchema[]; shapesAnswer: boolean }>();
  for (const adapter of adapters) {
    const own: Readonly<Record<string, ParamSpec>> = adapter.capabilities[type]?.accepts?.own ?? {};
    for (const [name, spec] of Object.entries(own)) {
      const param = found.get(name) ?? { adapters: [], schemas: [], shapesAnswer: false };
      param.adapters.push(adapter.id);
      if (!param.schemas.some((s) => same(s, spec.schema))) param.schemas.push(spec.schema);
      param.shapesAnswer ||= spec.shapesAnswer === true;
      found.set(name, param);
    }
  }
  const out = new Map<string, CatalogParam>();
  for (const [name, p] of found) out.set(name, { adapters: p.adapters, schema: p.schemas.length === 1 ? p.schemas[0]! : { allOf: p.schemas }, shapesAnswer: p.shapesAnswer });
  return out;
}

/** Set: present, and not false (false asks nothing of a param that shapes the answer). */
const asks = (value: unknown): boolean => value !== undefined && value !== false;

export class ParamCatalog {
  private readonly byType: Readonly<Record<RequestType, ReadonlyMap<string, CatalogParam>>>;

  constructor(adapters: readonly ProviderAdapter[] = []) {
    this.byType = { transcription: collect(adapters, 'transcription'), speech: collect(adapters, 'speech') };
  }

  params(type: RequestType): ReadonlyMap<string, CatalogParam> {
    return this.byType[type];
  }

  /** Declared params whose values are lists (a multipart field repeated, or with a [] suffix). */
  listParams(type: RequestType): ReadonlySet<string> {
    return new Set([...this.byType[type]].filter(([, p]) => p.schema.type === 'array').map(([name]) => name));
  }

  /** The declared params as JSON Schema properties, beside the shared ones (shared names win: an adapter cannot redefine them). */
  properties(type: RequestType, shared: Readonly<Record<string, unknown>>): Record<string, JsonSchema> {
    const out: Record<string, JsonSchema> = {};
    for (const [name, p] of this.byType[type]) if (!(name in shared)) out[name] = p.schema;
    return out;
  }

  /**
   * Takes the declared params out of a validated body: each goes to the
   * options of every adapter that takes it; the rest of the body is returned.
   */
  move(type: RequestType, data: Readonly<Record<string, unknown>>): { providerOptions: ProviderOptions; rest: Record<string, unknown> } {
    const table = this.byType[type];
    const providerOptions: ProviderOptions = {};
    const rest: Record<string, unknown> = {};
    for (const [name, value] of Object.entries(data)) {
      const param = table.get(name);
      if (!param || value === undefined) {
        rest[name] = value;
        continue;
      }
      for (const id of param.adapters) (providerOptions[id] ??= {})[name] = value;
    }
    return { providerOptions, rest };
  }

  /** The params a request sets that change what its answer is (the gateway does not split such requests). */
  answerShapers(type: RequestType, providerOptions: ProviderOptions | undefined): string[] {
    const table = this.byType[type];
    const names = new Set<string>();
    for (const options of Object.values(providerOptions ?? {})) {
      for (const [name, value] of Object.entries(options)) if (table.get(name)?.shapesAnswer && asks(value)) names.add(name);
    }
    return [...names];
  }
}
