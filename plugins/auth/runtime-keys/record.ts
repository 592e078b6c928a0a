// A run-time virtual key as the shared store holds it (only the key's sha256,
// never the key), and the view the admin API answers with (neither). YAML keys
// are shown in the same shape, marked `source: "config"`.
import type { PrincipalBudget, PrincipalLimits } from '../../../core/kit.js';
import type { VirtualKeyConfig } from '../auth-config.js';
import { ModelGlobs } from '../model-globs.js';
import type { VirtualKey } from '../virtual-keys.js';

/** The fields an admin sets (POST, PATCH); the same as a YAML key's, plus an expiry. */
export interface KeySettings {
  name: string;
  team?: string;
  allowed_models?: string[];
  rate_limit?: PrincipalLimits;
  budget?: PrincipalBudget;
  /** RFC 3339; absent: the key never expires. */
  expires_at?: string;
}

export interface KeyRecord extends KeySettings {
  /** vk_…: how the admin API names the key (its name may change). */
  id: string;
  /** Lower-case hex sha256 of the key. */
  key_sha256: string;
  created_at: string;
  updated_at: string;
}

/** What the admin API shows of a key: never the key, never its digest. */
export interface KeyView extends KeySettings {
  object: 'virtual_key';
  id: string;
  /** api: made through the admin API (may be changed); config: auth.virtual_keys in the file (read-only here). */
  source: 'api' | 'config';
  created_at?: string;
  updated_at?: string;
  expired?: boolean;
}

/** A key of the table: the principal's fields, and when it stops working. */
export interface RuntimeKey extends VirtualKey {
  readonly id: string;
  /** Epoch ms; undefined: never. */
  readonly expiresAtMs?: number;
}

export const CONFIG_ID_PREFIX = 'config:';

export function toRuntimeKey(record: KeyRecord): RuntimeKey {
  return Object.freeze({
    id: record.id,
    name: record.name,
    digest: Buffer.from(record.key_sha256, 'hex'),
    models: ModelGlobs.compile(record.allowed_models),
    limits: record.rate_limit ? Object.freeze({ ...record.rate_limit }) : undefined,
    team: record.team,
    budget: record.budget ? Object.freeze({ ...record.budget }) : undefined,
    expiresAtMs: record.expires_at === undefined ? undefined : Date.parse(record.expires_at),
  });
}

const settingsOf = (s: KeySettings): KeySettings => ({
  name: s.name,
  ...(s.team !== undefined ? { team: s.team } : {}),
  ...(s.allowed_models !== undefined ? { allowed_models: [...s.allowed_models] } : {}),
  ...(s.rate_limit !== undefined ? { rate_limit: { ...s.rate_limit } } : {}),
  ...(s.budget !== undefined ? { budget: { ...s.budget } } : {}),
  ...(s.expires_at !== undefined ? { expires_at: s.expires_at } : {}),
});

export function recordView(record: KeyRecord, now = Date.now()): KeyView {
  const expired = record.expires_at !== undefined && Date.parse(record.expires_at) <= now;
  return { object: 'virtual_key', id: record.id, source: 'api', ...settingsOf(record), created_at: record.created_at, updated_at: record.updated_at, ...(expired ? { expired } : {}) };
}

export function configView(entry: VirtualKeyConfig): KeyView {
  return { object: 'virtual_key', id: `${CONFIG_ID_PREFIX}${entry.name}`, source: 'config', ...settingsOf(entry) };
}
