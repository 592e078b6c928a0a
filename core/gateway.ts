// The microkernel assembled: config → adapters and provider instances →
// store → plugins (in config order) → chain → HTTP server. Everything a
// request needs is built here, once, before the server listens.
import http from 'node:http';
import { clientAddressResolver } from './http/client-address.js';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { DependencyContainer } from 'tsyringe';
import { loadAdapters } from './assemble/adapters.js';
import { ParamCatalog } from './params/catalog.js';
import { createPlugin, resolvePlugins, type PluginSpec } from './assemble/plugins.js';
import { buildProviderInstances } from './assemble/providers.js';
import { compose, composeHeadHooks, composeSessionHooks } from './chain.js';
import { ConfigError, type ConfigProblem } from './config/errors.js';
import { builtinPluginDefinitions, gatewaySchema } from './config/load.js';
import { assembleSchema } from './config/schema.js';
import type { JsonSchema } from './json-schema.js';
import { defaultProviderOf, routingProblems } from './config/routing.js';
import type { GatewayConfig, LoadedConfig } from './config/types.js';
import type { Registry } from 'prom-client';
import { TOKENS, createContainer } from './container.js';
import { createDispatcher } from './dispatch.js';
import { createApp } from './http/app.js';
import { CORE_ROUTES, RouteTable, type GatewayRoute } from './http/route-table.js';
import { UploadBudget } from './http/upload-budget.js';
import { answerClientErrors, answerExpectations } from './http/client-errors.js';
import { Lifecycle } from './lifecycle.js';
import { GatewayMetrics } from './metrics.js';
import { createLogger, withSecretHeaders, type Logger } from './logger.js';
import type { Plugin, PluginEnv } from './plugin.js';
import type { ProviderAdapter, ProviderInstance } from './provider.js';
import { ProviderRegistry } from './registry.js';
import { createStore } from './store/create.js';
import { packageVersion } from './paths.js';
import type { Store } from './store/store.js';
import { UpstreamHttp } from './upstream/http.js';
import { createLongMedia, type LongMedia } from './long-media/runtime.js';
import { createLongMediaStep } from './long-media/step.js';
import { RealtimeHub } from './realtime/hub.js';

/** How long one teardown step (closing a plugin, the store) may take before shutdown goes on without it. */
const STEP_MS = 5_000;

export interface Prepared {
  loaded: LoadedConfig;
  container: DependencyContainer;
  adapters: Map<string, ProviderAdapter>;
  instances: ProviderInstance[];
  plugins: PluginSpec[];
}

/**
 * Everything that can be checked without opening a socket: adapters found,
 * provider blocks and plugin options valid. Throws one ConfigError listing
 * every problem. `voxgate check-config` stops here.
 */
export async function prepare(loaded: LoadedConfig, logger: Logger): Promise<Prepared> {
  const { config } = loaded;
  const configDir = path.dirname(loaded.file);
  const problems: ConfigProblem[] = [];
  const container = createContainer([
    [TOKENS.Config, config],
    [TOKENS.Logger, logger],
  ]);
  const adapters = await loadAdapters(config.extensions.providers, configDir, problems);
  const instances = buildProviderInstances(loaded, adapters, problems);
  const plugins = await resolvePlugins(config, configDir, problems);
  problems.push(...routingProblems(config));
  if (problems.length > 0) throw new ConfigError(loaded.file, problems);
  return { loaded, container, adapters, instances, plugins };
}

/** Vendor-shaped routes of the adapters that have at least one configured instance. */
function adapterRoutes(prepared: Prepared): GatewayRoute[] {
  return [...prepared.adapters.values()].flatMap((adapter) => {
    const instances = prepared.instances.filter((i) => i.type === adapter.id);
    if (instances.length === 0) return [];
    return (adapter.inboundRoutes ?? []).map((r) => ({
      name: r.name,
      paths: r.paths,
      requestType: r.requestType,
      task: r.task,
      mode: 'sync' as const,
      doc: r.doc,
      defaultModel: (params: Readonly<Record<string, string>>, given: string | undefined) => r.defaultModel(params, given, instances),
    }));
  });
}

/** Each plugin's env, built from the kernel's container (the one place tsyringe is used). */
function pluginEnv(container: DependencyContainer, spec: PluginSpec, continueChain: PluginEnv['continueChain'], configSchema: JsonSchema): PluginEnv {
  const logger = container.resolve<Logger>(TOKENS.Logger);
  return {
    configSchema,
    options: Object.freeze({ ...spec.options }),
    config: container.resolve<GatewayConfig>(TOKENS.Config),
    store: container.resolve<Store>(TOKENS.Store),
    logger: logger.child({ plugin: spec.name }),
    providers: container.resolve<ProviderRegistry>(TOKENS.Providers),
    lifecycle: container.resolve<Lifecycle>(TOKENS.Lifecycle),
    routes: container.resolve<RouteTable>(TOKENS.Routes),
    metrics: container.resolve<Registry>(TOKENS.Metrics),
    continueChain,
  };
}

export interface GatewayOptions {
  /** A logger to use instead of one built from `log:` (tests capture output this way). */
  logger?: Logger;
}

export class Gateway {
  private closing: Promise<void> | undefined;

  private constructor(
    readonly server: http.Server,
    readonly logger: Logger,
    readonly store: Store,
    readonly providers: ProviderRegistry,
    private readonly plugins: readonly Plugin[],
    private readonly lifecycle: Lifecycle,
    private readonly shutdownMs: number,
    private readonly longMedia: LongMedia,
  ) {}

  static async create(loaded: LoadedConfig, options: GatewayOptions = {}): Promise<Gateway> {
    const { config } = loaded;
    const baseLogger = options.logger ?? createLogger(config.log);
    const prepared = await prepare(loaded, baseLogger);
    const adapters = [...prepared.adapters.values()];
    const logger = withSecretHeaders(baseLogger, adapters.flatMap((a) => a.secretHeaders ?? []));
    prepared.container.register(TOKENS.Logger, { useValue: logger });
    const store = await createStore(config.store.url, logger);
    const providers = new ProviderRegistry(
      prepared.instances.map((instance) => ({
        instance,
        adapter: prepared.adapters.get(instance.type)!,
        http: UpstreamHttp.create(instance.name, instance.timeoutMs, Number(instance.settings.max_connections)),
      })),
      defaultProviderOf(config),
      new ParamCatalog(adapters),
    );
    const lifecycle = new Lifecycle(logger);
    // Traces (telemetry.otlp_endpoint): registered before anything runs; flushed last at shutdown.
    const telemetry = config.telemetry;
    if (telemetry?.otlp_endpoint) {
      // The SDK is large: loaded only when traces are wanted, so start-up without them stays quick.
      const { startTracing } = await import('./telemetry/tracing.js');
      const stop = startTracing({ ...telemetry, otlp_endpoint: telemetry.otlp_endpoint }, packageVersion);
      lifecycle.onClose(() => stop());
      logger.info({ otlp_endpoint: telemetry.otlp_endpoint }, 'exporting traces');
    }
    const metrics = new GatewayMetrics(providers);
    lifecycle.onResponse((record) => metrics.observe(record));
    const routes = new RouteTable();
    for (const route of CORE_ROUTES) routes.add(route);
    for (const route of adapterRoutes(prepared)) routes.add(route);

    const { container } = prepared;
    container.register(TOKENS.Store, { useValue: store });
    container.register(TOKENS.Providers, { useValue: providers });
    container.register(TOKENS.Lifecycle, { useValue: lifecycle });
    container.register(TOKENS.Routes, { useValue: routes });
    container.register(TOKENS.Metrics, { useValue: metrics.registry });

    const plugins: Plugin[] = [];
    const dispatcher = createDispatcher(providers, logger, config.voices);
    let outer: Plugin[] = [];
    let split = 0;
    // The rest of the chain after plugin i, composed once every plugin is set up.
    const after = new Map<number, ReturnType<typeof compose>>();
    const continueAfter = (i: number): PluginEnv['continueChain'] => (ctx) => {
      if (plugins.length !== prepared.plugins.length) return Promise.reject(new Error('continueChain() called before start-up finished'));
      let rest = after.get(i);
      // Before the split the rest runs through the long-media step, as a request does.
      if (!rest) after.set(i, (rest = compose(i < split ? outer.slice(i + 1) : plugins.slice(i + 1), dispatcher)));
      return rest(ctx);
    };
    // The file's schema with the extension plugins' parts: plugins validate run-time input against its $defs.
    const extensions = prepared.plugins.filter((p) => !builtinPluginDefinitions.includes(p.definition));
    const configSchema = Object.freeze(assembleSchema(extensions.map((p) => ({ owner: p.name, config: p.definition.config })), gatewaySchema));
    for (const [i, spec] of prepared.plugins.entries()) plugins.push(await createPlugin(spec, pluginEnv(container, spec, continueAfter(i), configSchema)));

    // Long media splits a request just ahead of the first per-part plugin (fallback: each part has its own retries and fallbacks).
    const longMedia = createLongMedia(config);
    if (!longMedia.tools) logger.warn({ reason: longMedia.offReason }, 'long audio is off');
    const at = plugins.findIndex((p) => p.perPart === true);
    split = at < 0 ? plugins.length : at;
    const perPart = plugins.slice(split);
    const rest = compose(perPart, dispatcher);
    // The step is the outer chain's last link: it ends the chain itself (running `rest`, once or per
    // part), and passes next.validate() on to the per-part plugins (async-job refuses what fallback would).
    const step: Plugin = {
      name: 'long-media',
      validate: async (ctx) => {
        for (const p of perPart) await p.validate?.(ctx);
      },
      handle: createLongMediaStep(longMedia, providers, rest),
    };
    outer = [...plugins.slice(0, split), step];
    const chain = compose(outer, dispatcher);
    const headHooks = composeHeadHooks(plugins);
    const budget = new UploadBudget(config.server.max_inflight_mb * 1024 * 1024);
    // One reading of server.trust_proxy for the HTTP handlers and the realtime upgrades.
    const clientAddress = clientAddressResolver(config.server.trust_proxy);
    const app = createApp(routes.freeze(), { config, providers, chain, headHooks, lifecycle, logger, budget, longMedia, clientAddress, store, metrics: metrics.registry, version: packageVersion, documentExtras: {
        securitySchemes: Object.assign({}, ...adapters.map((a) => a.securitySchemes ?? {})),
        plugins: prepared.plugins.flatMap((p) => p.definition.openapi ?? []),
      },
    });
    const { headers_timeout_s, body_timeout_s } = config.server;
    // Node's own deadlines are the backstop; the body deadlines answer in the error shape before them.
    const server = http.createServer(
      {
        headersTimeout: headers_timeout_s * 1000,
        requestTimeout: (headers_timeout_s + body_timeout_s + 5) * 1000,
        // Node checks those deadlines on this interval (30 s by default): keep it a fraction of the shortest.
        connectionsCheckingInterval: Math.min(5000, Math.max(100, (headers_timeout_s * 1000) / 4)),
        keepAliveTimeout: 5_000,
        // A request without Host reaches the app, which refuses it in the error shape (Node's own 400 is bare).
        requireHostHeader: false,
      },
      app,
    );
    answerClientErrors(server);
    answerExpectations(server);
    // Realtime sessions: WebSocket upgrades on the same server, auth by the same onRequest hooks.
    new RealtimeHub({ config: config.realtime, shutdownMs: config.server.shutdown_timeout_s * 1000, providers, headHooks, sessionHooks: composeSessionHooks(plugins), lifecycle, logger, metrics: metrics.registry, clientAddress }).attach(server);
    return new Gateway(server, logger, store, providers, plugins, lifecycle, config.server.shutdown_timeout_s * 1000, longMedia);
  }

  async listen(port: number, host: string): Promise<AddressInfo> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, host, () => {
        this.server.off('error', reject);
        resolve();
      });
    });
    return this.server.address() as AddressInfo;
  }

  /** The base URL the gateway answers on, once listening. */
  get url(): string {
    const address = this.server.address() as AddressInfo;
    const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
    return `http://${host}:${address.port}`;
  }

  /** Stops accepting, lets in-flight requests finish up to the shutdown deadline, then closes everything. */
  close(): Promise<void> {
    this.closing ??= this.shutdown();
    return this.closing;
  }

  private async shutdown(): Promise<void> {
    // Drain first with the listener open: /ready says 503, polls still answer, plugins finish or hand off their work.
    await this.bounded('drain', () => this.lifecycle.drain(), this.shutdownMs + STEP_MS);
    const drained = new Promise<void>((resolve) => this.server.close(() => resolve()));
    this.server.closeIdleConnections();
    const deadline = new Promise<void>((resolve) => setTimeout(resolve, this.shutdownMs).unref());
    await Promise.race([drained, deadline]);
    this.server.closeAllConnections();
    await this.bounded('close hooks', () => this.lifecycle.close());
    for (const plugin of [...this.plugins].reverse()) await this.bounded(`plugin ${plugin.name}`, () => plugin.close?.());
    await this.bounded('providers', () => this.providers.close());
    await this.bounded('store', () => this.store.close());
    this.longMedia.spool.close();
  }

  /** One teardown step, given up on (and said so) when it does not finish: a store that is down must not keep the process from exiting. */
  private async bounded(step: string, run: () => Promise<void> | void, ms = STEP_MS): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<'late'>((resolve) => {
      timer = setTimeout(() => resolve('late'), ms);
      timer.unref();
    });
    try {
      const outcome = await Promise.race([Promise.resolve().then(run).then(() => 'done' as const), late]);
      if (outcome === 'late') this.logger.warn({ step, after_s: ms / 1000 }, 'shutdown step did not finish in time (is the store down?); going on without it');
    } catch (err) {
      this.logger.error({ err, step }, 'shutdown step failed');
    } finally {
      clearTimeout(timer);
    }
  }
}
