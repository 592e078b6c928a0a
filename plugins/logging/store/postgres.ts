// The log store for several instances: PostgreSQL through a pg pool. The
// migration runs at start-up and is safe to run from every instance at once
// (IF NOT EXISTS, under an advisory lock).
import pg from 'pg';
import type { LogRecord } from './record.js';
import type { Cursor, LogFilter } from './filters.js';
import type { LogStore } from './store.js';
import { COLUMNS, INDEXES, MAX_STATS_ROWS, fromRow, numbered, valuesOf, whereOf, type Row, type StatsRow } from './sql.js';

const TABLE = `CREATE TABLE IF NOT EXISTS request_logs (
  id TEXT PRIMARY KEY, request_id TEXT NOT NULL, time BIGINT NOT NULL, route TEXT NOT NULL, method TEXT NOT NULL, path TEXT NOT NULL,
  status INTEGER NOT NULL, latency_ms DOUBLE PRECISION NOT NULL, upstream_latency_ms DOUBLE PRECISION, principal TEXT, principal_kind TEXT, model_requested TEXT,
  provider TEXT, model TEXT, error_code TEXT, error_message TEXT, job_id TEXT, cache_hit BOOLEAN, trace_id TEXT, cost DOUBLE PRECISION, detail JSONB NOT NULL)`;
const MIGRATION_LOCK = 7_319_001;

export class PostgresLogStore implements LogStore {
  readonly kind = 'postgres';
  private readonly pool: pg.Pool;

  constructor(url: string) {
    this.pool = new pg.Pool({ connectionString: url, max: 4, connectionTimeoutMillis: 5000, statement_timeout: 10_000 });
    // An idle client's error (the server restarted) must not crash the gateway; the next query reconnects.
    this.pool.on('error', () => undefined);
  }

  async migrate(): Promise<void> {
    const client = await this.pool.connect();
    try {
      await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
      await client.query(TABLE);
      for (const index of INDEXES) await client.query(index);
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined);
      client.release();
    }
  }

  async insert(records: readonly LogRecord[]): Promise<void> {
    if (records.length === 0) return;
    const rows = records.map((r, i) => `(${COLUMNS.map((_, j) => `$${i * COLUMNS.length + j + 1}`).join(', ')})`);
    const updates = COLUMNS.filter((c) => c !== 'id').map((c) => `${c} = EXCLUDED.${c}`).join(', ');
    await this.pool.query(`INSERT INTO request_logs (${COLUMNS.join(', ')}) VALUES ${rows.join(', ')} ON CONFLICT (id) DO UPDATE SET ${updates}`, records.flatMap((r) => valuesOf(r, (b) => b)));
  }

  async list(filter: LogFilter, limit: number, cursor?: Cursor): Promise<LogRecord[]> {
    const where = whereOf(filter, cursor);
    const { rows } = await this.pool.query<Row>(numbered(`SELECT * FROM request_logs ${where.sql} ORDER BY time DESC, id DESC LIMIT ?`), [...where.args, limit]);
    return rows.map(fromRow);
  }

  async get(requestId: string): Promise<LogRecord[]> {
    const { rows } = await this.pool.query<Row>('SELECT * FROM request_logs WHERE request_id = $1 ORDER BY time', [requestId]);
    return rows.map(fromRow);
  }

  async statsRows(from: number, to: number, groupColumn: string): Promise<StatsRow[]> {
    const sql = `SELECT time, ${groupColumn} AS "group", status, latency_ms, cost FROM request_logs WHERE time >= $1 AND time <= $2 AND method <> 'JOB' ORDER BY time LIMIT $3`;
    const { rows } = await this.pool.query<Row>(sql, [from, to, MAX_STATS_ROWS]);
    return rows.map((r) => ({ time: Number(r.time), group: r.group === null ? null : String(r.group), status: Number(r.status), latency_ms: Number(r.latency_ms), cost: r.cost === null ? null : Number(r.cost) }));
  }

  async deleteBefore(time: number): Promise<number> {
    return (await this.pool.query('DELETE FROM request_logs WHERE time < $1', [time])).rowCount ?? 0;
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}
