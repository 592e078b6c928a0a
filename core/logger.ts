// One pino logger per gateway. Redaction paths are a second fence behind the
// rule that secrets are never handed to the logger at all.
import { pino, type Logger, type DestinationStream } from 'pino';

export type { Logger };

export interface LogSettings {
  level: string;
  /** "stdout", "stderr", or a file path. */
  destination: string;
  /** Human-readable lines; "auto" means when the destination is a terminal. */
  pretty: boolean | 'auto';
}

const REDACT = [
  'authorization', '*.authorization', 'headers.authorization', 'headers["api-key"]', 'headers["x-bf-vk"]',
  'headers["xi-api-key"]', 'key', '*.key', 'apiKey', '*.apiKey', 'token', '*.token', 'secret', '*.secret',
];

function destinationFor(settings: LogSettings): DestinationStream {
  if (settings.destination === 'stdout') return pino.destination({ fd: 1, sync: false });
  if (settings.destination === 'stderr') return pino.destination({ fd: 2, sync: false });
  return pino.destination({ dest: settings.destination, mkdir: true, sync: false });
}

function wantsPretty(settings: LogSettings): boolean {
  if (settings.pretty !== 'auto') return settings.pretty;
  if (settings.destination === 'stdout') return process.stdout.isTTY === true;
  if (settings.destination === 'stderr') return process.stderr.isTTY === true;
  return false;
}

export function createLogger(settings: LogSettings, stream?: DestinationStream): Logger {
  const options = { level: settings.level, base: undefined, redact: { paths: REDACT, censor: '[redacted]' } };
  if (stream) return pino(options, stream);
  if (wantsPretty(settings)) {
    const fd = settings.destination === 'stderr' ? 2 : 1;
    const transport = pino.transport({ target: 'pino-pretty', options: { destination: fd, colorize: true } });
    return pino(options, transport);
  }
  return pino(options, destinationFor(settings));
}
