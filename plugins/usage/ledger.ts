// Budgets in the shared store, by reserve-then-settle: a request holds its
// estimate in each budget counter of its period before the upstream call
// (store.increment with a cap: atomic on every instance, so concurrent
// requests can never pass a limit together), then puts the real amount in
// its place, or gives it back when the call failed. Amounts are integers in
// the counters (nano-dollars, milliseconds of audio, characters), so Redis
// counts them exactly with INCRBY.
import type { Store } from '../../core/kit.js';
import type { BudgetLimits } from './budget-schema.js';
import { periodAt, type PeriodWindow } from './periods.js';
import { NANO } from './prices.js';

export const DIMENSIONS = ['usd', 'audio_seconds', 'characters'] as const;
export type Dimension = (typeof DIMENSIONS)[number];
export type Amounts = Partial<Record<Dimension, number>>;

const LIMIT: Record<Dimension, 'max_usd' | 'max_audio_seconds' | 'max_characters'> = { usd: 'max_usd', audio_seconds: 'max_audio_seconds', characters: 'max_characters' };
/** Counter units per unit of the budget. */
const SCALE: Record<Dimension, number> = { usd: NANO, audio_seconds: 1000, characters: 1 };

export const toCounter = (dimension: Dimension, amount: number): number => Math.ceil(amount * SCALE[dimension] - 1e-6);
export const fromCounter = (dimension: Dimension, value: number): number => value / SCALE[dimension];

/** A budget that applies to a request: the caller's key's, or its team's. */
export interface BudgetScope {
  kind: 'key' | 'team';
  /** Stable id: the principal id, or the team name. */
  id: string;
  /** How messages name it: Virtual key "ci", Team "research". */
  label: string;
  budget: BudgetLimits;
}

interface Held {
  key: string;
  dimension: Dimension;
  /** Counter units held. */
  amount: number;
  windowMs: number;
}

/** What refused a reservation: enough for the 402's message. */
export class BudgetRefusal {
  constructor(
    readonly scope: BudgetScope,
    readonly dimension: Dimension,
    /** In budget units. */
    readonly spent: number,
    readonly limit: number,
    readonly wanted: number,
    readonly resetsAt: number | undefined,
  ) {}
}

const DAY_MS = 86_400_000;
const TOTAL_WINDOW_MS = 3650 * DAY_MS;

export interface DimensionState {
  spent: number;
  limit: number;
}

export class BudgetLedger {
  constructor(
    private readonly store: Store,
    private readonly now: () => number,
  ) {}

  private counter(scope: BudgetScope, dimension: Dimension, window: PeriodWindow): { key: string; windowMs: number } {
    // The period's start is in the key: a new period is a new counter, whatever the store's clock says.
    const key = `usage:budget:${scope.kind}:${scope.id}:${dimension}:${scope.budget.period}:${window.start}`;
    // Kept a day past its period's end, so a request that straddles the boundary settles in the counter it reserved in.
    const windowMs = window.end === undefined ? TOTAL_WINDOW_MS : Math.max(1, window.end - this.now()) + DAY_MS;
    return { key, windowMs };
  }

  /** Holds `amounts` in every scope's limited dimensions, or nothing: returns what to settle, or the refusal. */
  async reserve(scopes: readonly BudgetScope[], amounts: Amounts): Promise<{ held: Held[] } | { refused: BudgetRefusal }> {
    const held: Held[] = [];
    try {
      for (const scope of scopes) {
        const window = periodAt(scope.budget.period, this.now());
        for (const dimension of DIMENSIONS) {
          const limit = scope.budget[LIMIT[dimension]];
          const wanted = amounts[dimension] ?? 0;
          if (limit === undefined) continue;
          const { key, windowMs } = this.counter(scope, dimension, window);
          const amount = toCounter(dimension, wanted);
          const result = await this.store.increment(key, amount, { windowMs, cap: toCounter(dimension, limit) });
          if (!result.applied) {
            await this.release(held);
            return { refused: new BudgetRefusal(scope, dimension, fromCounter(dimension, result.value), limit, wanted, window.end) };
          }
          // Held even at 0: the real amount (a fallback's price, a duration the provider reports) settles here.
          held.push({ key, dimension, amount, windowMs });
        }
      }
    } catch (err) {
      await this.release(held).catch(() => undefined);
      throw err;
    }
    return { held };
  }

  /** Replaces what was held by what was used; a dimension absent from `actual` keeps what it held. */
  async settle(held: readonly Held[], actual: Amounts): Promise<void> {
    for (const h of held) {
      const used = actual[h.dimension];
      if (used === undefined) continue;
      const change = toCounter(h.dimension, used) - h.amount;
      if (change !== 0) await this.store.increment(h.key, change, { windowMs: h.windowMs });
    }
  }

  async release(held: readonly Held[]): Promise<void> {
    for (const h of held) if (h.amount > 0) await this.store.increment(h.key, -h.amount, { windowMs: h.windowMs });
  }

  /** Spent and limit in each limited dimension this period (reservations included). */
  async state(scope: BudgetScope): Promise<{ window: PeriodWindow; dimensions: Partial<Record<Dimension, DimensionState>> }> {
    const window = periodAt(scope.budget.period, this.now());
    const dimensions: Partial<Record<Dimension, DimensionState>> = {};
    for (const dimension of DIMENSIONS) {
      const limit = scope.budget[LIMIT[dimension]];
      if (limit === undefined) continue;
      const { key, windowMs } = this.counter(scope, dimension, window);
      const { value } = await this.store.increment(key, 0, { windowMs });
      dimensions[dimension] = { spent: fromCounter(dimension, value), limit };
    }
    return { window, dimensions };
  }
}

export type { Held };
