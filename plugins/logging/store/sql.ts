// The SQL both stores share: the columns, the WHERE clause a filter becomes
// (with "?" placeholders; Postgres numbers them), and rows back into
// records. Indexes cover time, key, model and status.
import type { LogRecord } from './record.js';
import type { Cursor, LogFilter } from './filters.js';

export const COLUMNS = ['id', 'request_id', 'time', 'route', 'method', 'path', 'status', 'latency_ms', 'upstream_latency_ms', 'principal', 'principal_kind', 'model_requested', 'provider', 'model', 'error_code', 'error_message', 'job_id', 'cache_hit', 'trace_id', 'cost', 'detail'] as const;

export const INDEXES = [
  'CREATE INDEX IF NOT EXISTS request_logs_time ON request_logs (time DESC, id DESC)',
  'CREATE INDEX IF NOT EXISTS request_logs_key ON request_logs (principal, time DESC)',
  'CREATE INDEX IF NOT EXISTS request_logs_model ON request_logs (model, time DESC)',
  'CREATE INDEX IF NOT EXISTS request_logs_status ON request_logs (status, time DESC)',
  'CREATE INDEX IF NOT EXISTS request_logs_request ON request_logs (request_id)',
];

export interface Where {
  sql: string;
  args: Array<string | number>;
}

const escapeLike = (s: string): string => s.replace(/[\\%_]/g, (c) => `\\${c}`);

export function whereOf(filter: LogFilter, cursor?: Cursor): Where {
  const parts: string[] = [];
  const args: Array<string | number> = [];
  const add = (sql: string, ...values: Array<string | number>) => {
    parts.push(sql);
    args.push(...values);
  };
  if (filter.from !== undefined) add('time >= ?', filter.from);
  if (filter.to !== undefined) add('time <= ?', filter.to);
  if (filter.key !== undefined) add('principal = ?', filter.key);
  if (filter.model !== undefined) add("(model_requested = ? OR model = ? OR (provider || '/' || model) = ?)", filter.model, filter.model, filter.model);
  if (filter.provider !== undefined) add('provider = ?', filter.provider);
  if (filter.status !== undefined) add('status >= ? AND status < ?', filter.status.min, filter.status.max);
  if (filter.route !== undefined) add('route = ?', filter.route);
  if (filter.job) add('job_id IS NOT NULL');
  if (filter.q !== undefined) {
    const like = `%${escapeLike(filter.q.toLowerCase())}%`;
    const fields = ['request_id', 'path', 'principal', 'model_requested', 'error_code', 'error_message', 'job_id'];
    add(`(${fields.map((f) => `LOWER(COALESCE(${f}, '')) LIKE ? ESCAPE '\\'`).join(' OR ')})`, ...fields.map(() => like));
  }
  if (cursor) add('(time < ? OR (time = ? AND id < ?))', cursor.time, cursor.time, cursor.id);
  return { sql: parts.length ? `WHERE ${parts.join(' AND ')}` : '', args };
}

/** "?" → "$1", "$2", … (the SQL above holds no other question mark). */
export const numbered = (sql: string): string => {
  let n = 0;
  return sql.replace(/\?/g, () => `$${++n}`);
};

export type Row = Record<string, unknown>;

const str = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));
const num = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

export function fromRow(row: Row): LogRecord {
  const detail = typeof row.detail === 'string' ? (JSON.parse(row.detail) as Record<string, unknown>) : ((row.detail ?? {}) as Record<string, unknown>);
  return {
    id: String(row.id),
    request_id: String(row.request_id),
    time: Number(row.time),
    route: String(row.route),
    method: String(row.method),
    path: String(row.path),
    status: Number(row.status),
    latency_ms: Number(row.latency_ms),
    upstream_latency_ms: num(row.upstream_latency_ms),
    principal: str(row.principal),
    principal_kind: str(row.principal_kind),
    model_requested: str(row.model_requested),
    provider: str(row.provider),
    model: str(row.model),
    error_code: str(row.error_code),
    error_message: str(row.error_message),
    job_id: str(row.job_id),
    cache_hit: row.cache_hit === null || row.cache_hit === undefined ? null : Boolean(row.cache_hit),
    trace_id: str(row.trace_id),
    cost: num(row.cost),
    detail,
  };
}

/** The values of one record in COLUMNS order; booleans as the store wants them. */
export const valuesOf = (r: LogRecord, bool: (b: boolean) => unknown): unknown[] =>
  COLUMNS.map((c) => (c === 'detail' ? JSON.stringify(r.detail) : c === 'cache_hit' ? (r.cache_hit === null ? null : bool(r.cache_hit)) : r[c]));

/** What the stats need of each row in range. */
export interface StatsRow {
  time: number;
  group: string | null;
  status: number;
  latency_ms: number;
  cost: number | null;
}
export const MAX_STATS_ROWS = 200_000;
