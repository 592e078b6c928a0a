// The request log store as the logging plugin runs it: the database behind
// a bounded batch writer, its migration (retried until it succeeds, so a
// database that is down at start-up neither stops the gateway nor loses the
// schema), the retention sweep, and the metrics of what was dropped.
import { Counter, type Logger, type Registry } from '../../../core/kit.js';
import type { Cursor, LogFilter } from './filters.js';
import type { LogRecord } from './record.js';
import type { StatsRow } from './sql.js';
import type { LogStore } from './store.js';
import { BatchWriter } from './writer.js';

export interface LogServiceOptions {
  queueSize: number;
  retentionDays: number;
  batchSize?: number;
  flushMs?: number;
  sweepMs?: number;
}

const DAY_MS = 86_400_000;

export class LogService {
  private readonly writer: BatchWriter;
  private migrated: Promise<void> | undefined;
  private readonly sweeper: NodeJS.Timeout;
  private lastError = 0;

  constructor(
    private readonly store: LogStore,
    private readonly options: LogServiceOptions,
    registry: Registry,
    private readonly logger: Logger,
  ) {
    const dropped = new Counter({ name: 'voxgate_log_records_dropped_total', help: 'Request log records never stored: queue_full (the store is slow or down) or store_failed (a batch write failed).', labelNames: ['reason'], registers: [registry] });
    const written = new Counter({ name: 'voxgate_log_records_written_total', help: 'Request log records written to the log store.', registers: [registry] });
    dropped.inc({ reason: 'queue_full' }, 0);
    dropped.inc({ reason: 'store_failed' }, 0);
    const insert = async (records: readonly LogRecord[]) => {
      await this.ready();
      await store.insert(records);
      written.inc(records.length);
    };
    this.writer = new BatchWriter(insert, {
      maxQueue: options.queueSize,
      batchSize: options.batchSize ?? 200,
      flushMs: options.flushMs ?? 250,
      onDrop: (reason, count) => dropped.inc({ reason }, count),
      onError: (err) => this.reportError(err, 'a log store write failed; its records were dropped'),
    });
    this.sweeper = setInterval(() => void this.sweep(), options.sweepMs ?? 3_600_000);
    this.sweeper.unref();
  }

  get kind(): LogStore['kind'] {
    return this.store.kind;
  }

  /** The migration, once; after a failure the next write tries again. */
  ready(): Promise<void> {
    this.migrated ??= this.store.migrate().catch((err: unknown) => {
      this.migrated = undefined;
      throw err;
    });
    return this.migrated;
  }

  /** At start-up: migrate and sweep, without holding start-up hostage to a database that is down. */
  async start(): Promise<void> {
    try {
      await this.ready();
      await this.sweep();
    } catch (err) {
      this.reportError(err, 'the log store is not reachable; requests are served, their records dropped until it is');
    }
  }

  push(record: LogRecord): void {
    this.writer.push(record);
  }

  /** Deletes what is older than logs.retention_days. */
  async sweep(): Promise<number> {
    try {
      await this.ready();
      return await this.store.deleteBefore(Date.now() - this.options.retentionDays * DAY_MS);
    } catch (err) {
      this.reportError(err, 'the log retention sweep failed');
      return 0;
    }
  }

  flush(): Promise<void> {
    return this.writer.flush();
  }

  list(filter: LogFilter, limit: number, cursor?: Cursor): Promise<LogRecord[]> {
    return this.read(() => this.store.list(filter, limit, cursor));
  }

  get(requestId: string): Promise<LogRecord[]> {
    return this.read(() => this.store.get(requestId));
  }

  statsRows(from: number, to: number, column: string): Promise<StatsRow[]> {
    return this.read(() => this.store.statsRows(from, to, column));
  }

  /** A read for the admin API; its failure is logged here (the answer names no database detail). */
  private async read<T>(query: () => Promise<T>): Promise<T> {
    try {
      await this.ready();
      return await query();
    } catch (err) {
      this.reportError(err, 'a log store read failed');
      throw err;
    }
  }

  async close(): Promise<void> {
    clearInterval(this.sweeper);
    await this.writer.close(5000);
    await this.store.close().catch(() => undefined);
  }

  /** At most one line a minute: a store that is down must not flood the log. */
  private reportError(err: unknown, message: string): void {
    const now = Date.now();
    if (now - this.lastError < 60_000) return;
    this.lastError = now;
    this.logger.error({ err: (err as Error).message }, message);
  }
}
