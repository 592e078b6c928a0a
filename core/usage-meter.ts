// The metering service a request carries when the usage plugin is in the
// chain: what a plugin after it that calls providers its own way (a realtime
// session) uses to count audio units, price them and hold them against the
// caller's budgets, the same way the usage plugin does for HTTP requests.
import { stateKey } from './context.js';
import type { CostRecord } from './extra-fields.js';

/** Amounts of what providers bill by. */
export interface UsageUnits {
  audio_seconds?: number;
  characters?: number;
  input_tokens?: number;
  output_tokens?: number;
}

/** The provider instance and model a cost is priced at. */
export interface PricedTarget {
  provider: string;
  model: string;
}

export interface UsageMeter {
  /**
   * Holds `units` (priced at the dearest of `targets`) against the caller's
   * key and team budgets, atomically across instances. Throws the 402
   * `budget_exceeded` GatewayError, holding nothing, when they do not fit.
   */
  reserve(units: UsageUnits, targets: readonly PricedTarget[]): Promise<void>;
  /**
   * What was really used, priced at `servedBy`: replaces every reservation
   * held so far, counts it in the usage reports and metrics, and returns
   * its cost. May be called again after a new reserve (a long session).
   */
  settle(units: UsageUnits, servedBy: PricedTarget): Promise<CostRecord>;
  /** Gives back what is held and was not settled (the call failed). */
  release(): Promise<void>;
}

/** The request's meter: set by the usage plugin before it calls next(). */
export const USAGE_METER = stateKey<UsageMeter>('usage.meter');
