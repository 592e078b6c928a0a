// The query API's filters (GET /admin/logs, /admin/stats) parsed from the
// query string: every bad value is a 400 naming the parameter, and a cursor
// only continues the listing it came from (it carries a digest of the filters).
import { createHash } from 'node:crypto';
import { badRequest } from '../../../core/kit.js';

export interface LogFilter {
  from?: number;
  to?: number;
  key?: string;
  model?: string;
  provider?: string;
  /** An exact status, or a class: [400, 500) for "4xx". */
  status?: { min: number; max: number };
  route?: string;
  q?: string;
  job?: boolean;
}

export interface Cursor {
  time: number;
  id: string;
}

export interface LogQuery {
  filter: LogFilter;
  limit: number;
  cursor?: Cursor;
}

export type QueryParams = Readonly<Record<string, unknown>>;

export const DEFAULT_LIMIT = 50;
export const MAX_LIMIT = 500;
const MAX_TEXT = 256;
const LOG_PARAMS = new Set(['from', 'to', 'key', 'model', 'provider', 'status', 'route', 'q', 'limit', 'cursor', 'job']);
const STATS_PARAMS = new Set(['from', 'to', 'group_by', 'bucket']);

const bad = (param: string, message: string) => badRequest('invalid_filter', `${param}: ${message}`, param);

function text(params: QueryParams, name: string): string | undefined {
  const v = params[name];
  if (v === undefined) return undefined;
  if (typeof v !== 'string') throw bad(name, 'give it once, as text.');
  if (v === '' || v.length > MAX_TEXT) throw bad(name, `must be 1 to ${MAX_TEXT} characters.`);
  return v;
}

/** RFC 3339 or milliseconds since the epoch. */
function time(params: QueryParams, name: string): number | undefined {
  const v = text(params, name);
  if (v === undefined) return undefined;
  const ms = /^\d{1,15}$/.test(v) ? Number(v) : /^\d{4}-\d{2}-\d{2}/.test(v) ? Date.parse(v) : Number.NaN;
  if (!Number.isFinite(ms)) throw bad(name, `"${v}" is not a time: give RFC 3339 (2026-01-31T12:00:00Z) or milliseconds since the epoch.`);
  return ms;
}

function status(params: QueryParams): LogFilter['status'] {
  const v = text(params, 'status');
  if (v === undefined) return undefined;
  if (/^[1-5]xx$/.test(v)) return { min: Number(v[0]) * 100, max: Number(v[0]) * 100 + 100 };
  if (/^[1-5]\d\d$/.test(v)) return { min: Number(v), max: Number(v) + 1 };
  throw bad('status', `"${v}" is not a status: give one (404) or a class (4xx, 5xx).`);
}

function unknownParams(params: QueryParams, known: Set<string>): void {
  const unknown = Object.keys(params).find((k) => !known.has(k));
  if (unknown !== undefined) throw bad(unknown, `is not a filter here; use ${[...known].join(', ')}.`);
}

export function parseFilter(params: QueryParams): LogFilter {
  const filter: LogFilter = { from: time(params, 'from'), to: time(params, 'to'), key: text(params, 'key'), model: text(params, 'model'), provider: text(params, 'provider'), status: status(params), route: text(params, 'route'), q: text(params, 'q') };
  const job = text(params, 'job');
  if (job !== undefined && job !== 'true') throw bad('job', 'give job=true to list only requests that started or ran an async job.');
  if (job === 'true') filter.job = true;
  if (filter.from !== undefined && filter.to !== undefined && filter.from > filter.to) throw bad('from', 'is after to.');
  return filter;
}

const digest = (filter: LogFilter): string => createHash('sha256').update(JSON.stringify(filter)).digest('base64url').slice(0, 16);

export const encodeCursor = (filter: LogFilter, at: Cursor): string => Buffer.from(JSON.stringify({ t: at.time, i: at.id, f: digest(filter) })).toString('base64url');

function decodeCursor(filter: LogFilter, raw: string): Cursor {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'));
  } catch {
    parsed = undefined;
  }
  const c = parsed as { t?: unknown; i?: unknown; f?: unknown } | undefined;
  if (!c || typeof c.t !== 'number' || typeof c.i !== 'string' || typeof c.f !== 'string') throw badRequest('invalid_cursor', 'cursor: is not a cursor this API gave; pass next_cursor from a previous answer unchanged.', 'cursor');
  if (c.f !== digest(filter)) throw badRequest('invalid_cursor', 'cursor: belongs to a listing with other filters; repeat the filters it was given with, or start again without a cursor.', 'cursor');
  return { time: c.t, id: c.i };
}

export function parseLogQuery(params: QueryParams): LogQuery {
  unknownParams(params, LOG_PARAMS);
  const filter = parseFilter(params);
  const rawLimit = text(params, 'limit');
  const limit = rawLimit === undefined ? DEFAULT_LIMIT : /^\d{1,4}$/.test(rawLimit) ? Number(rawLimit) : Number.NaN;
  if (!(limit >= 1 && limit <= MAX_LIMIT)) throw bad('limit', `must be a whole number from 1 to ${MAX_LIMIT}.`);
  const rawCursor = text(params, 'cursor');
  return { filter, limit, cursor: rawCursor === undefined ? undefined : decodeCursor(filter, rawCursor) };
}

/** The SQL each grouping reads (both stores speak this): models as provider/model. */
export const GROUPS = { model: "(provider || '/' || model)", provider: 'provider', key: 'principal' } as const;
export const BUCKETS = { minute: 60_000, hour: 3_600_000, day: 86_400_000 } as const;
export type GroupBy = keyof typeof GROUPS;
export type Bucket = keyof typeof BUCKETS;
export interface StatsQuery {
  from: number;
  to: number;
  groupBy: GroupBy;
  bucket: Bucket;
}
const MAX_BUCKETS = 2000;

function oneOf<T extends string>(params: QueryParams, name: string, choices: Record<T, unknown>, fallback: T): T {
  const v = text(params, name);
  if (v === undefined) return fallback;
  if (!Object.hasOwn(choices, v)) throw bad(name, `"${v}" is not one of ${Object.keys(choices).join(', ')}.`);
  return v as T;
}

export function parseStatsQuery(params: QueryParams, now = Date.now()): StatsQuery {
  unknownParams(params, STATS_PARAMS);
  const to = time(params, 'to') ?? now;
  const from = time(params, 'from') ?? to - BUCKETS.day;
  if (from > to) throw bad('from', 'is after to.');
  const bucket = oneOf<Bucket>(params, 'bucket', BUCKETS, 'hour');
  if ((to - from) / BUCKETS[bucket] > MAX_BUCKETS) throw bad('bucket', `${bucket} buckets from ${new Date(from).toISOString()} to ${new Date(to).toISOString()} would be more than ${MAX_BUCKETS}; use a larger bucket or a shorter range.`);
  return { from, to, bucket, groupBy: oneOf<GroupBy>(params, 'group_by', GROUPS, 'model') };
}
