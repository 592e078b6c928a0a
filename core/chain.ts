// The plugin chain: koa-compose's onion, frozen at start-up. Unlike Koa, a
// plugin may call `next()` more than once (fallback retries the rest of the
// chain, async-job runs it later), but never two calls at the same time, and
// may hand `next` another context to run the rest of the chain on (async-job
// runs it on the job's own context, which outlives the HTTP request).
import type { GatewayContext, RequestHead } from './context.js';
import type { Next, Plugin } from './plugin.js';
import { childSpan } from './telemetry/spans.js';

export type Terminal = (ctx: GatewayContext) => Promise<void>;
export type Chain = (ctx: GatewayContext) => Promise<void>;

export function compose(plugins: readonly Plugin[], terminal: Terminal): Chain {
  const stack = Object.freeze([...plugins]);

  const dispatch = (i: number, ctx: GatewayContext): Promise<void> => {
    const plugin = stack[i];
    if (plugin === undefined) return terminal(ctx);
    let running = false;
    const next: Next = async (onto?: GatewayContext) => {
      if (running) throw new Error(`plugin "${plugin.name}" called next() while a previous next() was still running`);
      running = true;
      try {
        await dispatch(i + 1, onto ?? ctx);
      } finally {
        running = false;
      }
    };
    // One span per plugin, nested as the onion is: a plugin's own time is its span minus its children's.
    return childSpan(`plugin ${plugin.name}`, { 'voxgate.plugin': plugin.name }, () => plugin.handle(ctx, next));
  };

  return (ctx: GatewayContext) => dispatch(0, ctx);
}

export type HeadHooks = (head: RequestHead) => Promise<void>;

/** The plugins' onRequest hooks, in chain order: run before the body is read. */
export function composeHeadHooks(plugins: readonly Plugin[]): HeadHooks {
  const hooks = plugins.filter((p) => typeof p.onRequest === 'function');
  return async (head) => {
    for (const plugin of hooks) await plugin.onRequest!(head);
  };
}
