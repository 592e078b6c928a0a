// The `auth:` block as typed data (its schema: config-schema.ts). The auth plugin enforces it, refuses to
// start without itself when it says `required: true`, and its `voxgate token`
// command mints tokens from it, all reading it through here.
import type { GatewayConfig, PrincipalBudget, PrincipalLimits } from '../../core/kit.js';
import { AUTH_SECTION, JWT_ALGORITHMS } from './config-schema.js';

export { JWT_ALGORITHMS };

export type JwtAlgorithm = (typeof JWT_ALGORITHMS)[number];

export interface JwtConfig {
  secret?: string;
  public_key?: string;
  algorithms?: JwtAlgorithm[];
  issuer?: string;
  audience?: string;
  clock_tolerance_s: number;
}

export interface VirtualKeyConfig {
  name: string;
  key?: string;
  key_sha256?: string;
  /** Glob patterns over "provider/model"; absent: every model. */
  allowed_models?: string[];
  /** The rate-limit plugin's fields (its `$defs.rate_limit`), carried unread onto the principal. */
  rate_limit?: PrincipalLimits;
  /** The team the key spends for (budgets and usage reports group by it). */
  team?: string;
  /** The usage plugin's fields (its `$defs.budget`), carried unread onto the principal. */
  budget?: PrincipalBudget;
}

/** A key for the admin API (/admin/*), hashed like a virtual key. */
export interface AdminKeyConfig {
  name: string;
  key?: string;
  key_sha256?: string;
}

export interface AuthConfig {
  required: boolean;
  admin_keys: AdminKeyConfig[];
  admin_role_claim: string;
  admin_role_value: string;
  virtual_key_claim: string;
  jwt?: JwtConfig;
  virtual_keys: VirtualKeyConfig[];
}

/** The section as the file has it, before the defaults below. */
export type AuthBlock = Partial<AuthConfig>;

const DEFAULTS: AuthConfig = {
  required: true,
  admin_role_claim: 'role',
  admin_role_value: 'admin',
  virtual_key_claim: 'vk',
  virtual_keys: [],
  admin_keys: [],
};

/**
 * The validated block with its defaults. An absent block means the defaults:
 * auth required (fail closed), nothing accepted yet.
 */
export function authConfigOf(config: GatewayConfig): AuthConfig {
  const block = AUTH_SECTION.read(config) ?? {};
  const jwt = block.jwt === undefined ? undefined : { ...block.jwt, clock_tolerance_s: block.jwt.clock_tolerance_s ?? 5 };
  return { ...DEFAULTS, ...block, jwt, virtual_keys: block.virtual_keys ?? [], admin_keys: block.admin_keys ?? [] };
}

export const isHmacAlgorithm = (alg: JwtAlgorithm): boolean => alg.startsWith('HS');
