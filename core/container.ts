// The tsyringe container: what plugins and adapters written as classes get
// injected (config, store, logger, providers, lifecycle, routes, their own
// options). Objects written without decorators get the same through setup().
import 'reflect-metadata';
import { container as rootContainer, type DependencyContainer, type InjectionToken } from 'tsyringe';

export const TOKENS = {
  Config: Symbol.for('voxgate.Config'),
  Store: Symbol.for('voxgate.Store'),
  Logger: Symbol.for('voxgate.Logger'),
  Providers: Symbol.for('voxgate.Providers'),
  Lifecycle: Symbol.for('voxgate.Lifecycle'),
  Routes: Symbol.for('voxgate.Routes'),
  /** The prom-client Registry of this gateway: plugins register their metrics on it. */
  Metrics: Symbol.for('voxgate.Metrics'),
  /** A plugin's own validated options (its entry in `plugins:`). */
  PluginOptions: Symbol.for('voxgate.PluginOptions'),
} as const;

/** One container per gateway, so two gateways in one process never share state. */
export function createContainer(values: ReadonlyArray<[InjectionToken<unknown>, unknown]>): DependencyContainer {
  const child = rootContainer.createChildContainer();
  for (const [token, value] of values) child.register(token, { useValue: value });
  return child;
}

export type Constructor<T> = new (...args: never[]) => T;

export const isClass = (value: unknown): value is Constructor<unknown> =>
  typeof value === 'function' && /^class[\s{]/.test(Function.prototype.toString.call(value));

/** Resolves a class export through the container, with extra per-instance values. */
export function instantiate<T>(cls: Constructor<T>, container: DependencyContainer, extra: ReadonlyArray<[InjectionToken<unknown>, unknown]> = []): T {
  const scope = container.createChildContainer();
  for (const [token, value] of extra) scope.register(token, { useValue: value });
  return scope.resolve(cls as unknown as InjectionToken<T>);
}
