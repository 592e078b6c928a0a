// Bring-your-own-key (providers.<name>.allow_client_keys): the auth plugin
// sets aside a client credential that is neither a virtual key nor a JWT and
// leaves it here; the dispatcher uses it as the provider's key for that one
// request. It lives in the request's memory only: never logged, never in a
// job record, and the cache scopes entries made with it to its hash.
import { createHash } from 'node:crypto';
import { stateKey, type RequestHead } from './context.js';
import type { ProviderKey } from './provider.js';
import type { ProviderEntry } from './registry.js';

export const CLIENT_KEY = stateKey<string>('client-key');

/** The client's own key, when the provider takes client keys and the request brought one. */
export function clientKeyFor(entry: ProviderEntry, head: Pick<RequestHead, 'state'>): ProviderKey | undefined {
  if (entry.instance.settings.allow_client_keys !== true) return undefined;
  const value = CLIENT_KEY.get(head);
  return value === undefined ? undefined : { value, options: {} };
}

/** What a cache scope adds for a request that brought its own key: a hash, never the key. */
export function clientKeyScope(head: Pick<RequestHead, 'state'>): string | undefined {
  const value = CLIENT_KEY.get(head);
  return value === undefined ? undefined : `byok-${createHash('sha256').update(value).digest('hex').slice(0, 32)}`;
}
