// The admin API's door (/admin/*, the dashboard's calls): only an admin
// passes, i.e. a key from auth.admin_keys or a JWT whose admin_role_claim
// holds admin_role_value. No credential: 401; any other credential (a
// virtual key, a key's JWT): 403. Routes ask for it with `admin: true`.
import type { ConfigProblem, Principal } from '../../core/kit.js';
import type { AdminKeyConfig, VirtualKeyConfig } from './auth-config.js';
import { forbidden, unauthorized } from './errors.js';
import { VirtualKeyTable } from './virtual-keys.js';

export function assertAdmin(principal: Principal, claims: { adminRole: string; adminValue: string }): void {
  if (principal.isAdmin) return;
  if (principal.kind === 'anonymous') {
    throw unauthorized('admin_credentials_required', 'The admin API needs an admin credential: send Authorization: Bearer <a key from auth.admin_keys, or a JWT from voxgate token --admin --sub NAME>.', true);
  }
  throw forbidden('admin_only', `${principal.name} is not an admin: the admin API takes a key from auth.admin_keys or a JWT with ${claims.adminRole}: ${claims.adminValue}.`);
}

/** The admin keys as a digest table (the virtual keys' own), and their problems: format, duplicates, and a key also used as a virtual key. */
export function compileAdminKeys(entries: readonly AdminKeyConfig[], virtualKeys: readonly VirtualKeyConfig[]): { table: VirtualKeyTable; problems: ConfigProblem[] } {
  // An empty key (${VOXGATE_ADMIN_KEY:-} unset) is no key: the admin API stays closed, the gateway starts.
  const asKeys: VirtualKeyConfig[] = entries.filter((e) => e.key !== '').map((e) => ({ name: e.name, key: e.key, key_sha256: e.key_sha256, allowed_models: [] }));
  const problems = VirtualKeyTable.problems(asKeys, 'auth.admin_keys');
  const table = VirtualKeyTable.fromConfig(problems.length ? [] : asKeys);
  const vkTable = VirtualKeyTable.problems(virtualKeys).length ? undefined : VirtualKeyTable.fromConfig(virtualKeys);
  entries.forEach((e, i) => {
    const digest = e.key === '' ? undefined : table.named(e.name)?.digest;
    if (digest && vkTable?.hasDigest(digest)) problems.push({ path: `auth.admin_keys[${i}]`, message: `is also a virtual key in auth.virtual_keys; an admin key must be a key of its own (voxgate keys create)` });
  });
  return { table, problems };
}
