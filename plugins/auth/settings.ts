// The `auth:` block compiled once at start-up: the virtual-key table, the
// JWT keys and the claim names. Its problems are what `checkConfig` reports,
// so check-config and serve refuse the same mistakes with the same key paths.
import type { ConfigProblem } from '../../core/kit.js';
import type { GatewayConfig } from '../../core/kit.js';
import { authConfigOf } from './auth-config.js';
import { compileJwt, type JwtKeys } from './jwt-keys.js';
import { VirtualKeyTable } from './virtual-keys.js';
import { compileAdminKeys } from './admin.js';

export interface ClaimNames {
  adminRole: string;
  adminValue: string;
  virtualKey: string;
}

export interface AuthSettings {
  required: boolean;
  /**
   * Credentials shaped as neither a virtual key nor a JWT (a vendor's key, an
   * SDK's placeholder) are set aside rather than refused: with auth off, and
   * when a provider takes client keys (providers.<name>.allow_client_keys).
   */
  setsAsideForeign: boolean;
  keys: VirtualKeyTable;
  /** auth.admin_keys, held as digests like the virtual keys. */
  adminKeys: VirtualKeyTable;
  jwt?: JwtKeys;
  claims: ClaimNames;
  /** For a start-up warning: HMAC secrets shorter than this can be brute-forced from one token. */
  secretBytes?: number;
}

export const MIN_SECRET_BYTES = 32;

export function compileAuth(config: GatewayConfig): { settings?: AuthSettings; problems: ConfigProblem[] } {
  const auth = authConfigOf(config);
  const problems = VirtualKeyTable.problems(auth.virtual_keys);
  const jwt = compileJwt(auth.jwt);
  problems.push(...jwt.problems);
  const admin = compileAdminKeys(auth.admin_keys, auth.virtual_keys);
  problems.push(...admin.problems);
  if (auth.required && auth.virtual_keys.length === 0 && auth.jwt === undefined && auth.admin_keys.length === 0) {
    problems.push({
      path: 'auth.required',
      message: 'is true (the default), but neither auth.virtual_keys nor auth.jwt is configured, so every request would be refused: add a virtual key (voxgate keys create) or auth.jwt, or set auth.required: false on a private network',
    });
  }
  if (problems.length > 0) return { problems };
  return {
    problems,
    settings: {
      required: auth.required,
      setsAsideForeign: !auth.required || Object.values(config.providers).some((p) => p.allow_client_keys === true),
      keys: VirtualKeyTable.fromConfig(auth.virtual_keys),
      adminKeys: admin.table,
      jwt: jwt.keys,
      claims: { adminRole: auth.admin_role_claim, adminValue: auth.admin_role_value, virtualKey: auth.virtual_key_claim },
      secretBytes: auth.jwt?.secret === undefined ? undefined : Buffer.byteLength(auth.jwt.secret, 'utf8'),
    },
  };
}
