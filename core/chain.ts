// The plugin chain: koa-compose's onion, frozen at start-up. Unlike Koa, a
// plugin may call `next()` more than once (fallback retries the rest of the
// chain, async-job runs it later), but never two calls at the same time.
import type { GatewayContext } from './context.js';
import type { Next, Plugin } from './plugin.js';

export type Terminal = (ctx: GatewayContext) => Promise<void>;
export type Chain = (ctx: GatewayContext) => Promise<void>;

export function compose(plugins: readonly Plugin[], terminal: Terminal): Chain {
  const stack = Object.freeze([...plugins]);

  return function run(ctx: GatewayContext): Promise<void> {
    const dispatch = (i: number): Promise<void> => {
      const plugin = stack[i];
      if (plugin === undefined) return terminal(ctx);
      let running = false;
      const next: Next = async () => {
        if (running) throw new Error(`plugin "${plugin.name}" called next() while a previous next() was still running`);
        running = true;
        try {
          await dispatch(i + 1);
        } finally {
          running = false;
        }
      };
      return plugin.handle(ctx, next);
    };
    return dispatch(0);
  };
}
