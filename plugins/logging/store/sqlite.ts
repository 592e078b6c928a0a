// The embedded log store: one SQLite file (better-sqlite3, WAL mode).
// better-sqlite3 is synchronous, but batches are small and written off the
// request path by the writer, so a request never waits on the disk; with
// synchronous = NORMAL a commit does not fsync either (a batch's commit
// fsynced the WAL, blocking the event loop for milliseconds on a VM's disk,
// four times a second under load). The file stays consistent; what an OS
// crash or power cut can lose is the last commits before the checkpoint.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { LogRecord } from './record.js';
import type { Cursor, LogFilter } from './filters.js';
import type { LogStore } from './store.js';
import { COLUMNS, INDEXES, MAX_STATS_ROWS, fromRow, valuesOf, whereOf, type Row, type StatsRow } from './sql.js';

const TABLE = `CREATE TABLE IF NOT EXISTS request_logs (
  id TEXT PRIMARY KEY, request_id TEXT NOT NULL, time INTEGER NOT NULL, route TEXT NOT NULL, method TEXT NOT NULL, path TEXT NOT NULL,
  status INTEGER NOT NULL, latency_ms REAL NOT NULL, upstream_latency_ms REAL, principal TEXT, principal_kind TEXT, model_requested TEXT,
  provider TEXT, model TEXT, error_code TEXT, error_message TEXT, job_id TEXT, cache_hit INTEGER, trace_id TEXT, cost REAL, detail TEXT NOT NULL)`;

export class SqliteLogStore implements LogStore {
  readonly kind = 'sqlite';
  private opened: Database.Database | undefined;
  private insertRow: Database.Statement | undefined;

  /** The file is opened by the first migrate(): one that cannot be opened is a failing store, not a failed start-up. */
  constructor(private readonly file: string) {}

  private get db(): Database.Database {
    if (!this.opened) throw new Error('the SQLite log store is not open (its migration has not succeeded)');
    return this.opened;
  }

  async migrate(): Promise<void> {
    if (!this.opened) {
      if (this.file !== ':memory:') mkdirSync(path.dirname(this.file), { recursive: true });
      const db = new Database(this.file);
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = NORMAL');
      db.pragma('busy_timeout = 2000');
      this.opened = db;
    }
    this.db.exec(TABLE);
    for (const index of INDEXES) this.db.exec(index);
  }

  async insert(records: readonly LogRecord[]): Promise<void> {
    // Prepared once (after migrate made the table), not per batch.
    const insert = (this.insertRow ??= this.db.prepare(`INSERT OR REPLACE INTO request_logs (${COLUMNS.join(', ')}) VALUES (${COLUMNS.map(() => '?').join(', ')})`));
    this.db.transaction(() => {
      for (const r of records) insert.run(...valuesOf(r, (b) => (b ? 1 : 0)));
    })();
  }

  async list(filter: LogFilter, limit: number, cursor?: Cursor): Promise<LogRecord[]> {
    const where = whereOf(filter, cursor);
    const rows = this.db.prepare(`SELECT * FROM request_logs ${where.sql} ORDER BY time DESC, id DESC LIMIT ?`).all(...where.args, limit) as Row[];
    return rows.map(fromRow);
  }

  async get(requestId: string): Promise<LogRecord[]> {
    return (this.db.prepare('SELECT * FROM request_logs WHERE request_id = ? ORDER BY time').all(requestId) as Row[]).map(fromRow);
  }

  async statsRows(from: number, to: number, groupColumn: string): Promise<StatsRow[]> {
    const sql = `SELECT time, ${groupColumn} AS "group", status, latency_ms, cost FROM request_logs WHERE time >= ? AND time <= ? AND method <> 'JOB' ORDER BY time LIMIT ?`;
    return this.db.prepare(sql).all(from, to, MAX_STATS_ROWS) as StatsRow[];
  }

  async deleteBefore(time: number): Promise<number> {
    return this.db.prepare('DELETE FROM request_logs WHERE time < ?').run(time).changes;
  }

  async close(): Promise<void> {
    this.opened?.close();
    this.opened = undefined;
    this.insertRow = undefined;
  }
}
