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
  'key', '*.key', 'apiKey', '*.apiKey', 'token', '*.token', 'secret', '*.secret',
];
const CENSOR = '[redacted]';

/** The logger, also redacting the secret headers adapters declare (a vendor's key header). */
export function withSecretHeaders(logger: Logger, headers: readonly string[]): Logger {
  if (headers.length === 0) return logger;
  const paths = [...REDACT, ...headers.map((h) => `headers[${JSON.stringify(h.toLowerCase())}]`)];
  return logger.child({}, { redact: { paths, censor: CENSOR } });
}

// Lines are written in batches of up to 4 KB, or after a second at most: one
// write per line cost ~7% of a busy gateway's CPU.
const BATCH_BYTES = 4096;
const BATCH_MS = 1000;

type Batched = ReturnType<typeof pino.destination>;
const batched = new Set<Batched>();

setInterval(() => {
  for (const destination of batched) destination.flush();
}, BATCH_MS).unref();

// On exit, write what is still batched.
process.once('exit', () => {
  for (const destination of batched) {
    try {
      destination.flushSync();
    } catch {
      // nothing more can be done while exiting
    }
  }
});

function destinationFor(settings: LogSettings): DestinationStream {
  const where = settings.destination === 'stdout' ? { fd: 1 } : settings.destination === 'stderr' ? { fd: 2 } : { dest: settings.destination, mkdir: true };
  const destination = pino.destination({ ...where, sync: false, minLength: BATCH_BYTES });
  batched.add(destination);
  destination.once('close', () => batched.delete(destination));
  return destination;
}

function wantsPretty(settings: LogSettings): boolean {
  if (settings.pretty !== 'auto') return settings.pretty;
  if (settings.destination === 'stdout') return process.stdout.isTTY === true;
  if (settings.destination === 'stderr') return process.stderr.isTTY === true;
  return false;
}

export function createLogger(settings: LogSettings, stream?: DestinationStream): Logger {
  const options = { level: settings.level, base: undefined, redact: { paths: REDACT, censor: CENSOR } };
  if (stream) return pino(options, stream);
  if (wantsPretty(settings)) {
    const fd = settings.destination === 'stderr' ? 2 : 1;
    const transport = pino.transport({ target: 'pino-pretty', options: { destination: fd, colorize: true } });
    return pino(options, transport);
  }
  return pino(options, destinationFor(settings));
}
