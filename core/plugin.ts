// The plugin contract (onion model, as in koa-compose): each plugin may act
// before `next()`, after it, around it several times, or end the chain by
// setting `ctx.result` without calling it. Plugins never import each other.
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

/** Runs the rest of the chain; on `onto` instead of the current context when given. */
export type Next = (onto?: GatewayContext) => Promise<void>;

export interface Plugin {
  readonly name: string;
  /** JSON Schema for the plugin's own options (its entry in `plugins:`). */
  readonly configSchema?: JsonSchema;
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
   * options (auth reads `auth:`), at start-up and in `check-config`, so they
   * fail with key paths like every other config problem. A class plugin
   * declares it static.
   */
  checkConfig?(config: GatewayConfig): readonly ConfigProblem[];
  setup?(env: PluginEnv): void | Promise<void>;
  /**
   * Runs before the request body is read, in chain order, on what the
   * headers say. Throw a GatewayError to refuse the request unread (auth).
   */
  onRequest?(head: RequestHead): Promise<void>;
  handle(ctx: GatewayContext, next: Next): Promise<void>;
  close?(): Promise<void>;
}

/** What a plugin is handed at start-up (to `setup`, or by injection for classes). */
export interface PluginEnv {
  /** This plugin's entry in `plugins:`, validated against its configSchema. */
  readonly options: Readonly<Record<string, unknown>>;
  readonly config: GatewayConfig;
  readonly store: Store;
  readonly logger: Logger;
  readonly providers: ProviderRegistry;
  readonly lifecycle: Lifecycle;
  readonly routes: RouteTable;
  /** The gateway's prom-client Registry (served at GET /metrics). */
  readonly metrics: Registry;
}
