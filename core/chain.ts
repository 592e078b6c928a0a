// The plugin chain: koa-compose's onion, frozen at start-up. Unlike Koa, a
// plugin may call `next()` more than once (fallback retries the rest of the
// chain), but never two calls at the same time, and may hand `next` another
// context to run the rest of the chain on (see forkContext). As in Koa,
// `next()` is refused once the plugin's handle() returned; a plugin that runs
// the rest of the chain later (async-job) takes `next.detach()` while it runs.
import type { GatewayContext, RequestHead } from './context.js';
import type { Next, Plugin } from './plugin.js';
import { childSpan } from './telemetry/spans.js';

export type Terminal = (ctx: GatewayContext) => Promise<void>;
export type Chain = (ctx: GatewayContext) => Promise<void>;

export function compose(plugins: readonly Plugin[], terminal: Terminal): Chain {
  const stack = Object.freeze([...plugins]);
  // Each plugin's span name and attributes, made once rather than per request.
  const spans = stack.map((p) => ({ name: `plugin ${p.name}`, attributes: Object.freeze({ 'voxgate.plugin': p.name }) }));

  const dispatch = (i: number, ctx: GatewayContext): Promise<void> => {
    const plugin = stack[i];
    if (plugin === undefined) return terminal(ctx);
    let running = false;
    let returned = false;
    const run = async (onto: GatewayContext): Promise<void> => {
      if (running) throw new Error(`plugin "${plugin.name}" called next() while a previous next() was still running`);
      running = true;
      try {
        await dispatch(i + 1, onto);
      } finally {
        running = false;
      }
    };
    const next: Next = Object.assign(
      (onto?: GatewayContext): Promise<void> => {
        // koa-compose's guard: a next() kept past its handle() would run the chain on a finished request.
        if (returned) return Promise.reject(new Error(`plugin "${plugin.name}" called next() after its handle() returned; take next.detach() to run the rest of the chain later`));
        return run(onto ?? ctx);
      },
      {
        validate: async (onto?: GatewayContext): Promise<void> => {
          for (const later of stack.slice(i + 1)) await later.validate?.(onto ?? ctx);
        },
        detach: () => {
          if (returned) throw new Error(`plugin "${plugin.name}" called next.detach() after its handle() returned`);
          return run;
        },
      },
    );
    const settle = (): void => {
      returned = true;
    };
    // One span per plugin, nested as the onion is: a plugin's own time is its span minus its children's.
    const done = childSpan(spans[i]!.name, spans[i]!.attributes, () => plugin.handle(ctx, next));
    done.then(settle, settle);
    return done;
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

/** The plugins' onSession hooks, in chain order: run when a realtime session is about to open. */
export function composeSessionHooks(plugins: readonly Plugin[]): HeadHooks {
  const hooks = plugins.filter((p) => typeof p.onSession === 'function');
  return async (head) => {
    for (const plugin of hooks) await plugin.onSession!(head);
  };
}
