// logging: one structured JSON line per request (pino), written when the
// answer is finished, including requests refused before they were parsed.
// Level and destination from its options; human-readable on a terminal.
import { createLogger, definePlugin, type Logger, type OptionsOf, type PluginEnv, type ResponseRecord } from '../../core/kit.js';
import { requestLine } from './line.js';

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

// The line is written from the response hook; the chain only passes through (no handle).
class Logging {
  private readonly options: LoggingOptions;
  private readonly out: Logger;

  constructor({ options, logger, lifecycle }: PluginEnv<LoggingOptions>) {
    this.options = options;
    this.out = options.destination
      ? createLogger({ level: options.level, destination: options.destination, pretty: options.pretty })
      : logger.child({}, { level: options.level });
    lifecycle.onResponse((record) => this.write(record));
    // Lines to a file go through an asynchronous writer: wait for them before shutdown goes on.
    lifecycle.onClose(() => new Promise<void>((resolve) => this.out.flush(() => resolve())));
  }

  private write(record: ResponseRecord): void {
    const line = requestLine(record, this.options.log_content);
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
  setup(env) {
    new Logging(env); // it lives on through the lifecycle hooks it registered
    return {};
  },
});
