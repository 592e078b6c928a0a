// The kernel's tsyringe container: the gateway's services (config, store,
// logger, providers, lifecycle, routes, metrics), from which each plugin's
// env is built. Extension authors never see it: they get setup(env).
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
} as const;

/** One container per gateway, so two gateways in one process never share state. */
export function createContainer(values: ReadonlyArray<[InjectionToken<unknown>, unknown]>): DependencyContainer {
  const child = rootContainer.createChildContainer();
  for (const [token, value] of values) child.register(token, { useValue: value });
  return child;
}
