// logging: one structured JSON line per request (pino), written when the
// answer is finished, including requests refused before they were parsed.
// Level and destination from its options; human-readable on a terminal.
// Each record also goes to the request log store (logs:), which the admin
// API (/admin/logs, /admin/stats, /admin/jobs) and the dashboard (/ui) read.
import { inject, injectable } from 'tsyringe';
import type { Registry } from 'prom-client';
import type { GatewayConfig } from '../../core/config/types.js';
import type { RouteTable } from '../../core/http/route-table.js';
import { ADMIN_ROUTES, answerAdmin, isAdminAction } from './admin-api.js';
import { dashboardDir } from './dashboard.js';
import { createLogStore, DEFAULT_LOG_STORE } from './store/create.js';
import { toLogRecord } from './store/record.js';
import { LogService } from './store/service.js';
import { TOKENS } from '../../core/container.js';
import type { GatewayContext } from '../../core/context.js';
import type { Lifecycle, ResponseRecord } from '../../core/lifecycle.js';
import { createLogger, type Logger } from '../../core/logger.js';
import type { Next, Plugin } from '../../core/plugin.js';
import { requestLine } from './line.js';

interface LoggingOptions {
  level: string;
  destination?: string;
  pretty: boolean | 'auto';
  log_content: boolean;
}

// Probes and the admin API's own calls (the dashboard polls) would drown the requests worth reading.
const UNSTORED = /^(health|metrics|admin_.*)$/;

@injectable()
export default class LoggingPlugin implements Plugin {
  static readonly pluginName = 'logging';
  static readonly configSchema = {
    type: 'object',
    additionalProperties: false,
    properties: {
      level: { enum: ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], default: 'info' },
      destination: { type: 'string', minLength: 1, description: 'stdout, stderr or a file path; default: where log: sends the gateway’s own lines.' },
      pretty: { enum: [true, false, 'auto'], default: 'auto' },
      log_content: { type: 'boolean', default: false, description: 'Add transcripts and speech input to the lines (they may hold personal data).' },
    },
  };
  readonly name = 'logging';
  private readonly out: Logger;
  private readonly logs: LogService;
  private readonly keepContent: boolean;

  constructor(
    @inject(TOKENS.PluginOptions) private readonly options: LoggingOptions,
    @inject(TOKENS.Logger) logger: Logger,
    @inject(TOKENS.Lifecycle) lifecycle: Lifecycle,
    @inject(TOKENS.Config) config: GatewayConfig,
    @inject(TOKENS.Routes) routes: RouteTable,
    @inject(TOKENS.Metrics) registry: Registry,
  ) {
    this.out = options.destination
      ? createLogger({ level: options.level, destination: options.destination, pretty: options.pretty })
      : logger.child({}, { level: options.level });
    const settings = config.logs ?? { store: DEFAULT_LOG_STORE, retention_days: 30, content: false, queue_size: 10_000 };
    this.keepContent = settings.content;
    this.logs = new LogService(createLogStore(settings.store), { queueSize: settings.queue_size, retentionDays: settings.retention_days }, registry, logger.child({ plugin: 'logging' }));
    for (const route of ADMIN_ROUTES) routes.addAction(route);
    const ui = dashboardDir();
    if (ui) routes.addStatic({ path: '/ui', dir: ui });
    lifecycle.onResponse((record) => this.write(record));
    // Lines to a file go through an asynchronous writer: wait for them before shutdown goes on.
    lifecycle.onClose(() => new Promise<void>((resolve) => this.out.flush(() => resolve())));
    lifecycle.onClose(() => this.logs.close());
  }

  /** Migrations and the first retention sweep, at start-up; a database that is down only costs its records. */
  async setup(): Promise<void> {
    await this.logs.start();
  }

  // The line is written from the response hook; the chain only answers the admin API.
  async handle(ctx: GatewayContext, next: Next): Promise<void> {
    const { request } = ctx;
    if (request.type === 'action' && isAdminAction(request)) {
      ctx.result = await answerAdmin(request, ctx.principal, this.logs);
      return;
    }
    await next();
  }

  private write(record: ResponseRecord): void {
    if (!UNSTORED.test(record.route)) this.logs.push(toLogRecord(record, this.keepContent, record.traceId));
    const line = requestLine(record, this.options.log_content);
    // Probes hit /health every few seconds; their lines would drown the rest.
    if (record.route === 'health' || record.route === 'metrics') this.out.debug(line, 'request');
    else if (record.status >= 500) this.out.error(line, 'request failed');
    else if (line.interrupted) this.out.error(line, 'stream cut short by a provider failure');
    else if (record.aborted) this.out.warn(line, 'request aborted by the client');
    else this.out.info(line, 'request');
  }
}
