// The usage reports: GET /admin/usage (every key's usage from the store's
// aggregates, filtered and grouped) and GET /v1/usage (the caller's own spend
// and budget state).
import { badRequest, type JsonResult, type Principal } from '../../core/kit.js';
import { addRows, emptyRow, type Bucket, type UsageAggregates, type UsageRow } from './aggregates.js';
import type { BudgetLedger, BudgetScope, Dimension } from './ledger.js';
import { dayOf } from './periods.js';
import { BUDGET_PERIODS, type BudgetLimits } from './budget-schema.js';

type Query = Readonly<Record<string, string | string[]>>;
const GROUPS = ['key', 'team', 'model', 'day'] as const;
type Group = (typeof GROUPS)[number];

function one(query: Query, name: string): string | undefined {
  const value = query[name];
  if (Array.isArray(value)) throw badRequest('invalid_query', `${name} may be given once.`, name);
  return value === undefined || value === '' ? undefined : value;
}

/** A day bound: YYYY-MM-DD, an RFC 3339 time or epoch milliseconds, as the UTC day it falls in. */
function dayParam(query: Query, name: string): string | undefined {
  const value = one(query, name);
  if (value === undefined) return undefined;
  const ms = /^\d+$/.test(value) ? Number(value) : Date.parse(value);
  if (!Number.isFinite(ms)) throw badRequest('invalid_query', `${name} must be a date (2026-12-01), an RFC 3339 time or epoch milliseconds; got "${value.slice(0, 40)}".`, name);
  return dayOf(ms);
}

const modelMatches = (bucket: Bucket, model: string): boolean => (model.includes('/') ? bucket.model === model : bucket.model.slice(bucket.model.indexOf('/') + 1) === model);

export async function usageReport(query: Query, aggregates: UsageAggregates): Promise<JsonResult> {
  const groupBy = one(query, 'group_by') ?? 'key';
  if (!GROUPS.includes(groupBy as Group)) throw badRequest('invalid_query', `group_by must be one of ${GROUPS.join(', ')}; got "${groupBy.slice(0, 40)}".`, 'group_by');
  const group = groupBy as Group;
  const key = one(query, 'key');
  const team = one(query, 'team');
  const model = one(query, 'model');
  const from = dayParam(query, 'from');
  const to = dayParam(query, 'to');
  const selected = (await aggregates.buckets()).filter(
    (b) => (key === undefined || b.key === key) && (team === undefined || b.team === team) && (model === undefined || modelMatches(b, model)) && (from === undefined || b.day >= from) && (to === undefined || b.day <= to),
  );
  const groups = new Map<string, UsageRow>();
  const rows = await Promise.all(selected.map(async (b) => ({ b, row: await aggregates.row(b) })));
  for (const { b, row } of rows) {
    const name = b[group];
    groups.set(name, addRows(groups.get(name) ?? emptyRow(), row));
  }
  const data = [...groups.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([name, row]) => ({ [group]: group === 'team' && name === '' ? null : name, ...row }));
  return { type: 'json', status: 200, body: { group_by: group, data } };
}

const UNIT: Record<Dimension, string> = { usd: 'usd', audio_seconds: 'audio_seconds', characters: 'characters' };

/** A budget as /v1/usage shows it: its limits, what this period spent and has left, when it resets. */
export async function budgetState(scope: BudgetScope, ledger: BudgetLedger): Promise<Record<string, unknown>> {
  const { window, dimensions } = await ledger.state(scope);
  const spent: Record<string, number> = {};
  const remaining: Record<string, number> = {};
  for (const [dimension, state] of Object.entries(dimensions) as Array<[Dimension, { spent: number; limit: number }]>) {
    spent[UNIT[dimension]] = state.spent;
    remaining[UNIT[dimension]] = Math.max(0, Math.round((state.limit - state.spent) * 1e9) / 1e9);
  }
  return { ...scope.budget, spent, remaining, resets_at: window.end === undefined ? null : new Date(window.end).toISOString() };
}

const LIMIT_PARAMS = ['max_usd', 'max_audio_seconds', 'max_characters'] as const;

/**
 * GET /admin/usage/budget: a key's (key=<name>) or a team's (team=<name>)
 * budget state this period, for the limits the query gives (the dashboard
 * passes the key's budget as the keys API shows it): what is spent, what is
 * left, when it resets.
 */
export async function budgetOf(query: Query, ledger: BudgetLedger): Promise<JsonResult> {
  const key = one(query, 'key');
  const team = one(query, 'team');
  if ((key === undefined) === (team === undefined)) throw badRequest('invalid_query', 'Name one virtual key (key=<name>) or one team (team=<name>).', key === undefined ? 'key' : 'team');
  const period = BUDGET_PERIODS.find((p) => p === one(query, 'period'));
  if (!period) throw badRequest('invalid_query', `period must be one of ${BUDGET_PERIODS.join(', ')}.`, 'period');
  const budget: BudgetLimits = { period };
  for (const name of LIMIT_PARAMS) {
    const text = one(query, name);
    if (text === undefined) continue;
    const value = Number(text);
    if (!Number.isFinite(value) || value <= 0) throw badRequest('invalid_query', `${name} must be a number above 0; got "${text.slice(0, 40)}".`, name);
    budget[name] = value;
  }
  if (!LIMIT_PARAMS.some((name) => budget[name] !== undefined)) throw badRequest('invalid_query', 'Give the limits to measure against: max_usd, max_audio_seconds and/or max_characters.', 'max_usd');
  // A key's budget is held under its principal id (auth's "vk:<name>"), a team's under its name.
  const scope: BudgetScope = key !== undefined ? { kind: 'key', id: `vk:${key}`, label: key, budget } : { kind: 'team', id: team!, label: team!, budget };
  return { type: 'json', status: 200, body: { ...(key !== undefined ? { key } : { team }), budget: await budgetState(scope, ledger) } };
}

export async function ownUsage(principal: Principal | undefined, scopes: readonly BudgetScope[], aggregates: UsageAggregates, ledger: BudgetLedger): Promise<JsonResult> {
  const id = principal?.id ?? 'anonymous';
  const keyScope = scopes.find((s) => s.kind === 'key');
  const teamScope = scopes.find((s) => s.kind === 'team');
  const body: Record<string, unknown> = {
    key: principal?.name ?? 'anonymous',
    ...(principal?.team ? { team: principal.team } : {}),
    spent_usd: await aggregates.spent(id),
    budget: keyScope ? await budgetState(keyScope, ledger) : null,
  };
  if (teamScope) body.team_budget = await budgetState(teamScope, ledger);
  return { type: 'json', status: 200, body };
}
