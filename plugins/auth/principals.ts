// The principals auth hands the rest of the chain: names and limits, never
// secrets. A virtual-key JWT yields the same principal as the key itself, so
// both share one set of limits.
import type { Credential, Principal } from '../../core/kit.js';
import type { VirtualKey } from './virtual-keys.js';

export type CredentialAttributes = Readonly<{ credential: 'virtual_key' | 'jwt' | 'admin_key'; header: Credential['source']; subject?: string }>;

export function virtualKeyPrincipal(key: VirtualKey, attributes: CredentialAttributes): Principal {
  return {
    kind: 'virtual_key',
    id: `vk:${key.name}`,
    name: key.name,
    isAdmin: false,
    limits: key.limits,
    ...(key.team !== undefined ? { team: key.team } : {}),
    ...(key.budget !== undefined ? { budget: key.budget } : {}),
    attributes: { ...attributes, allowed_models: key.models.patterns },
  };
}

export function adminPrincipal(subject: string, attributes: CredentialAttributes): Principal {
  return { kind: 'admin', id: `admin:${subject}`, name: subject, isAdmin: true, attributes };
}

export function anonymousPrincipal(clientAddress: string): Principal {
  return { kind: 'anonymous', id: `anon:${clientAddress}`, name: 'anonymous', isAdmin: false, attributes: {} };
}
