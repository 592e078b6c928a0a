// The plugin contract (onion model, as in koa-compose). A plugin is one
// `definePlugin({ name, options, setup })` value, built-ins and third-party
// alike: `setup(env)` runs once at start-up with the validated, typed options
// and returns the hooks. `handle(ctx, next)` may act before `next()`, after
// it, around it several times, or end the chain by setting `ctx.result`.
// Plugins never import each other: they share through the kit's types.
import type { FromSchema, JSONSchema } from 'json-schema-to-ts';
import type { GatewayContext, RequestHead } from './context.js';
import type { ConfigProblem } from './config/errors.js';
import type { GatewayConfig } from './config/types.js';
import type { JsonSchema } from './json-schema.js';
import type { Logger } from './logger.js';
import type { ProviderRegistry } from './registry.js';
import type { Store } from './store/store.js';
import type { Lifecycle } from './lifecycle.js';
import type { RouteTable } from './http/route-table.js';
import type { Registry } from 'prom-client';

/** Bumped when a change to the plugin or adapter contract would break an extension. */
export const CONTRACT_VERSION = 1;
export type ContractVersion = typeof CONTRACT_VERSION;

/**
 * Runs the rest of the chain; on `onto` instead of the current context when
 * given. Valid only while the plugin's `handle` runs: a call after it
 * returned is refused (koa-compose's guard). To run the rest of the chain
 * later (a background job), take `next.detach()` while `handle` runs.
 */
export interface Next {
  (onto?: GatewayContext): Promise<void>;
  /** A continuation that stays valid after `handle` returned: one call at a time, on the context given. */
  detach(): (onto: GatewayContext) => Promise<void>;
  /**
   * Runs the `validate` hooks of the rest of the chain on `ctx`, without
   * running it: a plugin that accepts work to do later (async-job) refuses
   * now what the plugins after it would refuse then.
   */
  validate(ctx?: GatewayContext): Promise<void>;
}

/** What `setup` returns: the plugin's hooks, closed over its own state. */
export interface PluginHooks {
  /**
   * Runs before the request body is read, in chain order, on what the
   * headers say. Throw a GatewayError to refuse the request unread (auth).
   */
  onRequest?(head: RequestHead): Promise<void>;
  /**
   * Runs when a realtime session (GET /v1/realtime) is about to open, after
   * every onRequest hook, in chain order. Throw a GatewayError to refuse the
   * upgrade (a session counts as one request against a per-minute limit).
   */
  onSession?(head: RequestHead): Promise<void>;
  /**
   * Refuses (throws a GatewayError) what `handle` would refuse before any
   * work, when a plugin ahead of it asks (`next.validate`) before accepting
   * the request for later. Must not change the context.
   */
  validate?(ctx: GatewayContext): void | Promise<void>;
  /** Every request, in chain order. Absent: the plugin passes every request on. */
  handle?(ctx: GatewayContext, next: Next): Promise<void>;
  close?(): Promise<void>;
}

/** A plugin in the running chain (what the kernel composes). */
export interface Plugin extends PluginHooks {
  readonly name: string;
  /** From the definition: see PluginSpec.perPart. */
  readonly perPart?: boolean;
  handle(ctx: GatewayContext, next: Next): Promise<void>;
}

/**
 * The type a JSON Schema (written `as const`) validates to, after defaults are
 * filled: a property with a `default` is always present, one in `required`
 * too, every other one optional. Options and settings types are derived with
 * it, so the schema is the one place they are written:
 *   const OPTIONS = { type: 'object', properties: { ttl_s: { type: 'integer', default: 600 } } } as const;
 *   type Options = OptionsOf<typeof OPTIONS>;   // { ttl_s: number }
 */
export type OptionsOf<S extends JSONSchema> = FromSchema<S>;

/** What a plugin is handed at start-up. */
export interface PluginEnv<O = Readonly<Record<string, unknown>>> {
  /** This plugin's entry in `plugins:` minus name/path, validated against `options`, defaults filled. */
  readonly options: Readonly<O>;
  readonly config: GatewayConfig;
  /**
   * The schema the config file was checked against (core's sections and every
   * plugin's, with their `$defs`): input taken at run time (an admin API body)
   * refers to the same definitions, so it is refused as the file would be.
   */
  readonly configSchema: JsonSchema;
  readonly store: Store;
  readonly logger: Logger;
  readonly providers: ProviderRegistry;
  readonly lifecycle: Lifecycle;
  readonly routes: RouteTable;
  /** The gateway's prom-client Registry (served at GET /metrics). */
  readonly metrics: Registry;
  /**
   * Runs the plugins after this one and the provider on `ctx`, outside any
   * request: for work taken back from the shared store (a job another
   * instance accepted, rebuilt with `restoreContext`). Valid once start-up is
   * done; work on a live request uses `next` / `next.detach()`.
   */
  readonly continueChain: (ctx: GatewayContext) => Promise<void>;
}

/** What a command is handed: where to write, and the config as `serve` would load it. */
export interface CommandIO {
  readonly out: NodeJS.WritableStream;
  readonly err: NodeJS.WritableStream;
  /** The config `--config FILE` (else $VOXGATE_CONFIG, else the embedded one) names, validated. */
  loadConfig(file?: string): { readonly config: GatewayConfig; readonly file: string };
  /** An error the CLI reports as a config problem (exit 78), with key paths. */
  configError(file: string, problems: readonly ConfigProblem[]): Error;
}

/** A `voxgate <name> …` subcommand a plugin brings (auth's `keys` and `token`). */
export interface PluginCommand {
  readonly name: string;
  /** One usage line, shown by `voxgate help`: "voxgate keys create --name NAME". */
  readonly usage: string;
  /** What it does, in a few words, shown under the usage. */
  readonly summary: string;
  /** The exit code: 0 done, 2 a usage error. Throwing reports the message (exit 1). */
  run(args: string[], io: CommandIO): number | Promise<number>;
}

/** What a plugin adds to GET /openapi.json beyond its routes' own docs. */
export interface OpenApiFragment {
  /** Component schemas its routes' docs refer to (`#/components/schemas/<name>`). */
  readonly schemas?: Readonly<Record<string, JsonSchema>>;
  /** Request headers it reads on every provider route (the cache's x-bf-cache-key). */
  readonly headers?: readonly OpenApiHeader[];
}

export interface OpenApiHeader {
  readonly name: string;
  readonly description: string;
  readonly schema: JsonSchema;
}

/**
 * What a plugin adds to the gateway's config schema: a top-level section it
 * owns (`key` with its `schema`: auth owns `auth:`), and definitions other
 * schemas refer to as `#/$defs/<name>` (rate-limit's `rate_limit`, the limits
 * auth's virtual keys carry). Assembled with core's sections at load, so a
 * mistake in a section is reported with its key path like any other.
 */
export interface PluginConfigSchema {
  /** The top-level YAML key the plugin owns; needs `schema`. */
  readonly key?: string;
  /** JSON Schema (draft 2020-12) for that section; its `default`s are filled. */
  readonly schema?: JsonSchema;
  readonly defs?: Readonly<Record<string, JsonSchema>>;
}

/** A plugin's own config section with a typed reader: `configSection<Greeting>("greeting", SCHEMA)`. */
export interface ConfigSection<T> extends PluginConfigSchema {
  readonly key: string;
  readonly schema: JsonSchema;
  /** The section as validated (defaults filled), or undefined when the file has none. */
  read(config: GatewayConfig): T | undefined;
}

/** Declares a section (pass it as the plugin's `config`) and reads it back typed, as `stateKey` does for state. */
export function configSection<T>(key: string, schema: JsonSchema, defs?: Readonly<Record<string, JsonSchema>>): ConfigSection<T> {
  return Object.freeze({
    key,
    schema,
    ...(defs ? { defs } : {}),
    // The loader validated config[key] against `schema`: it is a T when present.
    read: (config: GatewayConfig) => Object.getOwnPropertyDescriptor(config, key)?.value as T | undefined,
  });
}

/** A model the gateway serves: the provider instance, its adapter type, the model. */
export interface ServableModel {
  readonly provider: string;
  readonly type: string;
  readonly model: string;
}

/** What a plugin declares; `definePlugin` stamps the contract version on it. */
export interface PluginSpec<O> {
  readonly name: string;
  /** JSON Schema for the plugin's options (its entry in `plugins:`). Absent: it takes none. */
  readonly options?: JsonSchema;
  /**
   * The plugin acts on each part of a request the gateway splits (long
   * audio cut into chunks, long text into parts), not on the whole: the
   * long-media step runs just ahead of the first such plugin in the chain,
   * and runs it and the plugins after it once per part (fallback sets it, so
   * each chunk has its own retries and fallbacks). Unset: it sees the whole.
   */
  readonly perPart?: boolean;
  /**
   * Checks the parts of the gateway config the plugin reads beyond its own
   * options and its section's schema (auth's key formats), at start-up and in `check-config`, so they
   * fail with key paths like every other config problem.
   */
  checkConfig?(config: GatewayConfig): readonly ConfigProblem[];
  /**
   * What `check-config` warns about without refusing the file (the usage
   * plugin: a model without a price), given every model the gateway serves.
   */
  configWarnings?(config: GatewayConfig, models: readonly ServableModel[]): readonly ConfigProblem[];
  /**
   * Said when the plugin is not in the chain although the config asks for
   * what it enforces (auth with `auth.required: true`): start-up fails closed
   * with this problem. Return undefined when its absence is fine.
   */
  whenAbsent?(config: GatewayConfig): ConfigProblem | undefined;
  /** Its config section and schema definitions, assembled into the gateway's schema. */
  readonly config?: PluginConfigSchema;
  /** What it adds to the OpenAPI document when it is in the chain. */
  readonly openapi?: OpenApiFragment;
  /** `voxgate` subcommands this plugin brings, listed by `voxgate help`. */
  readonly commands?: readonly PluginCommand[];
  setup(env: PluginEnv<O>): PluginHooks | Promise<PluginHooks>;
}

export interface PluginDefinition<O = Readonly<Record<string, unknown>>> extends PluginSpec<O> {
  readonly contractVersion: ContractVersion;
}

/** The one way to write a plugin: `export default definePlugin({ name, options, setup(env) { return { handle } } })`. */
export function definePlugin<O = Readonly<Record<string, never>>>(spec: PluginSpec<O>): PluginDefinition<O> {
  return Object.freeze({ ...spec, contractVersion: CONTRACT_VERSION });
}
