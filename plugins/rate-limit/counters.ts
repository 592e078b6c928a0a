// Capped counters in the shared store, and giving back what a request took.
// A give-back only lands in the window it was taken from: once that window
// has ended its count is gone, and a decrement would open a negative one.
import type { CounterResult, Store } from '../../core/kit.js';

export interface Taken {
  key: string;
  by: number;
  /** Date.now() at which the counter's window ends. */
  until: number;
  windowMs: number;
  slide: boolean;
}

export class Counters {
  constructor(private readonly store: Store) {}

  /** `slide`: the counter is a lease on held slots, extended by every change, rather than a rate window. */
  async take(key: string, by: number, windowMs: number, cap: number, slide = false): Promise<{ result: CounterResult; taken: Taken }> {
    const result = await this.store.increment(key, by, { windowMs, cap, slide });
    return { result, taken: { key, by, until: Date.now() + result.ttlMs, windowMs, slide } };
  }

  async giveBack(taken: Taken): Promise<void> {
    if (taken.by === 0 || (!taken.slide && Date.now() >= taken.until)) return;
    const options = { windowMs: taken.windowMs, slide: taken.slide };
    const { value } = await this.store.increment(taken.key, -taken.by, options);
    // Raced a window's end after all: put the counter back to zero rather than leave credit.
    if (value < 0) await this.store.increment(taken.key, -value, options);
  }
}
