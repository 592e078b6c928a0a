// The budgets that apply to a caller: its key's own (auth carries it onto the
// principal unread) and its team's (usage.teams.<team>.budget).
import type { Principal, PrincipalBudget } from '../../core/kit.js';
import { BUDGET_PERIODS, type BudgetLimits } from './budget-schema.js';
import type { BudgetScope } from './ledger.js';
import type { Caller } from './meter.js';
import type { UsageSection } from './config-schema.js';

const num = (v: unknown): number | undefined => (typeof v === 'number' ? v : undefined);

/** A principal's budget block as the budget it is: the loader checked it against $defs.budget. */
export function asBudget(block: PrincipalBudget): BudgetLimits | undefined {
  const period = BUDGET_PERIODS.find((p) => p === block.period);
  if (!period) return undefined;
  const budget: BudgetLimits = { period };
  const usd = num(block.max_usd);
  const seconds = num(block.max_audio_seconds);
  const characters = num(block.max_characters);
  if (usd !== undefined) budget.max_usd = usd;
  if (seconds !== undefined) budget.max_audio_seconds = seconds;
  if (characters !== undefined) budget.max_characters = characters;
  return budget;
}

export function scopesOf(principal: Principal | undefined, section: UsageSection | undefined): BudgetScope[] {
  if (!principal) return [];
  const scopes: BudgetScope[] = [];
  const own = principal.budget ? asBudget(principal.budget) : undefined;
  const who = principal.kind === 'virtual_key' ? `Virtual key "${principal.name}"` : `"${principal.name}"`;
  if (own) scopes.push({ kind: 'key', id: principal.id, label: who, budget: own });
  const team = principal.team ? section?.teams?.[principal.team]?.budget : undefined;
  if (team && principal.team) scopes.push({ kind: 'team', id: principal.team, label: `Team "${principal.team}"`, budget: team });
  return scopes;
}

export function callerOf(principal: Principal | undefined): Caller {
  if (!principal) return { key: 'anonymous', team: '', principalId: 'anonymous', label: 'anonymous' };
  return {
    key: principal.kind === 'anonymous' ? 'anonymous' : principal.name,
    team: principal.team ?? '',
    principalId: principal.id,
    // Keys that exist name themselves; admins and anonymous callers count under their kind.
    label: principal.kind === 'virtual_key' ? principal.name : principal.kind,
  };
}
