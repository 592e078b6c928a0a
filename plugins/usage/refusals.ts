// What the usage plugin answers when a budget cannot take a request: 402
// budget_exceeded, saying what was spent, the limit, what the request needs
// and when the budget resets (also in x-bf-budget-reset).
import { BF_HEADERS, GatewayError, serviceUnavailable } from '../../core/kit.js';
import type { BudgetRefusal, Dimension } from './ledger.js';

const amount = (dimension: Dimension, value: number): string => {
  switch (dimension) {
    case 'usd':
      return `$${Number(value.toPrecision(6))}`;
    case 'audio_seconds':
      return `${Number(value.toFixed(3))} audio seconds`;
    case 'characters':
      return `${value} characters`;
  }
};

const LIMIT_NAME: Record<Dimension, string> = { usd: 'max_usd', audio_seconds: 'max_audio_seconds', characters: 'max_characters' };

export function budgetExceeded(refusal: BudgetRefusal): GatewayError {
  const { scope, dimension, spent, limit, wanted, resetsAt } = refusal;
  const period = scope.budget.period === 'total' ? 'in total' : `this ${scope.budget.period}`;
  const reset = resetsAt === undefined ? 'This budget never resets (period: total)' : `The budget resets at ${new Date(resetsAt).toISOString()}`;
  const headers: Record<string, string> = resetsAt === undefined ? {} : { [BF_HEADERS.budgetReset]: new Date(resetsAt).toISOString() };
  return new GatewayError({
    status: 402,
    type: 'budget_error',
    code: 'budget_exceeded',
    message: `${scope.label} has spent ${amount(dimension, spent)} of its ${amount(dimension, limit)} budget (${LIMIT_NAME[dimension]}) ${period}, and this request needs about ${amount(dimension, wanted)}. ${reset}; ask the gateway's admin for a larger budget.`,
    headers,
  });
}

export const budgetStoreUnavailable = (): GatewayError =>
  serviceUnavailable('budget_store_unavailable', 'The usage store is unreachable and this gateway refuses requests it cannot hold against a budget (usage.on_store_error: refuse); retry shortly.', 5);

export const usageStoreUnavailable = (): GatewayError =>
  serviceUnavailable('usage_store_unavailable', 'The store that keeps usage (store.url) did not answer; check that it is up and reachable from the gateway, then retry.', 5);
