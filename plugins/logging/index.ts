// logging: one structured JSON line per request (pino), written when the
// answer is finished, including requests refused before they were parsed.
// Level and destination from its options; human-readable on a terminal.
// Each record also goes to the request log store (logs:), which the admin
// API (/admin/logs, /admin/stats, /admin/jobs) and the dashboard (/ui) read.
import { createLogger, definePlugin, type GatewayContext, type Logger, type Next, type OptionsOf, type PluginEnv, type PluginHooks, type ResponseRecord } from '../../core/kit.js';
import { ADMIN_ROUTES, answerAdmin, isAdminAction } from './admin-api.js';
import { dashboardDir } from './dashboard.js';
import { LOGS_SECTION } from './config-schema.js';
import { requestLine } from './line.js';
import { createLogStore, DEFAULT_LOG_STORE } from './store/create.js';
import { toLogRecord } from './store/record.js';
import { LogService } from './store/service.js';

const OPTIONS = {
  type: 'object',
  additionalProperties: false,
  properties: {
    level: { enum: ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], default: 'info' },
    destination: { type: 'string', minLength: 1, description: 'stdout, stderr or a file path; default: where log: sends the gateway’s own lines.' },
    pretty: { enum: [true, false, 'auto'], default: 'auto' },
    log_content: { type: 'boolean', default: false, description: 'Add transcripts and speech input to the lines (they may hold personal data).' },
  },
} as const;

type LoggingOptions = OptionsOf<typeof OPTIONS>;

// The lines and records come from the response hook; the chain only answers the admin API.
class Logging implements PluginHooks {
  private readonly options: LoggingOptions;
  private readonly out: Logger;
  readonly logs: LogService;
  private readonly keepContent: boolean;

  constructor({ options, logger, lifecycle, config, routes, metrics }: PluginEnv<LoggingOptions>) {
    this.options = options;
    this.out = options.destination
      ? createLogger({ level: options.level, destination: options.destination, pretty: options.pretty })
      : logger.child({}, { level: options.level });
    const settings = LOGS_SECTION.read(config) ?? { store: DEFAULT_LOG_STORE, retention_days: 30, content: false, queue_size: 10_000 };
    this.keepContent = settings.content;
    this.logs = new LogService(createLogStore(settings.store), { queueSize: settings.queue_size, retentionDays: settings.retention_days }, metrics, logger);
    for (const route of ADMIN_ROUTES) routes.addAction(route);
    const ui = dashboardDir();
    if (ui) routes.addStatic({ path: '/ui', dir: ui });
    lifecycle.onResponse((record) => this.write(record));
    // Lines to a file go through an asynchronous writer: wait for them before shutdown goes on.
    lifecycle.onClose(() => new Promise<void>((resolve) => this.out.flush(() => resolve())));
    lifecycle.onClose(() => this.logs.close());
  }

  async handle(ctx: GatewayContext, next: Next): Promise<void> {
    const { request } = ctx;
    if (request.type === 'action' && isAdminAction(request)) {
      ctx.result = await answerAdmin(request, ctx.principal, this.logs);
      return;
    }
    await next();
  }

  private write(record: ResponseRecord): void {
    // Probes and the admin API's own calls (the dashboard polls) would drown the requests worth reading.
    const line = requestLine(record, this.options.log_content);
    if (record.routeKind !== 'probe' && record.routeKind !== 'admin') {
      // The line is built once for both sinks when they keep the same content.
      const stored = this.keepContent === this.options.log_content ? line : requestLine(record, this.keepContent);
      this.logs.push(toLogRecord(record, stored, record.traceId));
    }
    // Probes hit /health every few seconds; their lines would drown the rest.
    if (record.routeKind === 'probe') this.out.debug(line, 'request');
    else if (record.status >= 500) this.out.error(line, 'request failed');
    else if (line.interrupted) this.out.error(line, 'stream cut short by a provider failure');
    else if (record.aborted) this.out.warn(line, 'request aborted by the client');
    else this.out.info(line, 'request');
  }
}

export default definePlugin<LoggingOptions>({
  name: 'logging',
  options: OPTIONS,
  config: LOGS_SECTION,
  async setup(env) {
    const logging = new Logging(env);
    // Migrations and the first retention sweep; a database that is down only costs its records.
    await logging.logs.start();
    return { handle: (ctx, next) => logging.handle(ctx, next) };
  },
});
