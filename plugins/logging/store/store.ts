// What a log store does, whichever database holds it: the writer inserts
// batches, the query API lists, looks up and aggregates, retention deletes.
import type { LogRecord } from './record.js';
import type { Cursor, LogFilter } from './filters.js';
import type { StatsRow } from './sql.js';

export interface LogStore {
  readonly kind: 'sqlite' | 'postgres';
  /** Creates the table and indexes when missing (run at start-up). */
  migrate(): Promise<void>;
  insert(records: readonly LogRecord[]): Promise<void>;
  /** Newest first; at most `limit`. */
  list(filter: LogFilter, limit: number, cursor?: Cursor): Promise<LogRecord[]>;
  /** The request's rows: its exchange, and the end of the job it started. */
  get(requestId: string): Promise<LogRecord[]>;
  statsRows(from: number, to: number, groupColumn: string): Promise<StatsRow[]>;
  /** Deletes rows older than `time`; answers how many. */
  deleteBefore(time: number): Promise<number>;
  close(): Promise<void>;
}
