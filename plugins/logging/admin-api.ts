// The admin query API over the request log store: GET /admin/logs (newest
// first, cursor pagination), /admin/logs/{request_id}, /admin/stats (the
// charts) and /admin/jobs (async jobs as their records tell them). Admin
// routes: the auth plugin lets only admins reach them.
import { GatewayError, assertAdminPrincipal, notFound, serviceUnavailable, type ActionRequest, type JsonResult, type Principal, type RouteDoc, type RouteTable } from '../../core/kit.js';

type ActionRoute = Parameters<RouteTable['addAction']>[0];
import { GROUPS, encodeCursor, parseFilter, parseLogQuery, parseStatsQuery, type QueryParams } from './store/filters.js';
import type { LogRecord } from './store/record.js';
import type { LogService } from './store/service.js';
import { MAX_STATS_ROWS } from './store/sql.js';
import { aggregate } from './store/stats.js';
import { jobsOf } from './jobs.js';

const json = (description: string): NonNullable<RouteDoc['responses']>[string] => ({ description, content: { 'application/json': { schema: { type: 'object' } } } });
const q = (name: string, description: string) => ({ name, description, schema: { type: 'string' } });
const FILTER_DOCS = [
  q('from', 'Earliest time, RFC 3339 or epoch milliseconds.'),
  q('to', 'Latest time, RFC 3339 or epoch milliseconds.'),
  q('key', 'The caller: a virtual key name, an admin, "anonymous".'),
  q('model', 'provider/model requested or served, or a model name.'),
  q('provider', 'The provider that served it.'),
  q('status', 'A status (429) or a class (4xx, 5xx).'),
  q('route', 'The route name (transcription, speech, async_transcription, …).'),
  q('q', 'Text in the request id, path, caller, model, error or job id.'),
];

export const ADMIN_ROUTES: readonly ActionRoute[] = [
  { name: 'admin_logs', method: 'GET', paths: ['/admin/logs'], admin: true, doc: { summary: 'Request log records, newest first (admin)', query: [...FILTER_DOCS, q('job', 'true: only requests that started or ran an async job.'), q('limit', '1 to 500 (default 50).'), q('cursor', 'next_cursor of the previous page.')], responses: { '200': json('{ data: [records], next_cursor }') } } },
  { name: 'admin_log', method: 'GET', paths: ['/admin/logs/:request_id'], admin: true, doc: { summary: "One request's records: the exchange, and the end of the job it started (admin)", responses: { '200': json('{ request_id, records: [...] }') } } },
  { name: 'admin_stats', method: 'GET', paths: ['/admin/stats'], admin: true, doc: { summary: 'Requests, errors, p50/p95 latency and cost per group over time (admin)', query: [q('from', 'Default: to minus a day.'), q('to', 'Default: now.'), q('group_by', 'model, provider or key (default model).'), q('bucket', 'minute, hour or day (default hour).')], responses: { '200': json('{ groups: [{ group, totals, points }] }') } } },
  { name: 'admin_jobs', method: 'GET', paths: ['/admin/jobs'], admin: true, doc: { summary: 'Async jobs from their log records: submitted, completed or failed (admin)', query: [q('from', 'Earliest submit time.'), q('to', 'Latest time.'), q('key', 'The caller.'), q('limit', '1 to 500 (default 50).')], responses: { '200': json('{ data: [jobs] }') } } },
];

const ADMIN_ACTIONS = new Set(ADMIN_ROUTES.map((r) => r.name));
export const isAdminAction = (request: ActionRequest): boolean => ADMIN_ACTIONS.has(request.action);

const ok = (body: unknown): JsonResult => ({ type: 'json', status: 200, body });

export async function answerAdmin(request: ActionRequest, principal: Principal | undefined, logs: LogService): Promise<JsonResult> {
  assertAdminPrincipal(principal);
  try {
    return await answer(request, logs);
  } catch (err) {
    if (err instanceof GatewayError) throw err;
    // The database's own message may name its host or user: say which store, not what it said.
    throw serviceUnavailable('log_store_unavailable', `The request log store (logs.store, ${logs.kind}) did not answer; check that the database is up and reachable from the gateway (its errors are in the gateway's log).`, 5);
  }
}

async function answer(request: ActionRequest, logs: LogService): Promise<JsonResult> {
  const params: QueryParams = request.query;
  switch (request.action) {
    case 'admin_logs': {
      const query = parseLogQuery(params);
      const rows = await logs.list(query.filter, query.limit + 1, query.cursor);
      const page = rows.slice(0, query.limit);
      const last = page[page.length - 1];
      return ok({ object: 'list', data: page, next_cursor: rows.length > query.limit && last ? encodeCursor(query.filter, { time: last.time, id: last.id }) : null });
    }
    case 'admin_log': {
      const id = request.params.request_id ?? '';
      const records: LogRecord[] = await logs.get(id);
      if (records.length === 0) throw notFound('log_not_found', `No log record has request id "${id.slice(0, 128)}" (it may be older than logs.retention_days, or not written yet).`);
      return ok({ request_id: id, records });
    }
    case 'admin_stats': {
      const query = parseStatsQuery(params);
      const rows = await logs.statsRows(query.from, query.to, GROUPS[query.groupBy]);
      return ok(aggregate(rows, query, rows.length >= MAX_STATS_ROWS));
    }
    default: {
      const { limit: rawLimit, ...rest } = params;
      const filter = { ...parseFilter(rest), job: true };
      const limit = parseLogQuery({ limit: rawLimit }).limit;
      return ok({ object: 'list', data: jobsOf(await logs.list(filter, limit * 2)).slice(0, limit) });
    }
  }
}
